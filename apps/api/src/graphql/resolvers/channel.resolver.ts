import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Json } from '@intelgraph/domain';
import type { OrchestratorStore } from '@intelgraph/orchestrator-store';
import type { ApiActor } from '../../auth/actor.types.js';
import { CurrentActor } from '../../auth/current-actor.decorator.js';
import { Action } from '../../auth/policy.decorators.js';
import { API_STORE } from '../../auth/tokens.js';
import { pathId } from '../../http/query.util.js';
import { defined, page, track, type GqlContext } from '../graphql.context.js';
import type { GraphqlResponseCache } from '../graphql-response-cache.service.js';
import { GQL_CACHE } from '../graphql.tokens.js';
import { JsonScalar } from '../json.scalar.js';
import { ChannelMemberType, ChannelMessageType, ChannelPageType, ChannelType } from '../types/channel.types.js';

type Channels = OrchestratorStore['channels'];

/** Channels: reads, messages, creation, posting and acknowledging. */
@Resolver(() => ChannelType)
export class ChannelResolver {
  constructor(
    @Inject(API_STORE) private readonly store: OrchestratorStore,
    @Inject(GQL_CACHE) private readonly cache: GraphqlResponseCache,
  ) {}

  @Action('channel:read')
  @Query(() => ChannelPageType)
  async channels(
    @CurrentActor() actor: ApiActor,
    @Context() ctx: GqlContext,
    @Args('status', { nullable: true }) status?: string,
    @Args('cursor', { nullable: true }) cursor?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ): Promise<unknown> {
    const input = { ...page(cursor, limit), ...defined({ status }) } as Parameters<Channels['list']>[1];
    return track(ctx, 'channel', await this.store.channels.list(actor, input), true);
  }

  @Action('channel:read')
  @Query(() => ChannelType)
  async channel(@CurrentActor() actor: ApiActor, @Context() ctx: GqlContext, @Args('id', { type: () => ID }) id: string): Promise<unknown> {
    return track(ctx, 'channel', await this.store.channels.get(actor, pathId(id)));
  }

  @Action('channel:read')
  @Query(() => [ChannelMessageType])
  channelMessages(
    @CurrentActor() actor: ApiActor,
    @Context() ctx: GqlContext,
    @Args('channelId', { type: () => ID }) channelId: string,
    @Args('afterSequence', { type: () => Int, nullable: true }) afterSequence?: number,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ): Promise<unknown> {
    track(ctx, 'channel', { id: channelId });
    return this.store.channels.read(actor, pathId(channelId, 'channelId'), defined({ after: afterSequence, limit }));
  }

  /** `input`: `{ name, members: [subject], classification? }`. */
  @Action('channel:create')
  @Mutation(() => ChannelType)
  async createChannel(@CurrentActor() actor: ApiActor, @Args('input', { type: () => JsonScalar }) input: Json): Promise<unknown> {
    const channel = await this.store.channels.create(actor, input as Parameters<Channels['create']>[1]);
    await this.cache.invalidateEntity(actor.tenantId, 'channel', channel.id);
    return channel;
  }

  @Action('channel:post')
  @Mutation(() => ChannelMessageType)
  async postMessage(@CurrentActor() actor: ApiActor, @Args('channelId', { type: () => ID }) channelId: string, @Args('body', { type: () => JsonScalar }) body: Json): Promise<unknown> {
    const message = await this.store.channels.post(actor, pathId(channelId, 'channelId'), body);
    await this.cache.invalidateEntity(actor.tenantId, 'channel', message.channelId);
    return message;
  }

  @Action('channel:ack')
  @Mutation(() => ChannelMemberType)
  async ackChannel(@CurrentActor() actor: ApiActor, @Args('channelId', { type: () => ID }) channelId: string, @Args('sequence', { type: () => Int }) sequence: number): Promise<unknown> {
    const member = await this.store.channels.ack(actor, pathId(channelId, 'channelId'), sequence);
    await this.cache.invalidateEntity(actor.tenantId, 'channel', member.channelId);
    return member;
  }
}
