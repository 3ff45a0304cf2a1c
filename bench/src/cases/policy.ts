/** policy-decision: in-process ABAC decisions with and without the decision cache (baseline: uncached). */
import { CLASSIFICATIONS, uuidv7 } from '@intelgraph/domain';
import { AbacEngine, CachingPolicyDecisionPoint, InProcessPolicyDecisionPoint, type PolicyDecisionPoint, type PolicyInput } from '@intelgraph/policy';
import type { BenchContext } from '../context.js';
import { interleave, median, percentile, result, type BenchResult } from '../util.js';

const ACTIONS = ['loop:read', 'loop:create', 'loop:record_cycle', 'task:enqueue', 'task:claim', 'task:complete', 'agent:read', 'audit:read'];
const ROLES = [['tenant_admin'], ['operator'], ['viewer'], ['agent']];

/** `count` distinct realistic inputs (a working set the cache can hold). */
function inputs(count: number): PolicyInput[] {
  const tenants = Array.from({ length: 8 }, () => uuidv7());
  return Array.from({ length: count }, (_, i) => {
    const tenantId = tenants[i % tenants.length] as string;
    return {
      subject: { id: `user-${i % 17}`, tenantId, roles: ROLES[i % ROLES.length] as string[], clearance: CLASSIFICATIONS[i % CLASSIFICATIONS.length] ?? 'internal', mfa: i % 3 !== 0 },
      action: ACTIONS[i % ACTIONS.length] as string,
      resource: { type: (ACTIONS[i % ACTIONS.length] as string).split(':')[0] as string, tenantId, id: `r-${i % 50}`, classification: 'internal' },
    };
  });
}

interface Sample {
  readonly perSecond: number;
  readonly p50us: number;
  readonly p99us: number;
}

async function sample(pdp: PolicyDecisionPoint, set: readonly PolicyInput[], n: number): Promise<Sample> {
  const lat = new Float64Array(n);
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await pdp.decide(set[i % set.length] as PolicyInput);
    lat[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const arr = Array.from(lat);
  return { perSecond: n / seconds, p50us: percentile(arr, 50), p99us: percentile(arr, 99) };
}

export async function policyDecision(ctx: BenchContext): Promise<BenchResult[]> {
  const { quick } = ctx.settings;
  const rounds = quick ? 3 : 7;
  const n = quick ? 20_000 : 100_000;
  const set = inputs(500);
  const uncached = new InProcessPolicyDecisionPoint(new AbacEngine());
  const cached = new CachingPolicyDecisionPoint(new InProcessPolicyDecisionPoint(new AbacEngine()), { ttlMs: 3_600_000 });
  await sample(uncached, set, n); // warm-up (JIT) and cache fill
  await sample(cached, set, n);
  const u: Sample[] = [];
  const c: Sample[] = [];
  await interleave(
    'policy-decision (decisions/s)',
    rounds,
    async () => {
      const s = await sample(uncached, set, n);
      u.push(s);
      return s.perSecond;
    },
    async () => {
      const s = await sample(cached, set, n);
      c.push(s);
      return s.perSecond;
    },
  );
  const med = (xs: Sample[], k: keyof Sample): number => median(xs.map((x) => x[k]));
  const note = `${set.length} distinct inputs cycled, ${n} sequential awaited decisions per round; cache ttl 1h (all hits after warm-up)`;
  return [
    result('policy-decision-throughput', 'decisions/s', 'higher', med(c, 'perSecond'), 'uncached AbacEngine', med(u, 'perSecond'), note),
    result('policy-decision-p50', 'µs', 'lower', med(c, 'p50us'), 'uncached AbacEngine', med(u, 'p50us')),
    result('policy-decision-p99', 'µs', 'lower', med(c, 'p99us'), 'uncached AbacEngine', med(u, 'p99us')),
  ];
}
