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
import { AgentPageType, AgentType } from '../types/agent.types.js';

type Agents = OrchestratorStore['agents'];

/** Agents: reads, registration and heartbeats. */
@Resolver(() => AgentType)
export class AgentResolver {
  constructor(
    @Inject(API_STORE) private readonly store: OrchestratorStore,
    @Inject(GQL_CACHE) private readonly cache: GraphqlResponseCache,
  ) {}

  @Action('agent:read')
  @Query(() => AgentPageType)
  async agents(
    @CurrentActor() actor: ApiActor,
    @Context() ctx: GqlContext,
    @Args('status', { nullable: true }) status?: string,
    @Args('capabilities', { type: () => [String], nullable: true }) capabilities?: string[],
    @Args('reachable', { nullable: true }) reachable?: boolean,
    @Args('cursor', { nullable: true }) cursor?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ): Promise<unknown> {
    const input = { ...page(cursor, limit), ...defined({ status, capabilities, reachable }) } as Parameters<Agents['list']>[1];
    return track(ctx, 'agent', await this.store.agents.list(actor, input), true);
  }

  @Action('agent:read')
  @Query(() => AgentType)
  async agent(@CurrentActor() actor: ApiActor, @Context() ctx: GqlContext, @Args('id', { type: () => ID }) id: string): Promise<unknown> {
    return track(ctx, 'agent', await this.store.agents.get(actor, pathId(id)));
  }

  /** `input`: `{ name, subject, role, model, capabilities, routingWeight, classification?, heartbeatTtlMs? }`. */
  @Action('agent:register')
  @Mutation(() => AgentType)
  async registerAgent(@CurrentActor() actor: ApiActor, @Args('input', { type: () => JsonScalar }) input: Json): Promise<unknown> {
    const agent = await this.store.agents.register(actor, input as Parameters<Agents['register']>[1]);
    await this.cache.invalidateEntity(actor.tenantId, 'agent', agent.id);
    return agent;
  }

  @Action('agent:heartbeat')
  @Mutation(() => AgentType)
  async heartbeatAgent(@CurrentActor() actor: ApiActor, @Args('id', { type: () => ID }) id: string): Promise<unknown> {
    const agent = await this.store.agents.heartbeat(actor, pathId(id));
    await this.cache.invalidateEntity(actor.tenantId, 'agent', agent.id);
    return agent;
  }
}
