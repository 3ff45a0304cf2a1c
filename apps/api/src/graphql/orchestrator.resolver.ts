import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Json } from '@intelgraph/domain';
import type { OrchestratorStore } from '@intelgraph/orchestrator-store';
import type { ApiActor } from '../auth/actor.types.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Action, RateGroup } from '../auth/policy.decorators.js';
import { API_STORE } from '../auth/tokens.js';
import type { ApiResponse } from '../http/http.types.js';
import { pathId } from '../http/query.util.js';
import type { ChangeInvalidator } from './change-invalidator.service.js';
import type { GraphqlResponseCache } from './graphql-response-cache.service.js';
import { LoopPageType, LoopType, ProposalPageType, TaskPageType, TaskType, VoteOutcomeType } from './graphql.types.js';
import { JsonScalar } from './json.scalar.js';

/** Nest tokens of the GraphQL cache and its invalidator. */
export const GQL_CACHE = Symbol.for('api.GraphqlResponseCache');
export const GQL_INVALIDATOR = Symbol.for('api.ChangeInvalidator');

type Ctx = { res: ApiResponse };

function privateCache(ctx: Ctx): void {
  ctx.res.setHeader('Cache-Control', 'private, no-cache');
  ctx.res.setHeader('Vary', 'Authorization');
}

function page(cursor: string | undefined, limit: number | undefined): { cursor?: string; limit?: number } {
  return { ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) };
}

/** GraphQL over the store: loops, tasks, proposals; cached per caller, invalidated by the change feed. */
@Resolver()
export class OrchestratorResolver {
  constructor(
    @Inject(API_STORE) private readonly store: OrchestratorStore,
    @Inject(GQL_CACHE) private readonly cache: GraphqlResponseCache,
    @Inject(GQL_INVALIDATOR) private readonly invalidator: ChangeInvalidator,
  ) {}

  @Action('loop:read')
  @Query(() => LoopPageType)
  loops(
    @CurrentActor() actor: ApiActor,
    @Context() ctx: Ctx,
    @Args('status', { nullable: true }) status?: string,
    @Args('cursor', { nullable: true }) cursor?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ): Promise<unknown> {
    privateCache(ctx);
    this.invalidator.watch(actor.tenantId);
    const input = { ...page(cursor, limit), ...(status ? { status } : {}) };
    return this.cache.through(actor, 'loops', input, ['loop'], () => this.store.loops.list(actor, input as Parameters<OrchestratorStore['loops']['list']>[1]));
  }

  @Action('loop:read')
  @Query(() => LoopType)
  loop(@CurrentActor() actor: ApiActor, @Context() ctx: Ctx, @Args('id', { type: () => ID }) id: string): Promise<unknown> {
    privateCache(ctx);
    this.invalidator.watch(actor.tenantId);
    return this.cache.through(actor, 'loop', { id }, ['loop'], () => this.store.loops.get(actor, pathId(id)));
  }

  @Action('task:read')
  @Query(() => TaskPageType)
  tasks(
    @CurrentActor() actor: ApiActor,
    @Context() ctx: Ctx,
    @Args('queue', { nullable: true }) queue?: string,
    @Args('status', { nullable: true }) status?: string,
    @Args('cursor', { nullable: true }) cursor?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ): Promise<unknown> {
    privateCache(ctx);
    this.invalidator.watch(actor.tenantId);
    const input = { ...page(cursor, limit), ...(queue ? { queue } : {}), ...(status ? { status } : {}) };
    return this.cache.through(actor, 'tasks', input, ['task'], () => this.store.tasks.list(actor, input as Parameters<OrchestratorStore['tasks']['list']>[1]));
  }

  @Action('proposal:read')
  @Query(() => ProposalPageType)
  proposals(
    @CurrentActor() actor: ApiActor,
    @Context() ctx: Ctx,
    @Args('status', { nullable: true }) status?: string,
    @Args('cursor', { nullable: true }) cursor?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ): Promise<unknown> {
    privateCache(ctx);
    this.invalidator.watch(actor.tenantId);
    const input = { ...page(cursor, limit), ...(status ? { status } : {}) };
    return this.cache.through(actor, 'proposals', input, ['proposal'], () => this.store.proposals.list(actor, input as Parameters<OrchestratorStore['proposals']['list']>[1]));
  }

  @Action('loop:create')
  @Mutation(() => LoopType)
  async createLoop(
    @CurrentActor() actor: ApiActor,
    @Args('name') name: string,
    @Args('description', { nullable: true }) description?: string,
    @Args('classification', { nullable: true }) classification?: string,
    @Args('config', { type: () => JsonScalar, nullable: true }) config?: Json,
  ): Promise<unknown> {
    const input = { name, ...(description === undefined ? {} : { description }), ...(classification ? { classification } : {}), ...(config === undefined ? {} : { config }) };
    const loop = await this.store.loops.create(actor, input as Parameters<OrchestratorStore['loops']['create']>[1]);
    await this.cache.invalidate(actor.tenantId, ['loop']);
    return loop;
  }

  @Action('task:enqueue')
  @Mutation(() => TaskType)
  async enqueueTask(
    @CurrentActor() actor: ApiActor,
    @Args('queue') queue: string,
    @Args('kind') kind: string,
    @Args('payload', { type: () => JsonScalar, nullable: true }) payload?: Json,
    @Args('priority', { type: () => Int, nullable: true }) priority?: number,
  ): Promise<unknown> {
    const task = await this.store.tasks.enqueue(actor, { queue, kind, payload: payload ?? null, ...(priority === undefined ? {} : { priority }) });
    await this.cache.invalidate(actor.tenantId, ['task']);
    return task;
  }

  @Action('proposal:vote')
  @RateGroup('governance')
  @Mutation(() => VoteOutcomeType)
  async castVote(@CurrentActor() actor: ApiActor, @Args('proposalId', { type: () => ID }) proposalId: string, @Args('choice') choice: string): Promise<unknown> {
    const outcome = await this.store.proposals.vote(actor, pathId(proposalId, 'proposalId'), choice);
    await this.cache.invalidate(actor.tenantId, ['proposal']);
    return outcome;
  }
}
