import type { Classification, Id, Versioned } from './common.types.js';

export const EXPERIMENT_STATUSES = ['draft', 'running', 'paused', 'concluded', 'aborted'] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

/** A guardrail: when the metric's mean in any variant crosses the threshold, the experiment aborts. */
export interface Guardrail {
  readonly metric: string;
  readonly threshold: number;
  readonly direction: 'above' | 'below';
}

export interface ExperimentVariant {
  readonly id: Id;
  readonly key: string;
  /** Allocation weight in percent; a experiment's weights sum to 100. */
  readonly weight: number;
}

export interface Experiment extends Versioned {
  readonly name: string;
  readonly hypothesis: string;
  readonly status: ExperimentStatus;
  readonly classification: Classification;
  readonly variants: readonly ExperimentVariant[];
  readonly guardrail: Guardrail | null;
  readonly conclusion: string | null;
}

export interface ExperimentObservation {
  readonly tenantId: string;
  readonly id: Id;
  readonly experimentId: Id;
  readonly variantId: Id;
  readonly metric: string;
  readonly value: number;
  readonly recordedAt: Date;
}

/** Per-variant statistics of one metric, computed by the database. */
export interface VariantResult {
  readonly variantId: Id;
  readonly variantKey: string;
  readonly metric: string;
  readonly count: number;
  readonly mean: number | null;
  readonly stddev: number | null;
}

/** Validates that variant weights are integers in 0..100 summing to exactly 100 and keys are unique. */
export function variantWeightProblems(variants: readonly { key: string; weight: number }[]): string[] {
  const problems: string[] = [];
  if (variants.length < 2) problems.push('an experiment needs at least two variants');
  const keys = new Set<string>();
  for (const v of variants) {
    if (keys.has(v.key)) problems.push(`variant key "${v.key}" is repeated`);
    keys.add(v.key);
    if (!Number.isInteger(v.weight) || v.weight < 0 || v.weight > 100) problems.push(`variant "${v.key}" weight must be an integer 0..100`);
  }
  const sum = variants.reduce((s, v) => s + v.weight, 0);
  if (sum !== 100) problems.push(`variant weights must sum to 100, got ${sum}`);
  return problems;
}
