import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('Vote')
export class VoteType {
  @Field(() => ID) proposalId!: string;
  @Field() voterId!: string;
  @Field() choice!: string;
  @Field() weight!: number;
  @Field() castAt!: Date;
}

@ObjectType('Tally')
export class TallyType {
  @Field() yes!: number;
  @Field() no!: number;
  @Field() abstain!: number;
}

/** A consensus proposal. */
@ObjectType('Proposal')
export class ProposalType {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field() description!: string;
  @Field() status!: string;
  @Field() classification!: string;
  @Field() threshold!: string;
  @Field() quorum!: number;
  @Field() deadline!: Date;
  @Field() totalWeight!: number;
  @Field(() => TallyType) tally!: TallyType;
  @Field() openedBy!: string;
  @Field(() => Date, { nullable: true }) closedAt!: Date | null;
  @Field(() => Int) version!: number;
}

/** The result of a vote: the proposal and, when the vote decided it, how it closed. */
@ObjectType('VoteOutcome')
export class VoteOutcomeType {
  @Field(() => VoteType, { nullable: true }) vote!: VoteType | null;
  @Field(() => ProposalType) proposal!: ProposalType;
  @Field(() => String, { nullable: true }) closedAs!: string | null;
}

@ObjectType('ProposalPage')
export class ProposalPageType {
  @Field(() => [ProposalType]) items!: ProposalType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}
