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
import { PlaybookPageType, PlaybookRunPageType, PlaybookType, PlaybookVersionPageType, PlaybookVersionType } from '../types/playbook.types.js';

type Playbooks = OrchestratorStore['playbooks'];

/** Playbooks: reads, versions, runs, creation and publishing; `Playbook.publishedVersion` is batched. */
@Resolver(() => PlaybookType)
export class PlaybookResolver {
  constructor(
    @Inject(API_STORE) private readonly store: OrchestratorStore,
    @Inject(GQL_CACHE) private readonly cache: GraphqlResponseCache,
  ) {}

  @Action('playbook:read')
  @Query(() => PlaybookPageType)
  async playbooks(
    @CurrentActor() actor: ApiActor,
    @Context() ctx: GqlContext,
    @Args('status', { nullable: true }) status?: string,
    @Args('cursor', { nullable: true }) cursor?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ): Promise<unknown> {
    const input = { ...page(cursor, limit), ...defined({ status }) } as Parameters<Playbooks['list']>[1];
    return track(ctx, 'playbook', await this.store.playbooks.list(actor, input), true);
  }

  @Action('playbook:read')
  @Query(() => PlaybookType)
  async playbook(@CurrentActor() actor: ApiActor, @Context() ctx: GqlContext, @Args('id', { type: () => ID }) id: string): Promise<unknown> {
    return track(ctx, 'playbook', await this.store.playbooks.get(actor, pathId(id)));
  }

  @Action('playbook:read')
  @Query(() => PlaybookVersionPageType)
  playbookVersions(
    @CurrentActor() actor: ApiActor,
    @Context() ctx: GqlContext,
    @Args('playbookId', { type: () => ID }) playbookId: string,
    @Args('cursor', { nullable: true }) cursor?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ): Promise<unknown> {
    track(ctx, 'playbook', { id: playbookId });
    return this.store.playbooks.listVersions(actor, pathId(playbookId, 'playbookId'), page(cursor, limit));
  }

  @Action('playbook:read')
  @Query(() => PlaybookRunPageType)
  playbookRuns(
    @CurrentActor() actor: ApiActor,
    @Context() ctx: GqlContext,
    @Args('playbookId', { type: () => ID }) playbookId: string,
    @Args('cursor', { nullable: true }) cursor?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ): Promise<unknown> {
    track(ctx, 'playbook', { id: playbookId });
    return this.store.playbooks.listRuns(actor, pathId(playbookId, 'playbookId'), page(cursor, limit));
  }

  @Action('playbook:read')
  @ResolveField(() => PlaybookVersionType, { nullable: true })
  publishedVersion(@Parent() playbook: PlaybookType, @Context() ctx: GqlContext): Promise<unknown> {
    if (!playbook.publishedVersionId) return Promise.resolve(null);
    return loaders(ctx).playbookVersion.load(playbook.publishedVersionId);
  }

  /** `input`: `{ name, description?, classification? }`. */
  @Action('playbook:create')
  @Mutation(() => PlaybookType)
  async createPlaybook(@CurrentActor() actor: ApiActor, @Args('input', { type: () => JsonScalar }) input: Json): Promise<unknown> {
    const playbook = await this.store.playbooks.create(actor, input as Parameters<Playbooks['create']>[1]);
    await this.cache.invalidateEntity(actor.tenantId, 'playbook', playbook.id);
    return playbook;
  }

  /** `input`: `{ steps: [{ key, action, params }], triggers: [{ type, spec }] }`. */
  @Action('playbook:edit')
  @Mutation(() => PlaybookVersionType)
  async createPlaybookVersion(@CurrentActor() actor: ApiActor, @Args('playbookId', { type: () => ID }) playbookId: string, @Args('input', { type: () => JsonScalar }) input: Json): Promise<unknown> {
    const version = await this.store.playbooks.createVersion(actor, pathId(playbookId, 'playbookId'), input as Parameters<Playbooks['createVersion']>[2]);
    await this.cache.invalidateEntity(actor.tenantId, 'playbook', version.playbookId);
    return version;
  }

  @Action('playbook:publish')
  @RateGroup('governance')
  @Mutation(() => PlaybookType)
  async publishPlaybook(@CurrentActor() actor: ApiActor, @Args('playbookId', { type: () => ID }) playbookId: string, @Args('versionId', { type: () => ID }) versionId: string): Promise<unknown> {
    const playbook = await this.store.playbooks.publish(actor, pathId(playbookId, 'playbookId'), pathId(versionId, 'versionId'));
    await this.cache.invalidateEntity(actor.tenantId, 'playbook', playbook.id);
    return playbook;
  }
}
