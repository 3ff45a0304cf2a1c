import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { JsonScalar } from './json.scalar.js';

/** An autonomic loop. */
@ObjectType('Loop')
export class LoopType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() description!: string;
  @Field() status!: string;
  @Field() classification!: string;
  @Field(() => JsonScalar) config!: unknown;
  @Field(() => Int) cycleCount!: number;
  @Field(() => Int) version!: number;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
}

/** A coordination task. */
@ObjectType('Task')
export class TaskType {
  @Field(() => ID) id!: string;
  @Field() queue!: string;
  @Field() kind!: string;
  @Field(() => JsonScalar, { nullable: true }) payload!: unknown;
  @Field(() => Int) priority!: number;
  @Field() status!: string;
  @Field(() => Int) attempts!: number;
  @Field(() => Int) version!: number;
  @Field() createdAt!: Date;
}

/** A consensus proposal. */
@ObjectType('Proposal')
export class ProposalType {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field() status!: string;
  @Field() threshold!: string;
  @Field() deadline!: Date;
  @Field(() => Int) version!: number;
}

/** The result of a vote: the proposal and, when the vote decided it, how it closed. */
@ObjectType('VoteOutcome')
export class VoteOutcomeType {
  @Field(() => ProposalType) proposal!: ProposalType;
  @Field(() => String, { nullable: true }) closedAs!: string | null;
}

@ObjectType('LoopPage')
export class LoopPageType {
  @Field(() => [LoopType]) items!: LoopType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@ObjectType('TaskPage')
export class TaskPageType {
  @Field(() => [TaskType]) items!: TaskType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@ObjectType('ProposalPage')
export class ProposalPageType {
  @Field(() => [ProposalType]) items!: ProposalType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}
