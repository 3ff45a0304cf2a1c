import { UnavailableError } from '@intelgraph/domain';
import { parseOpaDecisionBody } from './opa-response.util.js';
import type { PolicyDecisionPoint, PolicyReadiness, PolicyReadinessProbe } from './policy-decision-point.port.js';
import type { PolicyDecision, PolicyInput } from './policy.types.js';

/** Default time OPA has to answer one request. */
export const DEFAULT_OPA_TIMEOUT_MS = 500;

/** Path of the decision document in OPA's Data API. */
export const OPA_DECISION_PATH = '/v1/data/intelgraph/abac/decision';

/** Options of {@link OpaPolicyDecisionPoint}. */
export interface OpaPolicyDecisionPointOptions {
  /** OPA's base URL, e.g. `http://127.0.0.1:8181`. */
  readonly url: string;
  /** Per-request timeout in milliseconds (connect, answer and body); default 500. */
  readonly timeoutMs?: number;
  /** The fetch implementation; defaults to the global one. */
  readonly fetch?: typeof fetch;
}

/**
 * Asks a remote OPA (`POST {url}/v1/data/intelgraph/abac/decision` with `{ input }`).
 * Fails closed: a timeout, a network error, a non-2xx status or a malformed body throws
 * `UnavailableError('opa', ...)`; it never turns a failure into an allow.
 */
export class OpaPolicyDecisionPoint implements PolicyDecisionPoint, PolicyReadinessProbe {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;

  constructor(options: OpaPolicyDecisionPointOptions) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_OPA_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`OPA timeoutMs must be a positive number, got ${timeoutMs}`);
    this.baseUrl = new URL(options.url).toString().replace(/\/+$/, '');
    this.timeoutMs = timeoutMs;
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Decides one request through OPA; throws `UnavailableError` when OPA cannot answer properly. */
  async decide(input: PolicyInput): Promise<PolicyDecision> {
    const body = await this.request(`${this.baseUrl}${OPA_DECISION_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ input }),
    });
    const parsed = parseOpaDecisionBody(body);
    if (typeof parsed === 'string') throw new UnavailableError('opa', `malformed decision: ${parsed}`);
    return parsed;
  }

  /** `GET {url}/health`; `ok` when OPA answers 2xx within the timeout. Never throws. */
  async readiness(): Promise<PolicyReadiness> {
    try {
      const body = await this.request(`${this.baseUrl}/health`, { method: 'GET', headers: { accept: 'application/json' } });
      return { ok: true, detail: `opa healthy: ${JSON.stringify(body)}` };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  /** One request under the timeout; resolves to the parsed JSON body of a 2xx answer. */
  private async request(url: string, init: RequestInit): Promise<unknown> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const response = await this.fetchFn(url, { ...init, signal: controller.signal });
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new UnavailableError('opa', `HTTP ${response.status} from ${url}`);
      }
      const text = await response.text();
      try {
        return JSON.parse(text) as unknown;
      } catch (cause) {
        throw new UnavailableError('opa', 'answer is not JSON', { cause });
      }
    } catch (error) {
      if (error instanceof UnavailableError) throw error;
      if (controller.signal.aborted) throw new UnavailableError('opa', `no answer within ${this.timeoutMs} ms`, { cause: error });
      const message = error instanceof Error ? error.message : String(error);
      throw new UnavailableError('opa', `request failed: ${message}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}
