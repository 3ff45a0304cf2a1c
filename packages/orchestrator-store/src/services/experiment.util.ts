import type { Guardrail, VariantResult } from '@intelgraph/domain';

/**
 * The first variant whose mean of the guardrail metric crosses the threshold (strictly above or
 * below, per `direction`), or null. Variants without observations (null mean) never breach.
 */
export function guardrailBreach(guardrail: Guardrail, results: readonly VariantResult[]): VariantResult | null {
  for (const r of results) {
    if (r.metric !== guardrail.metric || r.mean === null || r.count === 0) continue;
    if (guardrail.direction === 'above' ? r.mean > guardrail.threshold : r.mean < guardrail.threshold) return r;
  }
  return null;
}
