import type { Classification, Id, Json, Versioned } from './common.types.js';

export const TASK_STATUSES = ['queued', 'claimed', 'succeeded', 'failed', 'retry_wait', 'dead', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A unit of work in a coordination queue. */
export interface CoordinationTask extends Versioned {
  readonly queue: string;
  readonly kind: string;
  readonly payload: Json;
  readonly priority: number;
  readonly runAt: Date;
  readonly status: TaskStatus;
  readonly classification: Classification;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly idempotencyKey: string | null;
  /** When set, only this agent may claim the task. */
  readonly assignedAgentId: Id | null;
  readonly claimedBy: Id | null;
  /** Changes on every claim; a completion must present the current one. */
  readonly leaseToken: string | null;
  readonly leaseExpiresAt: Date | null;
  readonly lastError: string | null;
  readonly result: Json | null;
  readonly finishedAt: Date | null;
}

/** Limits on enqueued tasks. */
export const TASK_LIMITS = { maxPayloadBytes: 64 * 1024, maxPriority: 1000, minPriority: -1000, maxAttempts: 100 } as const;

/**
 * Exponential backoff with equal jitter: a random delay in [c/2, c] where c = min(cap, base * 2^(attempt-1)),
 * so retries spread out but never fire immediately.
 * `random` is injectable so tests are deterministic.
 */
export function backoffDelayMs(attempt: number, options: { baseMs?: number; capMs?: number; random?: () => number } = {}): number {
  const base = options.baseMs ?? 1000;
  const cap = options.capMs ?? 5 * 60_000;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  const r = (options.random ?? Math.random)();
  return Math.floor(ceiling / 2 + (r * ceiling) / 2);
}
