import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Json } from '@intelgraph/domain';
import type { OrchestratorStore } from '@intelgraph/orchestrator-store';
import type { ApiActor } from '../../auth/actor.types.js';
import { CurrentActor } from '../../auth/current-actor.decorator.js';
import { Action, RateGroup } from '../../auth/policy.decorators.js';
import { API_STORE } from '../../auth/tokens.js';
import { pathId } from '../../http/query.util.js';
import { defined, loaders, page, track, type GqlContext } from '../graphql.context.js';
import type { GraphqlResponseCache } from '../graphql-response-cache.service.js';
import { GQL_CACHE } from '../graphql.tokens.js';
import { JsonScalar } from '../json.scalar.js';
import { AgentType } from '../types/agent.types.js';
import { TaskPageType, TaskType } from '../types/task.types.js';

type Tasks = OrchestratorStore['tasks'];

/** Tasks: reads, the queue commands, and `Task.claimedByAgent` (batched per request). */
@Resolver(() => TaskType)
export class TaskResolver {
  constructor(
    @Inject(API_STORE) private readonly store: OrchestratorStore,
    @Inject(GQL_CACHE) private readonly cache: GraphqlResponseCache,
  ) {}

  @Action('task:read')
  @Query(() => TaskPageType)
  async tasks(
    @CurrentActor() actor: ApiActor,
    @Context() ctx: GqlContext,
    @Args('queue', { nullable: true }) queue?: string,
    @Args('status', { nullable: true }) status?: string,
    @Args('cursor', { nullable: true }) cursor?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ): Promise<unknown> {
    const input = { ...page(cursor, limit), ...defined({ queue, status }) } as Parameters<Tasks['list']>[1];
    return track(ctx, 'task', await this.store.tasks.list(actor, input), true);
  }

  @Action('task:read')
  @Query(() => TaskType)
  async task(@CurrentActor() actor: ApiActor, @Context() ctx: GqlContext, @Args('id', { type: () => ID }) id: string): Promise<unknown> {
    return track(ctx, 'task', await this.store.tasks.get(actor, pathId(id)));
  }

  @Action('task:read')
  @Query(() => TaskPageType)
  async deadTasks(
    @CurrentActor() actor: ApiActor,
    @Context() ctx: GqlContext,
    @Args('cursor', { nullable: true }) cursor?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ): Promise<unknown> {
    return track(ctx, 'task', await this.store.tasks.listDead(actor, page(cursor, limit)), true);
  }

  @Action('task:read')
  @ResolveField(() => AgentType, { nullable: true })
  async claimedByAgent(@Parent() task: TaskType, @Context() ctx: GqlContext): Promise<unknown> {
    if (!task.claimedBy) return null;
    return track(ctx, 'agent', await loaders(ctx).agent.load(task.claimedBy));
  }

  @Action('task:enqueue')
  @Mutation(() => TaskType)
  async enqueueTask(
    @CurrentActor() actor: ApiActor,
    @Args('queue') queue: string,
    @Args('kind') kind: string,
    @Args('payload', { type: () => JsonScalar, nullable: true }) payload?: Json,
    @Args('priority', { type: () => Int, nullable: true }) priority?: number,
    @Args('idempotencyKey', { nullable: true }) idempotencyKey?: string,
  ): Promise<unknown> {
    const task = await this.store.tasks.enqueue(actor, { queue, kind, payload: payload ?? {}, ...defined({ priority, idempotencyKey }) });
    await this.cache.invalidateEntity(actor.tenantId, 'task', task.id);
    return task;
  }

  @Action('task:claim')
  @Mutation(() => [TaskType])
  async claimTasks(
    @CurrentActor() actor: ApiActor,
    @Args('queue') queue: string,
    @Args('agentId', { type: () => ID }) agentId: string,
    @Args('limit', { type: () => Int }) limit: number,
    @Args('leaseMs', { type: () => Int }) leaseMs: number,
  ): Promise<unknown> {
    const tasks = await this.store.tasks.claim(actor, { queue, agentId, limit, leaseMs });
    await this.cache.invalidate(actor.tenantId, ['task', ...tasks.map((t) => `task:${t.id}`)]);
    return tasks;
  }

  @Action('task:complete')
  @Mutation(() => TaskType)
  async completeTask(
    @CurrentActor() actor: ApiActor,
    @Args('id', { type: () => ID }) id: string,
    @Args('leaseToken', { type: () => ID }) leaseToken: string,
    @Args('result', { type: () => JsonScalar, nullable: true }) result?: Json,
  ): Promise<unknown> {
    const task = await this.store.tasks.complete(actor, pathId(id), { leaseToken, ...defined({ result }) });
    await this.cache.invalidateEntity(actor.tenantId, 'task', task.id);
    return task;
  }

  @Action('task:fail')
  @RateGroup('default')
  @Mutation(() => TaskType)
  async failTask(
    @CurrentActor() actor: ApiActor,
    @Args('id', { type: () => ID }) id: string,
    @Args('leaseToken', { type: () => ID }) leaseToken: string,
    @Args('error') error: string,
    @Args('retryable', { nullable: true }) retryable?: boolean,
  ): Promise<unknown> {
    const task = await this.store.tasks.fail(actor, pathId(id), { leaseToken, error, ...defined({ retryable }) });
    await this.cache.invalidateEntity(actor.tenantId, 'task', task.id);
    return task;
  }
}
