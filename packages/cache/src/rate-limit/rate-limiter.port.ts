import type { ServiceIdentifier } from 'inversify';

/** Budget of one route group: `points` requests per `durationSec` per tenant and subject. */
export interface RateLimitBudget {
  readonly points: number;
  readonly durationSec: number;
}

/** Budgets by route group; `default` applies to any group not listed. */
export type RateLimitBudgets = Readonly<Record<string, RateLimitBudget>> & { readonly default: RateLimitBudget };

/** Default budgets: `governance` (votes, closing proposals, publishing, redrives, routing) is stricter. */
export const DEFAULT_RATE_LIMIT_BUDGETS: RateLimitBudgets = {
  default: { points: 600, durationSec: 60 },
  governance: { points: 30, durationSec: 60 },
};

/** Outcome of one {@link RateLimiter.consume}. */
export interface RateLimitResult {
  readonly allowed: boolean;
  /** Budget of the group in its window. */
  readonly limit: number;
  /** Requests left in the current window. */
  readonly remaining: number;
  /** Milliseconds until the window resets. */
  readonly resetMs: number;
  /** When refused: milliseconds to wait before retrying; 0 when allowed. */
  readonly retryAfterMs: number;
  /** Window length in seconds (for the `RateLimit-Policy` header). */
  readonly windowSec: number;
}

/** Port of the rate limiter: one request of `subject` in `tenant` against the budget of `group`. */
export interface RateLimiter {
  consume(group: string, tenantId: string, subject: string): Promise<RateLimitResult>;
}

/** DI token of the {@link RateLimiter}. */
export const RATE_LIMITER: ServiceIdentifier<RateLimiter> = Symbol.for('cache.RateLimiter');
