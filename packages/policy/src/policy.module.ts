import { ContainerModule } from 'inversify';
import { CachingPolicyDecisionPoint } from './caching-policy-decision-point.service.js';
import { InProcessPolicyDecisionPoint } from './in-process-policy-decision-point.service.js';
import { OpaPolicyDecisionPoint } from './opa-policy-decision-point.service.js';
import { POLICY_DECISION_POINT, POLICY_READINESS } from './policy-decision-point.port.js';
import type { PolicyDecisionPoint, PolicyReadinessProbe } from './policy-decision-point.port.js';

/** Options of {@link policyModule}. */
export interface PolicyModuleOptions {
  /** OPA's base URL; when set, decisions go to OPA, else they are made in process. */
  readonly opaUrl?: string | undefined;
  /** OPA request timeout in milliseconds (default 500). */
  readonly timeoutMs?: number | undefined;
  /**
   * Decision cache: `false` for none, settings to cache whichever adapter is bound. When
   * omitted, OPA decisions are cached with the defaults (1 s, 10,000 entries) and in-process
   * decisions are not (they are cheaper than the cache key).
   */
  readonly cache?: { readonly ttlMs?: number; readonly maxEntries?: number } | false | undefined;
}

/** What {@link policyModule} binds, built eagerly so options errors surface at load time. */
export interface PolicyBindings {
  readonly decisionPoint: PolicyDecisionPoint;
  readonly readiness: PolicyReadinessProbe;
}

/** Builds the adapters {@link policyModule} binds; exported for composition without a container. */
export function createPolicyDecisionPoint(options: PolicyModuleOptions = {}): PolicyBindings {
  const base =
    options.opaUrl !== undefined && options.opaUrl !== ''
      ? new OpaPolicyDecisionPoint(options.timeoutMs === undefined ? { url: options.opaUrl } : { url: options.opaUrl, timeoutMs: options.timeoutMs })
      : new InProcessPolicyDecisionPoint();
  const cache = options.cache === undefined ? (base instanceof OpaPolicyDecisionPoint ? {} : false) : options.cache;
  const decisionPoint = cache === false ? base : new CachingPolicyDecisionPoint(base, cacheOptions(cache));
  return { decisionPoint, readiness: base };
}

function cacheOptions(cache: { readonly ttlMs?: number; readonly maxEntries?: number }): { ttlMs?: number; maxEntries?: number } {
  const out: { ttlMs?: number; maxEntries?: number } = {};
  if (cache.ttlMs !== undefined) out.ttlMs = cache.ttlMs;
  if (cache.maxEntries !== undefined) out.maxEntries = cache.maxEntries;
  return out;
}

/**
 * Inversify module binding {@link POLICY_DECISION_POINT} (OPA when `opaUrl` is set, else in
 * process; optionally behind the cache) and {@link POLICY_READINESS}. To use another adapter,
 * bind your own `PolicyDecisionPoint` to the token instead of loading this module.
 */
export function policyModule(options: PolicyModuleOptions = {}): ContainerModule {
  const { decisionPoint, readiness } = createPolicyDecisionPoint(options);
  return new ContainerModule((load) => {
    load.bind(POLICY_DECISION_POINT).toConstantValue(decisionPoint);
    load.bind(POLICY_READINESS).toConstantValue(readiness);
  });
}
