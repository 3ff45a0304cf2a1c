import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

/** A registered agent. */
@ObjectType('Agent')
export class AgentType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() subject!: string;
  @Field() role!: string;
  @Field() model!: string;
  @Field(() => [String]) capabilities!: string[];
  @Field() routingWeight!: number;
  @Field() status!: string;
  @Field() classification!: string;
  @Field(() => Int) heartbeatTtlMs!: number;
  @Field(() => Date, { nullable: true }) lastHeartbeatAt!: Date | null;
  @Field(() => Int) version!: number;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
}

@ObjectType('AgentPage')
export class AgentPageType {
  @Field(() => [AgentType]) items!: AgentType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}
