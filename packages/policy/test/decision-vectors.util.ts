import vectors from '../vectors/decisions.json' with { type: 'json' };
import type { PolicyInput } from '../src/policy.types.js';

/** One decision vector of `vectors/decisions.json`. */
export interface DecisionVector {
  readonly name: string;
  readonly input: PolicyInput;
  readonly expected: { readonly allow: boolean; readonly reasons: string[]; readonly obligations?: string[] };
}

/** All decision vectors, shared by the engine test and `tools/policy/opa-vectors.mjs`. */
export const DECISION_VECTORS = vectors as unknown as readonly DecisionVector[];
