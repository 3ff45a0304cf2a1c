import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { JsonScalar } from '../json.scalar.js';

/** One MAPE-K checkpoint of a loop. */
@ObjectType('LoopCycle')
export class LoopCycleType {
  @Field(() => ID) id!: string;
  @Field(() => ID) loopId!: string;
  @Field(() => ID, { nullable: true }) parentId!: string | null;
  @Field(() => Int) sequence!: number;
  @Field(() => JsonScalar) monitor!: unknown;
  @Field(() => JsonScalar) analysis!: unknown;
  @Field(() => JsonScalar) plan!: unknown;
  @Field(() => JsonScalar) execution!: unknown;
  @Field(() => JsonScalar) knowledge!: unknown;
  @Field() recordedBy!: string;
  @Field(() => Int) fencingToken!: number;
  @Field() createdAt!: Date;
}

/** An autonomic loop. */
@ObjectType('Loop')
export class LoopType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() description!: string;
  @Field() status!: string;
  @Field() classification!: string;
  @Field(() => JsonScalar) config!: unknown;
  @Field(() => String, { nullable: true }) leaseOwner!: string | null;
  @Field(() => Int) fencingToken!: number;
  @Field(() => Date, { nullable: true }) leaseExpiresAt!: Date | null;
  @Field(() => ID, { nullable: true }) latestCycleId!: string | null;
  @Field(() => Int) cycleCount!: number;
  @Field(() => Int) version!: number;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
}

@ObjectType('LoopLease')
export class LoopLeaseType {
  @Field(() => LoopType) loop!: LoopType;
  @Field(() => Int) fencingToken!: number;
}

@ObjectType('LoopPage')
export class LoopPageType {
  @Field(() => [LoopType]) items!: LoopType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@ObjectType('LoopCyclePage')
export class LoopCyclePageType {
  @Field(() => [LoopCycleType]) items!: LoopCycleType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}
