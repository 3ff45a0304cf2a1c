import { HttpException, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { RateLimiter } from '@intelgraph/cache';
import { ACTION_METADATA, RATE_GROUP_METADATA } from '../auth/policy.decorators.js';
import { API_METRICS } from '../auth/tokens.js';
import type { Metrics } from '../metrics/metrics.service.js';
import { httpOf } from './execution-context.util.js';

/** Nest token of the rate limiter the guard uses. */
export const API_RATE_LIMITER = Symbol.for('api.RateLimiter');

/**
 * Limits every action handler per tenant and subject in its route group (after the gateway has
 * authenticated the caller). Sets `RateLimit-Policy` and `RateLimit` on every limited response;
 * refuses with 429 and `Retry-After`.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(API_RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(API_METRICS) private readonly metrics: Metrics,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.reflector.get<string | undefined>(ACTION_METADATA, context.getHandler())) return true;
    const { req, res } = httpOf(context);
    const actor = req.actor;
    if (!actor) return true;
    const group = this.reflector.get<string | undefined>(RATE_GROUP_METADATA, context.getHandler()) ?? 'default';
    const r = await this.limiter.consume(group, actor.tenantId, actor.subject);
    const resetSec = Math.ceil(r.resetMs / 1000);
    res.setHeader('RateLimit-Policy', `"${group}";q=${r.limit};w=${r.windowSec}`);
    res.setHeader('RateLimit', `"${group}";r=${r.remaining};t=${resetSec}`);
    if (!r.allowed) {
      this.metrics.rateLimitRejections.inc({ group });
      res.setHeader('Retry-After', Math.max(1, Math.ceil(r.retryAfterMs / 1000)));
      throw new HttpException({ error: 'rate_limited', message: `rate limit of group ${group} exceeded` }, 429);
    }
    return true;
  }
}
