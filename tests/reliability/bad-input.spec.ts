/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- HTTP reply bodies are untyped JSON */
/**
 * Bad input, generated with fast-check, on every POST/PATCH route (and the GraphQL mutations):
 * malformed JSON, wrong types, missing and extra fields, huge payloads, deep nesting, odd Unicode,
 * SQL- and script-like strings. Always a 4xx with `{ error, message }`, never a 5xx, and nothing
 * changes: every tenant table's row count and the audit chain head are the same before and after.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { call, diff, newCounters, snapshot, startHarness, token, writeCounters, type Harness, type Reply } from './support/harness.js';

const c = newCounters();
const RUNS = Number(process.env['RELIABILITY_BAD_INPUT_RUNS'] ?? 260);

type Kind = 'str' | 'num' | 'int' | 'obj' | 'arr' | 'uuid' | 'enum' | 'bool' | 'json';
interface Route {
  readonly name: string;
  readonly method: 'POST' | 'PATCH';
  readonly path: () => string;
  /** Required fields and a valid value of each (so that breaking exactly one is what fails). */
  readonly required: Record<string, [Kind, unknown]>;
  /** Optional fields a client may send (we fill them with odd values). */
  readonly optional?: Record<string, Kind>;
  /** No body at all is read: only transport-level garbage (malformed JSON, huge) is sent. */
  readonly noBody?: boolean;
  readonly headers?: Record<string, string>;
}

// ---------------------------------------------------------------- generators

// NUL (\u0000) is refused with 400 validation_failed (it has its own probe below too).
const oddChars = ['\u0000', '\ud800', '\udfff', '\u202e', '\u200f', '\u200b', '\u2060', '\ufeff', '\uffff', '\u0301', '𝕏', '🧨', '\r\n', '\t', '\\', '"', "'"];
const nasty = [
  "'; DROP TABLE loops; --",
  "' OR '1'='1",
  '1; SELECT pg_sleep(5)--',
  "$$; DELETE FROM audit_events; $$",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{constructor.constructor("return process")()}}',
  '${jndi:ldap://x/a}',
  '../../../../etc/passwd',
  '%00',
  'NaN',
  '__proto__',
];
const oddString = fc.oneof(
  fc.constantFrom(...nasty),
  fc.array(fc.constantFrom(...oddChars), { minLength: 1, maxLength: 12 }).map((a) => a.join('')),
  fc.tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...oddChars), fc.constantFrom(...nasty)).map(([a, b, d]) => a + b + d),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
// Up to 3,000 levels: deeper values cannot be serialized by JSON.stringify in the test process
// itself (RangeError), which would abort the property instead of probing the API.
const deep = fc.integer({ min: 50, max: 3_000 }).chain((depth) =>
  fc.constantFrom('arr', 'obj').map((shape) => {
    let v: unknown = 'x';
    for (let i = 0; i < depth; i++) v = shape === 'arr' ? [v] : { a: v };
    return v;
  }),
);
const anyJson = fc.oneof(oddString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(oddString, { maxLength: 3 }), fc.dictionary(oddString, oddString, { maxKeys: 3 }));

/** A value that is certainly not of `kind`. */
function wrongFor(kind: Kind): fc.Arbitrary<unknown> {
  const obj = fc.dictionary(oddString, anyJson, { maxKeys: 3 });
  const arr = fc.array(anyJson, { maxLength: 3 });
  switch (kind) {
    case 'str':
      return fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), arr, obj, fc.constant(''));
    case 'uuid':
      return fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), arr, obj, oddString);
    case 'enum':
      return fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), arr, obj, oddString);
    case 'num':
      return fc.oneof(oddString, fc.boolean(), fc.constant(null), arr, obj, fc.constant('1'));
    case 'int':
      return fc.oneof(oddString, fc.boolean(), fc.constant(null), arr, obj, fc.constant(1.5), fc.constant(-1), fc.constant(0), fc.constant(1e300));
    case 'obj':
      return fc.oneof(oddString, fc.integer(), fc.boolean(), fc.constant(null), arr);
    case 'arr':
      return fc.oneof(oddString, fc.integer(), fc.boolean(), fc.constant(null), obj);
    case 'bool':
      return fc.oneof(oddString, fc.integer(), fc.constant(null), arr, obj);
    case 'json':
      return fc.constant(undefined);
  }
}

function oddFor(kind: Kind): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'obj':
      return fc.oneof(fc.dictionary(oddString, anyJson, { maxKeys: 4 }), deep.map((d) => ({ nested: d })));
    case 'json':
      return fc.oneof(anyJson, deep);
    case 'arr':
      return fc.oneof(fc.array(oddString, { maxLength: 4 }), deep);
    case 'str':
    case 'num':
    case 'int':
    case 'uuid':
    case 'enum':
    case 'bool':
      return fc.oneof(oddString, anyJson);
  }
}

type Sample = { raw: string; label: string; headers?: Record<string, string> };

function bodies(route: Route): fc.Arbitrary<Sample> {
  const malformed = fc.oneof(
    fc.constantFrom('{', '{"a":', '{"name": "x",}', "{'name': 'x'}", '[1,2', 'undefined', '{"a":1}{"b":2}', '\u0000', '{"name": NaN}', '{"__proto__": '),
    fc.string({ maxLength: 30 }).filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return s.trim().length > 0;
      }
    }),
  ).map((raw) => ({ raw, label: 'malformed' }));
  const huge = fc.integer({ min: 257, max: 600 }).map((kib) => ({ raw: JSON.stringify({ ...validBase(route), pad: 'x'.repeat(kib * 1024) }), label: `huge ${kib}KiB` }));
  if (route.noBody) return fc.oneof({ arbitrary: malformed, weight: 5 }, { arbitrary: huge, weight: 1 });
  const extras = fc.dictionary(fc.oneof(oddString, fc.constantFrom('__proto__', 'constructor', 'tenantId', 'tenant_id', 'id', 'version', 'createdBy')), anyJson, { maxKeys: 4 });
  const optionalOdd = fc.record(Object.fromEntries(Object.entries(route.optional ?? {}).map(([k, kind]) => [k, oddFor(kind)])), { requiredKeys: [] });
  const reqKeys = Object.keys(route.required);
  const variants: fc.Arbitrary<Sample>[] = [malformed, huge];
  if (reqKeys.length > 0) {
    // exactly one required field of the wrong type, the rest valid, plus odd optional and extra fields
    variants.push(
      fc.tuple(fc.constantFrom(...reqKeys), extras, optionalOdd).chain(([key, ex, opt]) =>
        wrongFor(route.required[key]![0]).map((bad) => ({ raw: JSON.stringify({ ...ex, ...opt, ...validBase(route), [key]: bad }), label: `wrong type ${key}` })),
      ),
      // one required field missing
      fc.tuple(fc.constantFrom(...reqKeys), extras, optionalOdd).map(([key, ex, opt]) => {
        const b: Record<string, unknown> = { ...ex, ...opt, ...validBase(route) };
        delete b[key];
        return { raw: JSON.stringify(b), label: `missing ${key}` };
      }),
      // top level not an object
      fc.oneof(fc.array(anyJson, { maxLength: 3 }), fc.constant([validBase(route)])).map((v) => ({ raw: JSON.stringify(v), label: 'array body' })),
    );
  } else {
    // optional-only bodies: a wrong-typed expectedVersion
    variants.push(fc.tuple(wrongFor('int'), extras).map(([bad, ex]) => ({ raw: JSON.stringify({ ...ex, expectedVersion: bad }), label: 'bad expectedVersion' })));
  }
  return fc.oneof(...variants);
}

/**
 * fc.assert rejects both when the property returned false (already recorded in `sink`) and when
 * generation or the predicate threw: record the latter so an aborted run never passes silently.
 */
function aborted(sink: string[]): (error: unknown) => void {
  return (error) => {
    if (sink.length === 0) sink.push(`property aborted: ${String(error).slice(0, 300)}`);
  };
}

function validBase(route: Route): Record<string, unknown> {
  return Object.fromEntries(Object.entries(route.required).map(([k, [, v]]) => [k, v]));
}

// ---------------------------------------------------------------- the suite

describe('bad input never changes anything and never answers 5xx', () => {
  let h: Harness;
  let tenant: string;
  let op: string;
  const ids: Record<string, string> = {};
  const violations: string[] = [];

  beforeAll(async () => {
    h = await startHarness();
    tenant = await h.tenant();
    op = await token({ tid: tenant, sub: 'alice', roles: ['operator', 'tenant_admin', 'agent', 'analyst'] });
    const ok = async (method: string, path: string, body?: unknown): Promise<Reply> => {
      const r = await call(c, h.baseUrl, method, path, { token: op, ...(body === undefined ? {} : { body }) });
      if (r.status >= 300) throw new Error(`setup ${method} ${path}: ${r.status} ${r.text}`);
      return r;
    };
    ids['loop'] = (await ok('POST', '/api/v1/loops', { name: 'l' })).body.id;
    ids['agent'] = (await ok('POST', '/api/v1/agents', { name: 'a', subject: 'alice', role: 'executor', model: 'm', capabilities: ['x'], routingWeight: 1 })).body.id;
    ids['experiment'] = (await ok('POST', '/api/v1/experiments', { name: 'e', variants: [{ key: 'a', weight: 50 }, { key: 'b', weight: 50 }] })).body.id;
    await ok('POST', `/api/v1/experiments/${ids['experiment']}/start`);
    ids['playbook'] = (await ok('POST', '/api/v1/playbooks', { name: 'p' })).body.id;
    ids['version'] = (await ok('POST', `/api/v1/playbooks/${ids['playbook']}/versions`, { steps: [{ key: 's', action: 'a' }] })).body.id;
    ids['draftVersion'] = (await ok('POST', `/api/v1/playbooks/${ids['playbook']}/versions`, { steps: [{ key: 's', action: 'a' }] })).body.id;
    ids['task'] = (await ok('POST', '/api/v1/tasks', { queue: 'bq', kind: 'k', payload: {} })).body.id;
    const claimed = await ok('POST', '/api/v1/tasks/claim', { queue: 'bq', agentId: ids['agent'], limit: 1, leaseMs: 3_600_000 });
    ids['lease'] = claimed.body.items[0].leaseToken;
    ids['channel'] = (await ok('POST', '/api/v1/channels', { name: 'c', members: ['alice'] })).body.id;
    ids['proposal'] = (await ok('POST', '/api/v1/proposals', { title: 't', voters: [{ voterId: 'alice', weight: 1 }, { voterId: 'bob', weight: 1 }], quorum: 1, threshold: 'unanimous', deadline: new Date(Date.now() + 3_600_000).toISOString() })).body.id;
    ids['run'] = randomUUID();
  });

  afterAll(async () => {
    writeCounters('bad-input', c, { violations: violations.slice(0, 20) });
    await h?.close();
  });

  const L = (): string => ids['loop']!;
  const routes: Route[] = [
    { name: 'loops create', method: 'POST', path: () => '/api/v1/loops', required: { name: ['str', 'n'] }, optional: { description: 'str', classification: 'enum', config: 'obj' } },
    { name: 'loops patch', method: 'PATCH', path: () => `/api/v1/loops/${L()}`, required: { expectedVersion: ['int', 999] }, optional: { config: 'obj', description: 'str' } },
    { name: 'loops pause', method: 'POST', path: () => `/api/v1/loops/${L()}/pause`, required: {} },
    { name: 'loops resume', method: 'POST', path: () => `/api/v1/loops/${L()}/resume`, required: {} },
    { name: 'loops retire', method: 'POST', path: () => `/api/v1/loops/${L()}/retire`, required: {} },
    { name: 'loops lease', method: 'POST', path: () => `/api/v1/loops/${L()}/lease`, required: { owner: ['str', 'o'], ttlMs: ['int', 1000] } },
    { name: 'loops cycles', method: 'POST', path: () => `/api/v1/loops/${L()}/cycles`, required: { fencingToken: ['int', 1], monitor: ['obj', {}], analysis: ['obj', {}], plan: ['obj', {}], execution: ['obj', {}], knowledge: ['obj', {}] } },
    { name: 'agents create', method: 'POST', path: () => '/api/v1/agents', required: { name: ['str', 'a'], subject: ['str', 's'], role: ['str', 'r'], model: ['str', 'm'], capabilities: ['arr', []], routingWeight: ['num', 1] }, optional: { classification: 'enum', heartbeatTtlMs: 'int' } },
    { name: 'agents patch', method: 'PATCH', path: () => `/api/v1/agents/${ids['agent']}`, required: { expectedVersion: ['int', 999] }, optional: { role: 'str', model: 'str', capabilities: 'arr' } },
    { name: 'agents routing', method: 'POST', path: () => `/api/v1/agents/${ids['agent']}/routing`, required: { expectedVersion: ['int', 999], routingWeight: ['num', 5] } },
    { name: 'agents heartbeat', method: 'POST', path: () => `/api/v1/agents/${ids['agent']}/heartbeat`, required: {}, noBody: true },
    { name: 'agents suspend', method: 'POST', path: () => `/api/v1/agents/${ids['agent']}/suspend`, required: {} },
    { name: 'agents resume', method: 'POST', path: () => `/api/v1/agents/${ids['agent']}/resume`, required: {} },
    { name: 'agents retire', method: 'POST', path: () => `/api/v1/agents/${ids['agent']}/retire`, required: {} },
    { name: 'experiments create', method: 'POST', path: () => '/api/v1/experiments', required: { name: ['str', 'e'], variants: ['arr', [{ key: 'a', weight: 50 }, { key: 'b', weight: 50 }]] }, optional: { hypothesis: 'str', guardrail: 'obj', classification: 'enum' } },
    { name: 'experiments start', method: 'POST', path: () => `/api/v1/experiments/${ids['experiment']}/start`, required: {} },
    { name: 'experiments pause', method: 'POST', path: () => `/api/v1/experiments/${ids['experiment']}/pause`, required: {} },
    { name: 'experiments resume', method: 'POST', path: () => `/api/v1/experiments/${ids['experiment']}/resume`, required: {} },
    { name: 'experiments conclude', method: 'POST', path: () => `/api/v1/experiments/${ids['experiment']}/conclude`, required: { conclusion: ['str', 'c'] } },
    { name: 'experiments abort', method: 'POST', path: () => `/api/v1/experiments/${ids['experiment']}/abort`, required: {}, optional: { reason: 'str' } },
    { name: 'experiments observations', method: 'POST', path: () => `/api/v1/experiments/${ids['experiment']}/observations`, required: { variantKey: ['str', 'a'], metric: ['str', 'm'], value: ['num', 1] } },
    { name: 'playbooks create', method: 'POST', path: () => '/api/v1/playbooks', required: { name: ['str', 'p'] }, optional: { description: 'str', classification: 'enum' } },
    { name: 'playbooks versions', method: 'POST', path: () => `/api/v1/playbooks/${ids['playbook']}/versions`, required: { steps: ['arr', [{ key: 's', action: 'a' }]] }, optional: { triggers: 'arr' } },
    { name: 'playbooks patch version', method: 'PATCH', path: () => `/api/v1/playbooks/versions/${ids['draftVersion']}`, required: { expectedVersion: ['int', 999] }, optional: { steps: 'arr', triggers: 'arr' } },
    { name: 'playbooks publish', method: 'POST', path: () => `/api/v1/playbooks/${ids['playbook']}/versions/${ids['version']}/publish`, required: {}, noBody: true },
    { noBody: true, name: 'playbooks enable', method: 'POST', path: () => `/api/v1/playbooks/${ids['playbook']}/enable`, required: {} },
    { noBody: true, name: 'playbooks disable', method: 'POST', path: () => `/api/v1/playbooks/${ids['playbook']}/disable`, required: {} },
    { noBody: true, name: 'playbooks deprecate', method: 'POST', path: () => `/api/v1/playbooks/${ids['playbook']}/deprecate`, required: {} },
    { name: 'playbooks runs', method: 'POST', path: () => `/api/v1/playbooks/${ids['playbook']}/runs`, required: {}, noBody: true },
    { name: 'playbooks run steps', method: 'POST', path: () => `/api/v1/playbooks/runs/${ids['run']}/steps`, required: { stepKey: ['str', 's'], status: ['enum', 'succeeded'] }, optional: { output: 'obj' } },
    { name: 'playbooks run finish', method: 'POST', path: () => `/api/v1/playbooks/runs/${ids['run']}/finish`, required: { status: ['enum', 'failed'] } },
    { name: 'tasks enqueue', method: 'POST', path: () => '/api/v1/tasks', required: { queue: ['str', 'q'], kind: ['str', 'k'] }, optional: { payload: 'json', priority: 'int', runAt: 'str', maxAttempts: 'int', idempotencyKey: 'str', assignedAgentId: 'uuid', classification: 'enum' } },
    { name: 'tasks claim', method: 'POST', path: () => '/api/v1/tasks/claim', required: { queue: ['str', 'bq'], agentId: ['uuid', ids['agent']], limit: ['int', 1], leaseMs: ['int', 1000] } },
    { name: 'tasks extend', method: 'POST', path: () => `/api/v1/tasks/${ids['task']}/extend`, required: { leaseToken: ['uuid', ids['lease']], leaseMs: ['int', 1000] } },
    { name: 'tasks complete', method: 'POST', path: () => `/api/v1/tasks/${ids['task']}/complete`, required: { leaseToken: ['uuid', ids['lease']] }, optional: { result: 'json' } },
    { name: 'tasks fail', method: 'POST', path: () => `/api/v1/tasks/${ids['task']}/fail`, required: { leaseToken: ['uuid', ids['lease']], error: ['str', 'e'] }, optional: { retryable: 'bool' } },
    { name: 'tasks cancel', method: 'POST', path: () => `/api/v1/tasks/${ids['task']}/cancel`, required: {}, noBody: true },
    { name: 'tasks redrive', method: 'POST', path: () => `/api/v1/tasks/${ids['task']}/redrive`, required: {}, noBody: true },
    { name: 'channels create', method: 'POST', path: () => '/api/v1/channels', required: { name: ['str', 'c'] }, optional: { members: 'arr', classification: 'enum' } },
    { name: 'channels members', method: 'POST', path: () => `/api/v1/channels/${ids['channel']}/members`, required: { members: ['arr', ['bob']] } },
    { name: 'channels messages', method: 'POST', path: () => `/api/v1/channels/${ids['channel']}/messages`, required: { body: ['json', { t: 1 }] } },
    { name: 'channels ack', method: 'POST', path: () => `/api/v1/channels/${ids['channel']}/ack`, required: { sequence: ['num', 1] } },
    { noBody: true, name: 'channels archive', method: 'POST', path: () => `/api/v1/channels/${ids['channel']}/archive`, required: {} },
    { name: 'proposals open', method: 'POST', path: () => '/api/v1/proposals', required: { title: ['str', 't'], voters: ['arr', [{ voterId: 'a', weight: 1 }]], quorum: ['num', 1], threshold: ['enum', 'unanimous'], deadline: ['str', '2030-01-01T00:00:00Z'] }, optional: { description: 'str', classification: 'enum' } },
    { name: 'proposals votes', method: 'POST', path: () => `/api/v1/proposals/${ids['proposal']}/votes`, required: { choice: ['enum', 'yes'] } },
    { name: 'proposals close', method: 'POST', path: () => `/api/v1/proposals/${ids['proposal']}/close`, required: {}, noBody: true },
    { name: 'proposals cancel', method: 'POST', path: () => `/api/v1/proposals/${ids['proposal']}/cancel`, required: {}, noBody: true },
  ];
  // A `json` required field cannot have a wrong type: its breaker is leaving it out (wrongFor('json') is undefined).

  it.each(routes.map((r) => [r.name, r] as const))('%s: 4xx with a message, nothing changes', async (_name, route) => {
    const before = await snapshot(h.admin, tenant);
    const bad: string[] = [];
    await fc.assert(
      fc.asyncProperty(bodies(route), async (sample) => {
        const r = await call(c, h.baseUrl, route.method, route.path(), { token: op, raw: sample.raw, headers: { ...(route.method === 'PATCH' ? { 'if-match': 'W/"999"' } : {}), ...sample.headers } });
        const good = r.status >= 400 && r.status < 500 && typeof r.body?.error === 'string' && typeof r.body?.message === 'string' && r.body.message.length > 0;
        if (!good) bad.push(`${sample.label}: ${r.status} ${r.text.slice(0, 160)} <- ${sample.raw.slice(0, 120)}`);
        return good;
      }),
      { numRuns: RUNS, endOnFailure: true },
    ).catch(aborted(bad));
    const after = await snapshot(h.admin, tenant);
    const changed = diff(before, after);
    if (changed.length > 0) {
      c.lost += changed.length;
      violations.push(`${route.name}: ${changed.join('; ')}`);
    }
    expect({ bad: bad.slice(0, 3), changed }).toEqual({ bad: [], changed: [] });
  });

  it('odd but well-typed strings are stored or refused with a 4xx, never a 5xx', async () => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(oddString, oddString, fc.dictionary(oddString, anyJson, { maxKeys: 3 }), async (name, description, config) => {
        const r = await call(c, h.baseUrl, 'POST', '/api/v1/loops', { token: op, body: { name: `n${name}`, description, config } });
        const ok = (r.status === 201 && typeof r.body?.id === 'string') || (r.status >= 400 && r.status < 500 && typeof r.body?.message === 'string');
        if (!ok) failures.push(`${r.status} ${r.text.slice(0, 160)} <- ${JSON.stringify({ name, description, config }).slice(0, 160)}`);
        return ok;
      }),
      { numRuns: RUNS * 2, endOnFailure: true },
    ).catch(aborted(failures));
    // every 201 came with its audit event
    const rows = await h.admin.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM loops l WHERE l.tenant_id = $1 AND NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.tenant_id = l.tenant_id AND e.resource_id = l.id::text AND e.outcome = 'allowed')`,
      [tenant],
    );
    c.lost += rows[0]?.n ?? 0;
    expect({ failures: failures.slice(0, 3), unaudited: rows[0]?.n }).toEqual({ failures: [], unaudited: 0 });
  });


  it('refuses a NUL character in any stored string with 400 validation_failed', async () => {
    const probes: [string, string, unknown][] = [
      ['loop name', '/api/v1/loops', { name: 'a\u0000b' }],
      ['loop description', '/api/v1/loops', { name: 'ok', description: 'a\u0000b' }],
      ['loop config value', '/api/v1/loops', { name: 'ok', config: { k: 'a\u0000b' } }],
      ['loop config key', '/api/v1/loops', { name: 'ok', config: { ['a\u0000b']: 1 } }],
      ['task kind', '/api/v1/tasks', { queue: 'q', kind: 'a\u0000b', payload: {} }],
      ['task payload', '/api/v1/tasks', { queue: 'q', kind: 'k', payload: { v: 'a\u0000b' } }],
      ['channel name', '/api/v1/channels', { name: 'a\u0000b' }],
      ['channel message body', `/api/v1/channels/${ids['channel']}/messages`, { body: { text: 'a\u0000b' } }],
      ['playbook name', '/api/v1/playbooks', { name: 'a\u0000b' }],
    ];
    const before = await snapshot(h.admin, tenant);
    const results: string[] = [];
    for (const [label, path, body] of probes) {
      const r = await call(c, h.baseUrl, 'POST', path, { token: op, body });
      if (r.status !== 400 || r.body?.error !== 'validation_failed' || typeof r.body?.message !== 'string') results.push(`${label}: ${r.status} ${r.text.slice(0, 160)}`);
    }
    const changed = diff(before, await snapshot(h.admin, tenant));
    c.lost += changed.length;
    expect({ results, changed }).toEqual({ results: [], changed: [] });
  });

  it('refuses JSON nested deeper than the API accepts with a 4xx, not a 500', async () => {
    const nest = (depth: number): unknown => {
      let v: unknown = 'x';
      for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { a: v };
      return v;
    };
    const results: string[] = [];
    for (const depth of [1_000, 2_000, 3_000]) {
      const probes: [string, string, unknown][] = [
        ['loop config', '/api/v1/loops', { name: 'deep', config: { d: nest(depth) } }],
        ['task payload', '/api/v1/tasks', { queue: 'q', kind: 'k', payload: nest(depth) }],
        ['channel message body', `/api/v1/channels/${ids['channel']}/messages`, { body: nest(depth) }],
      ];
      for (const [label, path, body] of probes) {
        const r = await call(c, h.baseUrl, 'POST', path, { token: op, body });
        // A depth the API accepts may be stored (201); anything it refuses must be a 4xx with a message.
        const ok = r.status === 201 || (r.status >= 400 && r.status < 500 && typeof r.body?.message === 'string');
        if (!ok) results.push(`${label} depth ${depth}: ${r.status} ${r.text.slice(0, 120)}`);
      }
    }
    expect(results).toEqual([]);
  });

  it('GraphQL mutations refuse bad arguments with errors and change nothing', async () => {
    const before = await snapshot(h.admin, tenant);
    const failures: string[] = [];
    const docs = fc.oneof(
      fc.tuple(wrongFor('str'), anyJson).map(([n, cfg]) => ({ query: 'mutation($n: String!, $c: JSON) { createLoop(name: $n, config: $c) { id } }', variables: { n, c: cfg } })),
      fc.tuple(wrongFor('str'), wrongFor('int')).map(([q, p]) => ({ query: 'mutation($q: String!, $p: Int) { enqueueTask(queue: $q, kind: "k", priority: $p) { id } }', variables: { q, p } })),
      oddString.map((choice) => ({ query: 'mutation($id: ID!, $c: String!) { castVote(proposalId: $id, choice: $c) { closedAs } }', variables: { id: ids['proposal'], c: choice } })),
      oddString.map((id) => ({ query: 'mutation($id: ID!) { castVote(proposalId: $id, choice: "yes") { closedAs } }', variables: { id } })),
      oddString.map((q) => ({ query: `mutation { createLoop(name: ${JSON.stringify('')}, description: ${JSON.stringify(q)}) { id } }`, variables: {} })),
      fc.string({ maxLength: 60 }).map((q) => ({ query: `mutation { ${q} }`, variables: {} })),
      deep.map((d) => ({ query: 'mutation($n: String!, $c: JSON) { createLoop(name: $n, config: $c) { id } }', variables: { n: '', c: { d } } })),
    );
    await fc.assert(
      fc.asyncProperty(docs, async (doc) => {
        const r = await call(c, h.baseUrl, 'POST', '/graphql', { token: op, body: doc });
        const ok = r.status < 500 && Array.isArray(r.body?.errors) && typeof r.body.errors[0]?.message === 'string' && !r.body?.data?.createLoop && !r.body?.data?.enqueueTask && !r.body?.data?.castVote;
        if (!ok) failures.push(`${r.status} ${r.text.slice(0, 200)} <- ${JSON.stringify(doc).slice(0, 160)}`);
        return ok;
      }),
      { numRuns: RUNS * 2, endOnFailure: true },
    ).catch(aborted(failures));
    const changed = diff(before, await snapshot(h.admin, tenant));
    c.lost += changed.length;
    expect({ failures: failures.slice(0, 3), changed }).toEqual({ failures: [], changed: [] });
  });
});
