import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { JsonScalar } from '../json.scalar.js';

/** A coordination channel. */
@ObjectType('Channel')
export class ChannelType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() status!: string;
  @Field() classification!: string;
  @Field(() => Int) lastSequence!: number;
  @Field(() => Int) version!: number;
  @Field() createdAt!: Date;
}

@ObjectType('ChannelMessage')
export class ChannelMessageType {
  @Field(() => ID) id!: string;
  @Field(() => ID) channelId!: string;
  @Field(() => Int) sequence!: number;
  @Field() sender!: string;
  @Field(() => JsonScalar, { nullable: true }) body!: unknown;
  @Field() createdAt!: Date;
}

@ObjectType('ChannelMember')
export class ChannelMemberType {
  @Field(() => ID) channelId!: string;
  @Field() memberId!: string;
  @Field(() => Int) ackedSequence!: number;
  @Field() joinedAt!: Date;
}

@ObjectType('ChannelPage')
export class ChannelPageType {
  @Field(() => [ChannelType]) items!: ChannelType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}
