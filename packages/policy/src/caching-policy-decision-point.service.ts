import { SystemClock, canonicalJson, sha256Hex } from '@intelgraph/domain';
import type { Clock } from '@intelgraph/domain';
import type { PolicyDecisionPoint } from './policy-decision-point.port.js';
import type { PolicyDecision, PolicyInput } from './policy.types.js';

/** Default lifetime of a cached decision. */
export const DEFAULT_POLICY_CACHE_TTL_MS = 1_000;

/** Default bound on the number of cached decisions. */
export const DEFAULT_POLICY_CACHE_MAX_ENTRIES = 10_000;

/** Options of {@link CachingPolicyDecisionPoint}. */
export interface PolicyCacheOptions {
  /** Lifetime of an entry in milliseconds; default 1000. */
  readonly ttlMs?: number;
  /** Most entries kept; the least recently used is evicted beyond it. Default 10,000. */
  readonly maxEntries?: number;
  /** Time source (inject a fake in tests); default the wall clock. */
  readonly clock?: Clock;
}

/** Counters of a {@link CachingPolicyDecisionPoint}. */
export interface PolicyCacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly evictions: number;
  readonly size: number;
}

interface Entry {
  readonly decision: PolicyDecision;
  readonly expiresAt: number;
}

function copy(decision: PolicyDecision): PolicyDecision {
  return { ...decision, reasons: [...decision.reasons], obligations: [...decision.obligations] };
}

/**
 * Decorator caching another decision point's answers for a short time in a bounded LRU map.
 * The key is every input field a policy reads (tenant, subject id, roles, clearance, MFA, action,
 * resource type/tenant/id/classification/assignee/members, approvals), so inputs differing in any
 * of them never share an entry; inputs differing only in the order of roles, members or approvals
 * (sets to every policy) do. Only answers are cached: a failure (thrown error) is passed on and not remembered.
 */
export class CachingPolicyDecisionPoint implements PolicyDecisionPoint {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly clock: Clock;
  private hitCount = 0;
  private missCount = 0;
  private evictionCount = 0;

  constructor(
    private readonly inner: PolicyDecisionPoint,
    options: PolicyCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_POLICY_CACHE_TTL_MS;
    this.maxEntries = options.maxEntries ?? DEFAULT_POLICY_CACHE_MAX_ENTRIES;
    if (!Number.isFinite(this.ttlMs) || this.ttlMs <= 0) throw new RangeError(`cache ttlMs must be a positive number, got ${this.ttlMs}`);
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) throw new RangeError(`cache maxEntries must be a positive integer, got ${this.maxEntries}`);
    this.clock = options.clock ?? new SystemClock();
  }

  /** Cache hits so far. */
  get hits(): number {
    return this.hitCount;
  }

  /** Cache misses so far (each one asked the inner decision point). */
  get misses(): number {
    return this.missCount;
  }

  /** All counters and the current size. */
  stats(): PolicyCacheStats {
    return { hits: this.hitCount, misses: this.missCount, evictions: this.evictionCount, size: this.entries.size };
  }

  /** Drops every entry (e.g. after a policy data update). Counters are kept. */
  clear(): void {
    this.entries.clear();
  }

  /** Answers from the cache when a fresh entry exists, else asks the inner decision point. */
  async decide(input: PolicyInput): Promise<PolicyDecision> {
    const key = this.keyOf(input);
    if (key === undefined) {
      this.missCount += 1;
      return this.inner.decide(input);
    }
    const now = this.clock.now().getTime();
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      this.entries.delete(key);
      if (entry.expiresAt > now) {
        this.entries.set(key, entry); // most recently used goes last
        this.hitCount += 1;
        return copy(entry.decision);
      }
    }
    this.missCount += 1;
    const decision = await this.inner.decide(input);
    this.store(key, copy(decision), this.clock.now().getTime() + this.ttlMs);
    return decision;
  }

  private store(key: string, decision: PolicyDecision, expiresAt: number): void {
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
      this.evictionCount += 1;
    }
    this.entries.set(key, { decision, expiresAt });
  }

  /**
   * The cache key, or undefined when the input cannot be canonicalized (then it is not cached).
   * Well-typed inputs (the usual case) get a flat, self-delimiting encoding of exactly the fields
   * a policy reads, at fixed positions, with the set-valued ones (roles, members, approvals)
   * sorted, so distinct inputs give distinct keys ({@link flatKey}). Anything else (values of
   * other types, which a policy might read differently) falls back to a SHA-256 of the canonical
   * full input, in a separate key space (starting with `#`).
   */
  private keyOf(input: PolicyInput): string | undefined {
    const flat = flatKey(input);
    if (flat !== undefined) return flat;
    try {
      const digest = sha256Hex(canonicalJson(input));
      const { subject, resource, action } = input;
      return `#${JSON.stringify([subject.tenantId, subject.id, action, resource.type, resource.id ?? null, digest])}`;
    } catch {
      return undefined;
    }
  }
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isOptString = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';
const isStringArray = (v: unknown): v is readonly string[] => Array.isArray(v) && v.every(isString);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string as `<length>:<chars>`: self-delimiting, so no escaping is needed. */
const str = (v: string): string => `${v.length}:${v}`;
/** An optional string: `-` when absent (a length never starts with `-`). */
const optStr = (v: string | undefined): string => (v === undefined ? '-' : `${v.length}:${v}`);
/** An optional set of strings: `-` when absent, else `<count>[` and the sorted strings. */
function strSet(v: readonly string[] | undefined): string {
  if (v === undefined) return '-';
  let out = `${v.length}[`;
  for (const item of v.length > 1 ? [...v].sort() : v) out += `${item.length}:${item}`;
  return out;
}

/**
 * The flat key of a well-typed input (always starts with a digit), or undefined for any other
 * input. Each field sits at a fixed position in a self-delimiting encoding (length-prefixed
 * strings, `T`/`F`, `-` for absent, counted arrays), so the key decodes back to the fields: two
 * inputs share a key only when every field is equal (sets compared sorted). Several times cheaper
 * than `JSON.stringify`, which scans every string for characters to escape.
 */
function flatKey(input: PolicyInput): string | undefined {
  const raw: unknown = input;
  if (!isObject(raw)) return undefined;
  const { subject, resource, action, context } = raw;
  if (!isObject(subject) || !isObject(resource) || !isString(action)) return undefined;
  const { tenantId, id, roles, clearance, mfa } = subject;
  if (!isString(tenantId) || !isString(id) || !isStringArray(roles) || !isString(clearance) || typeof mfa !== 'boolean') return undefined;
  const { type, tenantId: resourceTenantId, id: resourceId, classification, assignee, members } = resource;
  if (!isString(type) || !isString(resourceTenantId) || !isOptString(resourceId) || !isOptString(classification) || !isOptString(assignee)) return undefined;
  if (members !== undefined && !isStringArray(members)) return undefined;
  let approvals: readonly string[] | undefined;
  if (context !== undefined) {
    if (!isObject(context)) return undefined;
    const value = context['approvals'];
    if (value !== undefined && !isStringArray(value)) return undefined;
    approvals = value;
  }
  return (
    str(tenantId) +
    str(id) +
    strSet(roles) +
    str(clearance) +
    (mfa ? 'T' : 'F') +
    str(action) +
    str(type) +
    str(resourceTenantId) +
    optStr(resourceId) +
    optStr(classification) +
    optStr(assignee) +
    strSet(members) +
    strSet(approvals)
  );
}
