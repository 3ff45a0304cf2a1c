import type { Classification, Id, JsonObject, Versioned } from './common.types.js';

export const LOOP_STATUSES = ['active', 'paused', 'retired'] as const;
export type LoopStatus = (typeof LOOP_STATUSES)[number];

/** An autonomic (monitor-analyze-plan-execute) loop. */
export interface AutonomicLoop extends Versioned {
  readonly name: string;
  readonly description: string;
  readonly status: LoopStatus;
  readonly classification: Classification;
  readonly config: JsonObject;
  /** Current lease holder, its fencing token (strictly increasing on every takeover) and expiry. */
  readonly leaseOwner: string | null;
  readonly fencingToken: number;
  readonly leaseExpiresAt: Date | null;
  readonly latestCycleId: Id | null;
  readonly cycleCount: number;
}

/** One immutable MAPE-K checkpoint of a loop, linked to the cycle before it. */
export interface LoopCycle {
  readonly tenantId: string;
  readonly id: Id;
  readonly loopId: Id;
  readonly parentId: Id | null;
  readonly sequence: number;
  readonly monitor: JsonObject;
  readonly analysis: JsonObject;
  readonly plan: JsonObject;
  readonly execution: JsonObject;
  readonly knowledge: JsonObject;
  readonly recordedBy: string;
  readonly fencingToken: number;
  readonly createdAt: Date;
}
