import { ForbiddenException, Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PolicyDeniedError } from '@intelgraph/domain';
import type { PolicyDecisionPoint } from '@intelgraph/policy';
import { httpOf } from '../http/execution-context.util.js';
import { header } from '../http/http.types.js';
import type { Metrics } from '../metrics/metrics.service.js';
import { UnauthenticatedError, type JwtVerifier } from './jwt-verifier.service.js';
import { ACTION_METADATA, PUBLIC_METADATA } from './policy.decorators.js';
import { API_METRICS, API_PDP, JWT_VERIFIER } from './tokens.js';

const RESOURCE_SCOPED_REASONS: ReadonlySet<string> = new Set(['not_assignee', 'not_channel_member']);

/**
 * The global gateway: a handler must declare `@Public()` or `@Action(...)` (else 403
 * `handler_not_declared`); for an action it verifies the bearer token (401) and asks the policy
 * decision point about the action on the caller's tenant (403 with reasons; 503 when the decision
 * point cannot decide). The store repeats the check with the resource's id and attributes.
 */
@Injectable()
export class GatewayGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(JWT_VERIFIER) private readonly verifier: JwtVerifier,
    @Inject(API_PDP) private readonly pdp: PolicyDecisionPoint,
    @Inject(API_METRICS) private readonly metrics: Metrics,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets)) return true;
    const action = this.reflector.get<string | undefined>(ACTION_METADATA, context.getHandler());
    if (!action) throw new ForbiddenException({ error: 'handler_not_declared', message: 'this handler declares no policy action' });
    const { req } = httpOf(context);
    let actor;
    try {
      actor = await this.verifier.verify(header(req, 'authorization'), req.requestId);
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw new UnauthorizedException({ error: 'unauthenticated', message: error.message });
      throw error;
    }
    req.actor = actor;
    const resourceType = action.split(':')[0] ?? action;
    let decision;
    try {
      decision = await this.pdp.decide({
      subject: { id: actor.subject, tenantId: actor.tenantId, roles: actor.roles, clearance: actor.clearance, mfa: actor.mfa },
      action,
      resource: { type: resourceType, tenantId: actor.tenantId },
        ...(actor.approvals ? { context: { approvals: actor.approvals } } : {}),
      });
    } catch (error) {
      // Fail closed: the filter maps UnavailableError to 503.
      this.metrics.policyDecisions.inc({ outcome: 'error' });
      throw error;
    }
    // Reasons that depend on the resource itself (who the task is assigned to, who is a channel
    // member) cannot be decided at the collection level; the store decides them with the resource.
    const deferred = !decision.allow && decision.reasons.length > 0 && decision.reasons.every((r) => RESOURCE_SCOPED_REASONS.has(r));
    this.metrics.policyDecisions.inc({ outcome: decision.allow ? 'allow' : deferred ? 'deferred' : 'deny' });
    if (!decision.allow && !deferred) throw new PolicyDeniedError(action, decision.reasons);
    return true;
  }
}
