import type { PlaybookRunEvent, PlaybookStep, StepResult } from '@intelgraph/domain';
import { z } from 'zod';

/** Steps of a version: 1..100, keys unique. */
export const stepsSchema = z
  .array(z.object({ key: z.string().trim().min(1).max(100), action: z.string().trim().min(1).max(200), params: z.record(z.string(), z.json()).default({}) }))
  .min(1)
  .max(100)
  .superRefine((steps, ctx) => {
    const seen = new Set<string>();
    steps.forEach((s, index) => {
      if (seen.has(s.key)) ctx.addIssue({ code: 'custom', path: [index, 'key'], message: `step key "${s.key}" is repeated` });
      seen.add(s.key);
    });
  });

/** Triggers of a version. */
export const triggersSchema = z.array(z.object({ type: z.enum(['event', 'schedule', 'manual']), spec: z.string().max(500) })).max(50);

/** Why `stepKey` may not be recorded next (unknown, or not the next step in order), or null. */
export function nextStepProblem(steps: readonly PlaybookStep[], results: readonly StepResult[], stepKey: string): string | null {
  if (!steps.some((s) => s.key === stepKey)) return `no step "${stepKey}" in the run's version`;
  const next = steps[results.length];
  if (!next) return 'every step already has a result';
  if (next.key !== stepKey) return `the next step is "${next.key}", not "${stepKey}"`;
  return null;
}

/** The run event a final status is reached by. */
export function finishEvent(status: 'succeeded' | 'failed' | 'cancelled'): PlaybookRunEvent {
  return status === 'succeeded' ? 'succeed' : status === 'failed' ? 'fail' : 'cancel';
}
