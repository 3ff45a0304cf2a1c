/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- HTTP reply bodies are untyped JSON */
/**
 * Cross-tenant attacks: tenant A creates one of everything; tenant B (same subject, same roles,
 * MFA, top clearance — the closest possible identity) goes after A's ids on every REST route family
 * and every GraphQL field, with A's cursors and filters, A's persisted-query hashes and A's cached
 * queries. Every response containing an identifier of A that B did not itself send is a leak.
 * Forged tokens must all be refused with 401.
 */
import { createHash, randomUUID } from 'node:crypto';
import { call, diff, newCounters, noneToken, snapshot, startHarness, tamper, token, writeCounters, type Harness, type Reply } from './support/harness.js';

const c = newCounters();
const leaks: string[] = [];
const unexpected: string[] = [];

describe('cross-tenant isolation', () => {
  let h: Harness;
  let A: string;
  let B: string;
  let opA: string;
  let opB: string;
  let adminB: string;
  let auditorB: string;
  const marker = `zz${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const secrets: string[] = [];
  const ids: Record<string, string> = {};

  const fromA = async (method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply> => {
    const r = await call(c, h.baseUrl, method, path, { token: opA, ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) });
    if (r.status >= 300) throw new Error(`setup ${method} ${path} -> ${r.status} ${r.text}`);
    return r;
  };

  /** B's request: must be 4xx (allowed: `ok`), and carry no identifier of A that B did not send. */
  const attack = async (label: string, method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string>; ok?: number[] } = {}): Promise<Reply> => {
    const sent = `${path} ${JSON.stringify(options.body ?? '')}`;
    const r = await call(c, h.baseUrl, method, path, { token: options.token ?? opB, ...options });
    const ok = options.ok ?? [403, 404];
    if (!ok.includes(r.status)) unexpected.push(`${label}: ${method} ${path} -> ${r.status} ${r.text.slice(0, 200)}`);
    checkLeak(label, sent, r.text);
    return r;
  };

  const checkLeak = (label: string, sent: string, text: string): void => {
    const found = secrets.filter((s) => text.includes(s) && !sent.includes(s));
    if (found.length > 0) {
      c.leaks++;
      leaks.push(`${label}: ${found.join(',')} in ${text.slice(0, 200)}`);
    }
  };

  const gqlB = async (label: string, query: string, variables: Record<string, unknown> = {}, extra: Record<string, unknown> = {}, tok?: string): Promise<Reply> => {
    const body = { query, variables, ...extra };
    const r = await call(c, h.baseUrl, 'POST', '/graphql', { token: tok ?? opB, body });
    checkLeak(label, JSON.stringify(body), r.text);
    return r;
  };

  beforeAll(async () => {
    h = await startHarness();
    A = await h.tenant();
    B = await h.tenant();
    // Same subject and roles in both tenants: only the tenant separates them.
    opA = await token({ tid: A, sub: 'alice', roles: ['operator', 'tenant_admin'] });
    opB = await token({ tid: B, sub: 'alice', roles: ['operator', 'tenant_admin'] });
    adminB = await token({ tid: B, sub: 'alice', roles: ['tenant_admin', 'operator', 'auditor', 'agent', 'analyst'] });
    auditorB = await token({ tid: B, sub: 'alice', roles: ['auditor'] });
    const deadline = new Date(Date.now() + 3_600_000).toISOString();
    const name = (k: string): string => `${marker}-${k}`;

    ids['loop'] = (await fromA('POST', '/api/v1/loops', { name: name('loop'), description: name('loopdesc'), config: { secret: name('loopcfg') } })).body.id;
    await fromA('POST', '/api/v1/loops', { name: name('loop2') });
    ids['loop3'] = (await fromA('POST', '/api/v1/loops', { name: name('loop3') })).body.id;
    const lease = await fromA('POST', `/api/v1/loops/${ids['loop']}/lease`, { owner: name('owner'), ttlMs: 60_000 });
    const fencing = lease.body.fencingToken ?? lease.body.lease?.fencingToken ?? 1;
    await call(c, h.baseUrl, 'POST', `/api/v1/loops/${ids['loop']}/cycles`, { token: opA, body: { fencingToken: fencing, monitor: { m: name('cycle') }, analysis: {}, plan: {}, execution: {}, knowledge: {} } });
    ids['agentSubject'] = name('agentsub');
    ids['agent'] = (await fromA('POST', '/api/v1/agents', { name: name('agent'), subject: ids['agentSubject'], role: 'executor', model: name('model'), capabilities: [name('cap')], routingWeight: 1 })).body.id;
    ids['experiment'] = (await fromA('POST', '/api/v1/experiments', { name: name('exp'), variants: [{ key: name('va'), weight: 50 }, { key: 'b', weight: 50 }] })).body.id;
    await fromA('POST', `/api/v1/experiments/${ids['experiment']}/start`);
    ids['playbook'] = (await fromA('POST', '/api/v1/playbooks', { name: name('pb') })).body.id;
    ids['version'] = (await fromA('POST', `/api/v1/playbooks/${ids['playbook']}/versions`, { steps: [{ key: name('step'), action: 'restart', params: {} }] })).body.id;
    ids['queue'] = name('queue');
    ids['task'] = (await fromA('POST', '/api/v1/tasks', { queue: ids['queue'], kind: name('kind'), payload: { s: name('payload') } })).body.id;
    ids['task2'] = (await fromA('POST', '/api/v1/tasks', { queue: ids['queue'], kind: name('kind2'), payload: {} })).body.id;
    ids['channel'] = (await fromA('POST', '/api/v1/channels', { name: name('chan'), members: ['alice', name('member')] })).body.id;
    await fromA('POST', `/api/v1/channels/${ids['channel']}/messages`, { body: { text: name('msg') } });
    ids['proposal'] = (await fromA('POST', '/api/v1/proposals', { title: name('prop'), voters: [{ voterId: 'alice', weight: 1 }, { voterId: name('voter'), weight: 1 }], quorum: 1, threshold: 'unanimous', deadline })).body.id;
    // A run needs a published, enabled playbook.
    const pub = await call(c, h.baseUrl, 'POST', `/api/v1/playbooks/${ids['playbook']}/versions/${ids['version']}/publish`, { token: opA });
    if (pub.status < 300) {
      await call(c, h.baseUrl, 'POST', `/api/v1/playbooks/${ids['playbook']}/enable`, { token: opA });
      const run = await call(c, h.baseUrl, 'POST', `/api/v1/playbooks/${ids['playbook']}/runs`, { token: opA });
      if (run.status < 300) ids['run'] = run.body.id;
    }
    // A's identifiers: every id and every name-like marker.
    secrets.push(marker, ...Object.values(ids));
    const auditIds = await h.admin.query<{ id: string; resource_id: string | null }[]>(`SELECT id, resource_id FROM audit_events WHERE tenant_id = $1`, [A]);
    for (const e of auditIds) secrets.push(e.id, ...(e.resource_id ? [e.resource_id] : []));
    secrets.push(A);
  });

  afterAll(async () => {
    writeCounters('cross-tenant', c);
    await h?.close();
  });

  it('refuses forged, expired, not-yet-valid and tenant-less tokens with 401 on REST and GraphQL', async () => {
    const good = await token({ tid: A });
    const forged = [
      ['wrong key', await token({ tid: A }, { secret: 'another-secret-of-sufficient-length-123' })],
      ['alg none', noneToken({ tid: A })],
      ['alg none, no dot', noneToken({ tid: A }).slice(0, -1)],
      ['expired', await token({ tid: A }, { ttlSec: -30 })],
      ['not yet valid', await token({ tid: A }, { nbfSec: 600 })],
      ['missing tenant', await token({ tid: undefined })],
      ['empty tenant', await token({ tid: '' })],
      ['tenant altered after signing', tamper(good, (p) => (p['tid'] = B))],
      ['roles altered after signing', tamper(await token({ tid: A, roles: ['viewer'] }), (p) => (p['roles'] = ['tenant_admin']))],
      ['HS512 (algorithm pinned)', await token({ tid: A }, { alg: 'HS512' })],
      ['garbage', 'a.b.c'],
      ['empty', ''],
    ] as const;
    const failures: string[] = [];
    for (const [label, t] of forged) {
      const r = await call(c, h.baseUrl, 'GET', '/api/v1/loops', { headers: { authorization: `Bearer ${t}` } });
      if (r.status !== 401) failures.push(`REST ${label}: ${r.status}`);
      checkLeak(`forged ${label}`, '', r.text);
      const g = await call(c, h.baseUrl, 'POST', '/graphql', { headers: { authorization: `Bearer ${t}` }, body: { query: '{ loops { items { id name } } }' } });
      if (g.body?.errors?.[0]?.extensions?.code !== 'unauthenticated') failures.push(`GraphQL ${label}: ${g.status} ${g.text.slice(0, 120)}`);
      checkLeak(`forged gql ${label}`, '', g.text);
    }
    expect(failures).toEqual([]);
  });

  it('answers 404/403 to B on every REST route family that names A’s ids, and leaks nothing', async () => {
    const L = ids['loop'];
    const G = ids['agent'];
    const E = ids['experiment'];
    const P = ids['playbook'];
    const V = ids['version'];
    const T = ids['task'];
    const C = ids['channel'];
    const Q = ids['proposal'];
    const R = ids['run'] ?? randomUUID();
    const im = { 'if-match': 'W/"1"' };
    const before = await snapshot(h.admin, A);
    const tokens = [opB, adminB];
    for (const tok of tokens) {
      const a = (label: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply> =>
        attack(label, method, path, { token: tok, ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) });
      // loops
      await a('loop get', 'GET', `/api/v1/loops/${L}`);
      await a('loop patch', 'PATCH', `/api/v1/loops/${L}`, { description: 'pwned' }, im);
      for (const act of ['pause', 'resume', 'retire']) await a(`loop ${act}`, 'POST', `/api/v1/loops/${L}/${act}`);
      await a('loop lease', 'POST', `/api/v1/loops/${L}/lease`, { owner: 'mallory', ttlMs: 60_000 });
      await a('loop cycle', 'POST', `/api/v1/loops/${L}/cycles`, { fencingToken: 1, monitor: {}, analysis: {}, plan: {}, execution: {}, knowledge: {} });
      await a('loop cycles', 'GET', `/api/v1/loops/${L}/cycles`);
      // agents
      await a('agent get', 'GET', `/api/v1/agents/${G}`);
      await a('agent patch', 'PATCH', `/api/v1/agents/${G}`, { model: 'pwned' }, im);
      await a('agent routing', 'POST', `/api/v1/agents/${G}/routing`, { expectedVersion: 1, routingWeight: 999 });
      for (const act of ['heartbeat', 'suspend', 'resume', 'retire']) await a(`agent ${act}`, 'POST', `/api/v1/agents/${G}/${act}`);
      await attack('agent heartbeat as A subject', 'POST', `/api/v1/agents/${G}/heartbeat`, { token: await token({ tid: B, sub: ids['agentSubject'], roles: ['agent'] }) });
      // experiments
      await a('exp get', 'GET', `/api/v1/experiments/${E}`);
      await a('exp results', 'GET', `/api/v1/experiments/${E}/results?metric=m`);
      for (const act of ['start', 'pause', 'resume', 'abort']) await a(`exp ${act}`, 'POST', `/api/v1/experiments/${E}/${act}`);
      await a('exp conclude', 'POST', `/api/v1/experiments/${E}/conclude`, { conclusion: 'pwned' });
      await a('exp observe', 'POST', `/api/v1/experiments/${E}/observations`, { variantKey: 'b', metric: 'm', value: 1 });
      // playbooks
      await a('pb get', 'GET', `/api/v1/playbooks/${P}`);
      await a('pb versions', 'GET', `/api/v1/playbooks/${P}/versions`);
      await a('pb new version', 'POST', `/api/v1/playbooks/${P}/versions`, { steps: [{ key: 'x', action: 'y' }] });
      await a('pb patch version', 'PATCH', `/api/v1/playbooks/versions/${V}`, { expectedVersion: 1, steps: [{ key: 'x', action: 'y' }] }, im);
      await a('pb publish', 'POST', `/api/v1/playbooks/${P}/versions/${V}/publish`);
      for (const act of ['enable', 'disable', 'deprecate']) await a(`pb ${act}`, 'POST', `/api/v1/playbooks/${P}/${act}`);
      await a('pb start run', 'POST', `/api/v1/playbooks/${P}/runs`);
      await a('pb runs', 'GET', `/api/v1/playbooks/${P}/runs`);
      await a('pb run get', 'GET', `/api/v1/playbooks/runs/${R}`);
      await a('pb run step', 'POST', `/api/v1/playbooks/runs/${R}/steps`, { stepKey: 'x', status: 'succeeded' });
      await a('pb run finish', 'POST', `/api/v1/playbooks/runs/${R}/finish`, { status: 'failed' });
      // tasks
      await a('task get', 'GET', `/api/v1/tasks/${T}`);
      await a('task extend', 'POST', `/api/v1/tasks/${T}/extend`, { leaseToken: randomUUID(), leaseMs: 60_000 });
      await a('task complete', 'POST', `/api/v1/tasks/${T}/complete`, { leaseToken: randomUUID(), result: {} });
      await a('task fail', 'POST', `/api/v1/tasks/${T}/fail`, { leaseToken: randomUUID(), error: 'x' });
      await a('task cancel', 'POST', `/api/v1/tasks/${T}/cancel`);
      await a('task redrive', 'POST', `/api/v1/tasks/${ids['task2']}/redrive`);
      // channels
      await a('chan get', 'GET', `/api/v1/channels/${C}`);
      await a('chan members', 'GET', `/api/v1/channels/${C}/members`);
      await a('chan add members', 'POST', `/api/v1/channels/${C}/members`, { members: ['mallory'] });
      await a('chan messages', 'GET', `/api/v1/channels/${C}/messages`);
      await a('chan post', 'POST', `/api/v1/channels/${C}/messages`, { body: { text: 'pwned' } });
      await a('chan ack', 'POST', `/api/v1/channels/${C}/ack`, { sequence: 1 });
      await a('chan archive', 'POST', `/api/v1/channels/${C}/archive`);
      // proposals
      await a('prop get', 'GET', `/api/v1/proposals/${Q}`);
      await a('prop votes', 'GET', `/api/v1/proposals/${Q}/votes`);
      await a('prop vote', 'POST', `/api/v1/proposals/${Q}/votes`, { choice: 'no' });
      await a('prop close', 'POST', `/api/v1/proposals/${Q}/close`);
      await a('prop cancel', 'POST', `/api/v1/proposals/${Q}/cancel`);
    }
    // Nothing of A changed.
    const after = await snapshot(h.admin, A);
    const changed = diff(before, after);
    c.lost += changed.length;
    expect(changed).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(leaks).toEqual([]);
  });

  it('gives B none of A’s rows through lists, filters and A’s own cursors', async () => {
    const lists: string[] = [];
    // A's cursors on every paginated list.
    for (const path of ['/api/v1/loops', '/api/v1/agents', '/api/v1/experiments', '/api/v1/playbooks', '/api/v1/tasks', '/api/v1/channels', '/api/v1/proposals', '/api/v1/audit']) {
      const tokA = path.endsWith('audit') ? await token({ tid: A, roles: ['auditor'] }) : opA;
      const page = await call(c, h.baseUrl, 'GET', `${path}?limit=1`, { token: tokA });
      expect(page.status).toBe(200);
      const cursor = page.body.nextCursor as string | null;
      lists.push(`${path}?limit=1`);
      if (cursor) lists.push(`${path}?limit=200&cursor=${encodeURIComponent(cursor)}`);
    }
    lists.push(
      `/api/v1/loops/${ids['loop']}/cycles`,
      `/api/v1/tasks?queue=${encodeURIComponent(ids['queue'] ?? '')}`,
      `/api/v1/tasks?queue=${encodeURIComponent(ids['queue'] ?? '')}&status=queued`,
      '/api/v1/tasks/dead',
      `/api/v1/agents?capabilities=${marker}-cap`,
      `/api/v1/agents?reachable=true`,
      `/api/v1/audit?resourceId=${ids['loop']}`,
      `/api/v1/audit?resourceType=loop&resourceId=${ids['task']}`,
      `/api/v1/audit?actor=alice`,
      `/api/v1/audit?action=loop:create`,
      `/api/v1/audit?outcome=allowed&order=desc&limit=200`,
    );
    for (const path of lists) {
      for (const tok of [opB, adminB, auditorB]) {
        const r = await attack(`list ${path}`, 'GET', path, { token: tok, ok: [200, 400, 403, 404] });
        if (r.status === 200 && Array.isArray(r.body?.items)) {
          const foreign = (r.body.items as { tenantId?: string }[]).filter((i) => i.tenantId && i.tenantId !== B);
          if (foreign.length > 0) {
            c.leaks++;
            leaks.push(`${path}: ${foreign.length} foreign rows`);
          }
        }
      }
    }
    // B claiming A's queue with A's agent id, and with its own agent.
    await attack('claim A queue with A agent', 'POST', '/api/v1/tasks/claim', { token: adminB, body: { queue: ids['queue'], agentId: ids['agent'], limit: 10, leaseMs: 30_000 }, ok: [200, 403, 404] }).then((r) => {
      if (r.status === 200 && (r.body.items as unknown[]).length > 0) unexpected.push('B claimed A tasks');
    });
    const agentB = await call(c, h.baseUrl, 'POST', '/api/v1/agents', { token: opB, body: { name: 'b', subject: 'b-agent', role: 'executor', model: 'm', capabilities: [], routingWeight: 1 } });
    const claim = await attack('claim A queue with B agent', 'POST', '/api/v1/tasks/claim', {
      token: await token({ tid: B, sub: 'b-agent', roles: ['agent'] }),
      body: { queue: ids['queue'], agentId: agentB.body.id, limit: 10, leaseMs: 30_000 },
      ok: [200],
    });
    expect(claim.body.items).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(leaks).toEqual([]);
  });

  it('leaks nothing through GraphQL fields, nested fields, cursors, the response cache or persisted queries', async () => {
    const gqlA = (query: string, variables: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Promise<Reply> =>
      call(c, h.baseUrl, 'POST', '/graphql', { token: opA, body: { query, variables, ...extra } });
    const loopsQ = 'query($c: String, $l: Int) { loops(cursor: $c, limit: $l) { items { id name description config classification status version } nextCursor } }';
    const tasksQ = 'query($q: String) { tasks(queue: $q) { items { id queue kind payload status } nextCursor } }';
    const propsQ = '{ proposals { items { id title status } nextCursor } }';
    // A warms the cache for every query B will then send with the same operation and variables.
    const aLoops = await gqlA(loopsQ, { l: 1 });
    expect(aLoops.body.data.loops.items.length).toBe(1);
    const aCursor = aLoops.body.data.loops.nextCursor as string;
    await gqlA(loopsQ, {});
    await gqlA(loopsQ, { c: aCursor, l: 5 });
    await gqlA(tasksQ, { q: ids['queue'] });
    await gqlA(propsQ);
    await gqlA('query($id: ID!) { loop(id: $id) { id name config } }', { id: ids['loop'] });
    const failures: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (const tok of [opB, adminB]) {
        const r1 = await gqlB('gql loops (cached by A)', loopsQ, {}, {}, tok);
        if (r1.body?.data?.loops?.items?.length) failures.push('B saw loops');
        await gqlB('gql loops A cursor', loopsQ, { c: aCursor, l: 5 }, {}, tok);
        const r2 = await gqlB('gql tasks A queue', tasksQ, { q: ids['queue'] }, {}, tok);
        if (r2.body?.data?.tasks?.items?.length) failures.push('B saw tasks');
        await gqlB('gql proposals', propsQ, {}, {}, tok);
        const one = await gqlB('gql loop(A id)', 'query($id: ID!) { loop(id: $id) { id name config } }', { id: ids['loop'] }, {}, tok);
        if (one.body?.data?.loop) failures.push('B read A loop');
        if (!['not_found', 'policy_denied'].includes(String(one.body?.errors?.[0]?.extensions?.code))) failures.push(`loop(A id) code ${one.text.slice(0, 120)}`);
        // inline literal instead of a variable
        await gqlB('gql loop literal', `{ loop(id: "${ids['loop']}") { id name } }`, {}, {}, tok);
        const vote = await gqlB('gql castVote A proposal', 'mutation($id: ID!) { castVote(proposalId: $id, choice: "no") { closedAs proposal { id title status } } }', { id: ids['proposal'] }, {}, tok);
        if (vote.body?.data?.castVote) failures.push('B voted on A proposal');
        // GET transport too
        const q = encodeURIComponent('{ loops { items { id name } } }');
        const g = await call(c, h.baseUrl, 'GET', `/graphql?query=${q}`, { token: tok, headers: { 'apollo-require-preflight': 'true' } });
        checkLeak('gql GET loops', q, g.text);
      }
    }
    // Automatic persisted queries (Apollo Server enables APQ by default): A registers a query that
    // embeds A's id as a literal; B sends only the hash.
    const literal = `{ loop(id: "${ids['loop']}") { id name config } }`;
    const hash = createHash('sha256').update(literal).digest('hex');
    const reg = await gqlA(literal, {}, { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    const regErrors = (reg.body?.errors ?? []) as { extensions?: { code?: string } }[];
    const apqSupported = reg.status === 200 && !regErrors.some((e) => /PERSISTED_QUERY/.test(e.extensions?.code ?? ''));
    const byHash = await call(c, h.baseUrl, 'POST', '/graphql', { token: opB, body: { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } } });
    // Knowing the hash means knowing the literal (and so A's id): an echo of it is not a leak.
    checkLeak('APQ hash of A query', literal, byHash.text);
    if (byHash.body?.data?.loop) failures.push('B read A loop through APQ');
    const listHash = createHash('sha256').update(loopsQ).digest('hex');
    await gqlA(loopsQ, {}, { extensions: { persistedQuery: { version: 1, sha256Hash: listHash } } });
    const listByHash = await call(c, h.baseUrl, 'POST', '/graphql', { token: opB, body: { variables: {}, extensions: { persistedQuery: { version: 1, sha256Hash: listHash } } } });
    checkLeak('APQ hash of A list', listHash, listByHash.text);
    writeCounters('cross-tenant:apq', { requests: 0, leaks: 0, fiveXX: 0, lost: 0, doubleClaims: 0 }, { apqSupported, apqHashOnlyStatus: byHash.status, apqBody: byHash.text.slice(0, 300) });
    expect(failures).toEqual([]);
    expect(leaks).toEqual([]);
  });
});
