import { Inject } from '@nestjs/common';
import { Args, Context, Int, Query, Resolver } from '@nestjs/graphql';
import type { OrchestratorStore } from '@intelgraph/orchestrator-store';
import type { ApiActor } from '../../auth/actor.types.js';
import { CurrentActor } from '../../auth/current-actor.decorator.js';
import { Action } from '../../auth/policy.decorators.js';
import { API_STORE } from '../../auth/tokens.js';
import { defined, page, track, type GqlContext } from '../graphql.context.js';
import { AuditEventPageType } from '../types/audit.types.js';

type Audit = OrchestratorStore['audit'];

/** The tenant's audit trail (read-only). */
@Resolver()
export class AuditResolver {
  constructor(@Inject(API_STORE) private readonly store: OrchestratorStore) {}

  @Action('audit:read')
  @Query(() => AuditEventPageType)
  async auditEvents(
    @CurrentActor() actor: ApiActor,
    @Context() ctx: GqlContext,
    @Args('from', { type: () => Date, nullable: true }) from?: Date,
    @Args('to', { type: () => Date, nullable: true }) to?: Date,
    @Args('actor', { nullable: true }) subject?: string,
    @Args('resourceType', { nullable: true }) resourceType?: string,
    @Args('resourceId', { nullable: true }) resourceId?: string,
    @Args('action', { nullable: true }) action?: string,
    @Args('order', { nullable: true }) order?: string,
    @Args('cursor', { nullable: true }) cursor?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ): Promise<unknown> {
    const filter = defined({ from, to, actor: subject, resourceType, resourceId, action, order }) as Parameters<Audit['query']>[1];
    // Every write appends an audit event: the `audit` tag drops cached trails on any change.
    ctx.entities.add('audit');
    return track(ctx, 'audit', await this.store.audit.query(actor, filter, page(cursor, limit)));
  }
}
