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
import { ProposalPageType, ProposalType, VoteOutcomeType, VoteType } from '../types/proposal.types.js';

type Proposals = OrchestratorStore['proposals'];

/** Proposals: reads, votes (`Proposal.votes` batched per request), opening, voting and closing. */
@Resolver(() => ProposalType)
export class ProposalResolver {
  constructor(
    @Inject(API_STORE) private readonly store: OrchestratorStore,
    @Inject(GQL_CACHE) private readonly cache: GraphqlResponseCache,
  ) {}

  @Action('proposal:read')
  @Query(() => ProposalPageType)
  async proposals(
    @CurrentActor() actor: ApiActor,
    @Context() ctx: GqlContext,
    @Args('status', { nullable: true }) status?: string,
    @Args('cursor', { nullable: true }) cursor?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ): Promise<unknown> {
    const input = { ...page(cursor, limit), ...defined({ status }) } as Parameters<Proposals['list']>[1];
    return track(ctx, 'proposal', await this.store.proposals.list(actor, input), true);
  }

  @Action('proposal:read')
  @Query(() => ProposalType)
  async proposal(@CurrentActor() actor: ApiActor, @Context() ctx: GqlContext, @Args('id', { type: () => ID }) id: string): Promise<unknown> {
    return track(ctx, 'proposal', await this.store.proposals.get(actor, pathId(id)));
  }

  @Action('proposal:read')
  @Query(() => [VoteType])
  proposalVotes(@CurrentActor() actor: ApiActor, @Context() ctx: GqlContext, @Args('proposalId', { type: () => ID }) proposalId: string): Promise<unknown> {
    track(ctx, 'proposal', { id: proposalId });
    return this.store.proposals.votes(actor, pathId(proposalId, 'proposalId'));
  }

  @Action('proposal:read')
  @ResolveField(() => [VoteType])
  votes(@Parent() proposal: ProposalType, @Context() ctx: GqlContext): Promise<unknown> {
    return loaders(ctx).votes.load(proposal.id);
  }

  /** `input`: `{ title, description?, voters: [{ voterId, weight }], quorum, threshold, deadline, classification? }`. */
  @Action('proposal:open')
  @Mutation(() => ProposalType)
  async openProposal(@CurrentActor() actor: ApiActor, @Args('input', { type: () => JsonScalar }) input: Json): Promise<unknown> {
    const proposal = await this.store.proposals.open(actor, input as Parameters<Proposals['open']>[1]);
    await this.cache.invalidateEntity(actor.tenantId, 'proposal', proposal.id);
    return proposal;
  }

  @Action('proposal:vote')
  @RateGroup('governance')
  @Mutation(() => VoteOutcomeType)
  async castVote(@CurrentActor() actor: ApiActor, @Args('proposalId', { type: () => ID }) proposalId: string, @Args('choice') choice: string): Promise<unknown> {
    const outcome = await this.store.proposals.vote(actor, pathId(proposalId, 'proposalId'), choice);
    await this.cache.invalidateEntity(actor.tenantId, 'proposal', outcome.proposal.id);
    return outcome;
  }

  @Action('proposal:close')
  @RateGroup('governance')
  @Mutation(() => ProposalType)
  async closeProposal(@CurrentActor() actor: ApiActor, @Args('id', { type: () => ID }) id: string): Promise<unknown> {
    const proposal = await this.store.proposals.close(actor, pathId(id));
    await this.cache.invalidateEntity(actor.tenantId, 'proposal', proposal.id);
    return proposal;
  }
}
