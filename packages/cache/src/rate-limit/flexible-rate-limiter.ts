import type { Cluster, Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { DEFAULT_RATE_LIMIT_BUDGETS, type RateLimitBudget, type RateLimitBudgets, type RateLimiter, type RateLimitResult } from './rate-limiter.port.js';

/** Options of {@link FlexibleRateLimiter}. */
export interface FlexibleRateLimiterOptions {
  /** Redis shared by the replicas; without it limits are per process. */
  readonly redis?: Redis | Cluster | undefined;
  /** Budgets by group (merged over {@link DEFAULT_RATE_LIMIT_BUDGETS}). */
  readonly budgets?: Partial<RateLimitBudgets> | undefined;
  /** Redis key prefix (default `rl`). */
  readonly prefix?: string | undefined;
}

/**
 * {@link RateLimiter} on rate-limiter-flexible: `RateLimiterRedis` when Redis is given, with a
 * `RateLimiterMemory` insurance limiter that takes over while Redis fails; `RateLimiterMemory`
 * alone otherwise. Keys are `<prefix>:<group>:{<tenant>}:<subject>`.
 */
export class FlexibleRateLimiter implements RateLimiter {
  private readonly budgets: RateLimitBudgets;
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly options: FlexibleRateLimiterOptions = {}) {
    const merged: Record<string, RateLimitBudget> = { ...DEFAULT_RATE_LIMIT_BUDGETS };
    for (const [group, budget] of Object.entries(options.budgets ?? {})) if (budget) merged[group] = budget;
    this.budgets = merged as RateLimitBudgets;
  }

  /** The budget that applies to `group`. */
  budget(group: string): RateLimitBudget {
    return this.budgets[group] ?? this.budgets.default;
  }

  async consume(group: string, tenantId: string, subject: string): Promise<RateLimitResult> {
    const budget = this.budget(group);
    const limiter = this.limiter(group, budget);
    const key = `{${tenantId}}:${subject}`;
    try {
      const res = await limiter.consume(key, 1);
      return result(true, budget, res);
    } catch (err: unknown) {
      if (err instanceof RateLimiterRes) return result(false, budget, err);
      throw err;
    }
  }

  private limiter(group: string, budget: RateLimitBudget): RateLimiterAbstract {
    const existing = this.limiters.get(group);
    if (existing) return existing;
    const keyPrefix = `${this.options.prefix ?? 'rl'}:${group}`;
    const common = { points: budget.points, duration: budget.durationSec, keyPrefix };
    const limiter = this.options.redis
      ? new RateLimiterRedis({ ...common, storeClient: this.options.redis, insuranceLimiter: new RateLimiterMemory(common) })
      : new RateLimiterMemory(common);
    this.limiters.set(group, limiter);
    return limiter;
  }
}

function result(allowed: boolean, budget: RateLimitBudget, res: RateLimiterRes): RateLimitResult {
  return {
    allowed,
    limit: budget.points,
    remaining: Math.max(0, res.remainingPoints),
    resetMs: Math.max(0, res.msBeforeNext),
    retryAfterMs: allowed ? 0 : Math.max(1, res.msBeforeNext),
    windowSec: budget.durationSec,
  };
}
