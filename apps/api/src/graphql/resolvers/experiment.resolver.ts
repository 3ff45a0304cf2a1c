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
import { ExperimentPageType, ExperimentType, ObservationOutcomeType, VariantResultType } from '../types/experiment.types.js';

type Experiments = OrchestratorStore['experiments'];

/** Experiments: reads, results, creation, start and observations. */
@Resolver(() => ExperimentType)
export class ExperimentResolver {
  constructor(
    @Inject(API_STORE) private readonly store: OrchestratorStore,
    @Inject(GQL_CACHE) private readonly cache: GraphqlResponseCache,
  ) {}

  @Action('experiment:read')
  @Query(() => ExperimentPageType)
  async experiments(
    @CurrentActor() actor: ApiActor,
    @Context() ctx: GqlContext,
    @Args('status', { nullable: true }) status?: string,
    @Args('cursor', { nullable: true }) cursor?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ): Promise<unknown> {
    const input = { ...page(cursor, limit), ...defined({ status }) } as Parameters<Experiments['list']>[1];
    return track(ctx, 'experiment', await this.store.experiments.list(actor, input), true);
  }

  @Action('experiment:read')
  @Query(() => ExperimentType)
  async experiment(@CurrentActor() actor: ApiActor, @Context() ctx: GqlContext, @Args('id', { type: () => ID }) id: string): Promise<unknown> {
    return track(ctx, 'experiment', await this.store.experiments.get(actor, pathId(id)));
  }

  @Action('experiment:read')
  @Query(() => [VariantResultType])
  experimentResults(
    @CurrentActor() actor: ApiActor,
    @Context() ctx: GqlContext,
    @Args('experimentId', { type: () => ID }) experimentId: string,
    @Args('metric', { nullable: true }) metric?: string,
  ): Promise<unknown> {
    track(ctx, 'experiment', { id: experimentId });
    return this.store.experiments.results(actor, pathId(experimentId, 'experimentId'), metric ?? undefined);
  }

  /** `input`: `{ name, hypothesis, variants: [{ key, weight }], guardrail?, classification? }`. */
  @Action('experiment:create')
  @Mutation(() => ExperimentType)
  async createExperiment(@CurrentActor() actor: ApiActor, @Args('input', { type: () => JsonScalar }) input: Json): Promise<unknown> {
    const experiment = await this.store.experiments.create(actor, input as Parameters<Experiments['create']>[1]);
    await this.cache.invalidateEntity(actor.tenantId, 'experiment', experiment.id);
    return experiment;
  }

  @Action('experiment:start')
  @Mutation(() => ExperimentType)
  async startExperiment(@CurrentActor() actor: ApiActor, @Args('id', { type: () => ID }) id: string, @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion?: number): Promise<unknown> {
    const experiment = await this.store.experiments.start(actor, pathId(id), defined({ expectedVersion }));
    await this.cache.invalidateEntity(actor.tenantId, 'experiment', experiment.id);
    return experiment;
  }

  /** `input`: `{ variantKey, metric, value }`. */
  @Action('experiment:observe')
  @Mutation(() => ObservationOutcomeType)
  async observeExperiment(@CurrentActor() actor: ApiActor, @Args('id', { type: () => ID }) id: string, @Args('input', { type: () => JsonScalar }) input: Json): Promise<unknown> {
    const outcome = await this.store.experiments.observe(actor, pathId(id), input as Parameters<Experiments['observe']>[2]);
    await this.cache.invalidateEntity(actor.tenantId, 'experiment', outcome.experiment.id);
    return outcome;
  }
}
