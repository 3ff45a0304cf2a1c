import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { JsonScalar } from '../json.scalar.js';

/** A coordination task. */
@ObjectType('Task')
export class TaskType {
  @Field(() => ID) id!: string;
  @Field() queue!: string;
  @Field() kind!: string;
  @Field(() => JsonScalar, { nullable: true }) payload!: unknown;
  @Field(() => Int) priority!: number;
  @Field() runAt!: Date;
  @Field() status!: string;
  @Field() classification!: string;
  @Field(() => Int) attempts!: number;
  @Field(() => Int) maxAttempts!: number;
  @Field(() => ID, { nullable: true }) claimedBy!: string | null;
  @Field(() => ID, { nullable: true }) assignedAgentId!: string | null;
  @Field(() => String, { nullable: true }) leaseToken!: string | null;
  @Field(() => Date, { nullable: true }) leaseExpiresAt!: Date | null;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => JsonScalar, { nullable: true }) result!: unknown;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Int) version!: number;
  @Field() createdAt!: Date;
}

@ObjectType('TaskPage')
export class TaskPageType {
  @Field(() => [TaskType]) items!: TaskType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}
