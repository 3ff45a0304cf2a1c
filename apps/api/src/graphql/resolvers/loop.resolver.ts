import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Json } from '@intelgraph/domain';
import type { OrchestratorStore } from '@intelgraph/orchestrator-store';
import type { ApiActor } from '../../auth/actor.types.js';
import { CurrentActor } from '../../auth/current-actor.decorator.js';
import { Action } from '../../auth/policy.decorators.js';
import { API_STORE } from '../../auth/tokens.js';
import { pathId } from '../../http/query.util.js';
import { defined, loaders, page, track, type GqlContext } from '../graphql.context.js';
import type { GraphqlResponseCache } from '../graphql-response-cache.service.js';
import { GQL_CACHE } from '../graphql.tokens.js';
import { JsonScalar } from '../json.scalar.js';
import { LoopCyclePageType, LoopCycleType, LoopLeaseType, LoopPageType, LoopType } from '../types/loop.types.js';

type Loops = OrchestratorStore['loops'];

/** Loops: reads, commands, and `Loop.latestCycle` (batched per request). */
@Resolver(() => LoopType)
export class LoopResolver {
  constructor(
    @Inject(API_STORE) private readonly store: OrchestratorStore,
    @Inject(GQL_CACHE) private readonly cache: GraphqlResponseCache,
  ) {}

  @Action('loop:read')
  @Query(() => LoopPageType)
  async loops(
    @CurrentActor() actor: ApiActor,
    @Context() ctx: GqlContext,
    @Args('status', { nullable: true }) status?: string,
    @Args('cursor', { nullable: true }) cursor?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ): Promise<unknown> {
    const input = { ...page(cursor, limit), ...defined({ status }) } as Parameters<Loops['list']>[1];
    return track(ctx, 'loop', await this.store.loops.list(actor, input), true);
  }

  @Action('loop:read')
  @Query(() => LoopType)
  async loop(@CurrentActor() actor: ApiActor, @Context() ctx: GqlContext, @Args('id', { type: () => ID }) id: string): Promise<unknown> {
    return track(ctx, 'loop', await this.store.loops.get(actor, pathId(id)));
  }

  @Action('loop:read')
  @Query(() => LoopCyclePageType)
  async loopCycles(
    @CurrentActor() actor: ApiActor,
    @Context() ctx: GqlContext,
    @Args('loopId', { type: () => ID }) loopId: string,
    @Args('cursor', { nullable: true }) cursor?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ): Promise<unknown> {
    track(ctx, 'loop', { id: loopId });
    return this.store.loops.cycles(actor, pathId(loopId, 'loopId'), page(cursor, limit));
  }

  @Action('loop:read')
  @ResolveField(() => LoopCycleType, { nullable: true })
  latestCycle(@Parent() loop: LoopType, @Context() ctx: GqlContext): Promise<unknown> {
    if (!loop.latestCycleId) return Promise.resolve(null);
    return loaders(ctx).latestCycle.load(loop.id);
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
    const input = { name, ...defined({ description, classification, config }) } as Parameters<Loops['create']>[1];
    const loop = await this.store.loops.create(actor, input);
    await this.cache.invalidateEntity(actor.tenantId, 'loop', loop.id);
    return loop;
  }

  @Action('loop:configure')
  @Mutation(() => LoopType)
  async configureLoop(
    @CurrentActor() actor: ApiActor,
    @Args('id', { type: () => ID }) id: string,
    @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
    @Args('description', { nullable: true }) description?: string,
    @Args('config', { type: () => JsonScalar, nullable: true }) config?: Json,
  ): Promise<unknown> {
    const loop = await this.store.loops.configure(actor, pathId(id), { expectedVersion, ...defined({ description, config }) });
    await this.cache.invalidateEntity(actor.tenantId, 'loop', loop.id);
    return loop;
  }

  @Action('loop:pause')
  @Mutation(() => LoopType)
  pauseLoop(@CurrentActor() actor: ApiActor, @Args('id', { type: () => ID }) id: string, @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion?: number): Promise<unknown> {
    return this.transition(actor, 'pause', id, expectedVersion);
  }

  @Action('loop:resume')
  @Mutation(() => LoopType)
  resumeLoop(@CurrentActor() actor: ApiActor, @Args('id', { type: () => ID }) id: string, @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion?: number): Promise<unknown> {
    return this.transition(actor, 'resume', id, expectedVersion);
  }

  @Action('loop:retire')
  @Mutation(() => LoopType)
  retireLoop(@CurrentActor() actor: ApiActor, @Args('id', { type: () => ID }) id: string, @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion?: number): Promise<unknown> {
    return this.transition(actor, 'retire', id, expectedVersion);
  }

  @Action('loop:acquire_lease')
  @Mutation(() => LoopLeaseType)
  async acquireLoopLease(@CurrentActor() actor: ApiActor, @Args('id', { type: () => ID }) id: string, @Args('owner') owner: string, @Args('ttlMs', { type: () => Int }) ttlMs: number): Promise<unknown> {
    const lease = await this.store.loops.acquireLease(actor, pathId(id), { owner, ttlMs });
    await this.cache.invalidateEntity(actor.tenantId, 'loop', lease.loop.id);
    return lease;
  }

  @Action('loop:record_cycle')
  @Mutation(() => LoopCycleType)
  async recordCycle(@CurrentActor() actor: ApiActor, @Args('loopId', { type: () => ID }) loopId: string, @Args('input', { type: () => JsonScalar }) input: Json): Promise<unknown> {
    const cycle = await this.store.loops.recordCycle(actor, pathId(loopId, 'loopId'), input as Parameters<Loops['recordCycle']>[2]);
    await this.cache.invalidateEntity(actor.tenantId, 'loop', cycle.loopId);
    return cycle;
  }

  private async transition(actor: ApiActor, verb: 'pause' | 'resume' | 'retire', id: string, expectedVersion: number | undefined): Promise<unknown> {
    const loop = await this.store.loops[verb](actor, pathId(id), expectedVersion === undefined ? undefined : { expectedVersion });
    await this.cache.invalidateEntity(actor.tenantId, 'loop', loop.id);
    return loop;
  }
}
