/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- HTTP reply bodies are untyped JSON */
import { randomUUID } from 'node:crypto';
import { databaseTargets } from '@intelgraph/persistence/testing';
import { call, noneToken, startHarness, token, type Harness } from './api.harness.js';

describe.each(databaseTargets())('API over HTTP ($name database)', (target) => {
  let h: Harness;
  let tenantA: string;
  let tenantB: string;
  let opA: string;

  beforeAll(async () => {
    h = await startHarness(target, { budgets: { governance: { points: 3, durationSec: 60 } } });
    tenantA = await h.tenant();
    tenantB = await h.tenant();
    opA = await token({ tid: tenantA, roles: ['operator'] });
  });
  afterAll(async () => {
    await h.close();
  });

  describe('authentication', () => {
    it('refuses a missing token with 401', async () => {
      const r = await call(h.baseUrl, 'GET', '/api/v1/loops');
      expect(r.status).toBe(401);
      expect(r.body.error).toBe('unauthenticated');
    });

    it('refuses a malformed, expired, alg:none or wrong-key token with 401', async () => {
      const bad = [
        'not-a-jwt',
        await token({ tid: tenantA }, { ttlSec: -60 }),
        noneToken({ tid: tenantA }),
        await token({ tid: tenantA }, { secret: 'another-secret-of-sufficient-length' }),
      ];
      for (const t of bad) {
        const r = await call(h.baseUrl, 'GET', '/api/v1/loops', { token: t });
        expect(r.status).toBe(401);
      }
    });

    it('takes identity only from the token, never from headers', async () => {
      const created = await call(h.baseUrl, 'POST', '/api/v1/loops', { token: opA, body: { name: 'mine' } });
      expect(created.status).toBe(201);
      const r = await call(h.baseUrl, 'GET', `/api/v1/loops/${created.body.id}`, {
        token: await token({ tid: tenantB }),
        headers: { 'x-tenant-id': tenantA, 'x-user': 'alice' },
      });
      expect(r.status).toBe(404);
    });
  });

  describe('policy and errors', () => {
    it('answers 403 with reasons when the role does not permit the action', async () => {
      const r = await call(h.baseUrl, 'POST', '/api/v1/loops', { token: await token({ tid: tenantA, roles: ['viewer'] }), body: { name: 'x' } });
      expect(r.status).toBe(403);
      expect(r.body.error).toBe('policy_denied');
      expect(r.body.reasons).toContain('role_not_permitted');
    });

    it('answers 404 for another tenant’s id and for an unknown id', async () => {
      const created = await call(h.baseUrl, 'POST', '/api/v1/loops', { token: opA, body: { name: 'private' } });
      const other = await call(h.baseUrl, 'GET', `/api/v1/loops/${created.body.id}`, { token: await token({ tid: tenantB }) });
      expect(other.status).toBe(404);
      const unknown = await call(h.baseUrl, 'GET', `/api/v1/loops/${randomUUID()}`, { token: opA });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toBe('not_found');
    });

    it('answers 400 naming each bad field', async () => {
      const r = await call(h.baseUrl, 'POST', '/api/v1/loops', { token: opA, body: { name: '', classification: 'secret' } });
      expect(r.status).toBe(400);
      expect(r.body.error).toBe('validation_failed');
      const paths = (r.body.fields as { path: string }[]).map((f) => f.path);
      expect(paths).toEqual(expect.arrayContaining(['name', 'classification']));
      const q = await call(h.baseUrl, 'GET', '/api/v1/loops?limit=9999', { token: opA });
      expect(q.status).toBe(400);
      expect(q.body.fields[0].path).toBe('query.limit');
      const id = await call(h.baseUrl, 'GET', '/api/v1/loops/not-a-uuid', { token: opA });
      expect(id.status).toBe(400);
      expect(id.body.fields[0].path).toBe('id');
    });

    it('answers 400 for malformed JSON and 413 for a body over 256 KiB', async () => {
      const malformed = await call(h.baseUrl, 'POST', '/api/v1/loops', { token: opA, raw: '{"name":' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error).toBe('malformed_json');
      const big = await call(h.baseUrl, 'POST', '/api/v1/loops', { token: opA, body: { name: 'big', description: 'x'.repeat(300 * 1024) } });
      expect(big.status).toBe(413);
      expect(big.body.error).toBe('payload_too_large');
    });

    it('sets ETag and answers 412 to a stale If-Match, 428 without one', async () => {
      const created = await call(h.baseUrl, 'POST', '/api/v1/loops', { token: opA, body: { name: 'versioned' } });
      const id = created.body.id as string;
      const etag = created.headers.get('etag');
      expect(etag).toBe(`W/"${created.body.version}"`);
      const ok = await call(h.baseUrl, 'PATCH', `/api/v1/loops/${id}`, { token: opA, headers: { 'if-match': etag ?? '' }, body: { description: 'v2' } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('etag')).toBe(`W/"${ok.body.version}"`);
      const stale = await call(h.baseUrl, 'PATCH', `/api/v1/loops/${id}`, { token: opA, headers: { 'if-match': etag ?? '' }, body: { description: 'v3' } });
      expect(stale.status).toBe(412);
      expect(stale.body.error).toBe('version_conflict');
      const missing = await call(h.baseUrl, 'PATCH', `/api/v1/loops/${id}`, { token: opA, body: { description: 'v3' } });
      expect(missing.status).toBe(428);
    });

    it('answers 409 to an invalid lifecycle transition', async () => {
      const created = await call(h.baseUrl, 'POST', '/api/v1/loops', { token: opA, body: { name: 'lifecycle' } });
      const resume = await call(h.baseUrl, 'POST', `/api/v1/loops/${created.body.id}/resume`, { token: opA });
      expect(resume.status).toBe(409);
      expect(resume.body.error).toBe('invalid_transition');
    });
  });

  describe('idempotency', () => {
    it('replays the first response for the same key and refuses another body with 422', async () => {
      const key = randomUUID();
      const first = await call(h.baseUrl, 'POST', '/api/v1/loops', { token: opA, headers: { 'idempotency-key': key }, body: { name: 'once' } });
      expect(first.status).toBe(201);
      const replay = await call(h.baseUrl, 'POST', '/api/v1/loops', { token: opA, headers: { 'idempotency-key': key }, body: { name: 'once' } });
      expect(replay.status).toBe(201);
      expect(replay.body.id).toBe(first.body.id);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      const other = await call(h.baseUrl, 'POST', '/api/v1/loops', { token: opA, headers: { 'idempotency-key': key }, body: { name: 'twice' } });
      expect(other.status).toBe(422);
      const list = await call(h.baseUrl, 'GET', '/api/v1/loops?limit=200', { token: opA });
      expect((list.body.items as { name: string }[]).filter((l) => l.name === 'once')).toHaveLength(1);
    });
  });

  describe('rate limiting', () => {
    it('sets RateLimit headers and answers 429 with Retry-After past the governance budget', async () => {
      const t = await token({ tid: tenantA, sub: `limited-${randomUUID()}` });
      const replies = [];
      for (let i = 0; i < 4; i++) replies.push(await call(h.baseUrl, 'POST', `/api/v1/tasks/${randomUUID()}/redrive`, { token: t }));
      expect(replies.slice(0, 3).map((r) => r.status)).toEqual([404, 404, 404]);
      expect(replies[0]?.headers.get('ratelimit-policy')).toBe('"governance";q=3;w=60');
      expect(replies[0]?.headers.get('ratelimit')).toMatch(/^"governance";r=2;t=\d+$/);
      const refused = replies[3];
      expect(refused?.status).toBe(429);
      expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
      const plain = await call(h.baseUrl, 'GET', '/api/v1/loops', { token: t });
      expect(plain.status).toBe(200);
      expect(plain.headers.get('etag')).toBeNull();
      expect(plain.headers.get('ratelimit-policy')).toMatch(/^"default";q=\d+;w=\d+$/);
    });
  });

  describe('operations endpoints', () => {
    it('serves liveness, readiness, metrics and OpenAPI docs without a token', async () => {
      expect((await call(h.baseUrl, 'GET', '/health/live')).status).toBe(200);
      const ready = await call(h.baseUrl, 'GET', '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.checks.database.ok).toBe(true);
      const metrics = await call(h.baseUrl, 'GET', '/metrics');
      expect(metrics.status).toBe(200);
      for (const name of ['http_request_duration_seconds', 'policy_decisions_total', 'rate_limit_rejections_total', 'cache_requests_total', 'db_pool_connections']) {
        expect(metrics.body).toContain(name);
      }
      const docs = await call(h.baseUrl, 'GET', '/docs-json');
      expect(docs.status).toBe(200);
      expect(docs.body.openapi).toMatch(/^3\./);
      expect(Object.keys(docs.body.paths)).toEqual(
        expect.arrayContaining(['/api/v1/loops', '/api/v1/loops/{id}', '/api/v1/tasks/claim', '/api/v1/agents/{id}/heartbeat', '/api/v1/audit', '/health/ready']),
      );
      expect((await fetch(h.baseUrl + '/docs')).status).toBe(200);
    });

    it('echoes x-request-id, sets security headers and logs one JSON line without the token', async () => {
      const r = await call(h.baseUrl, 'GET', '/api/v1/loops', { token: opA, headers: { 'x-request-id': 'req-123' } });
      expect(r.headers.get('x-request-id')).toBe('req-123');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      const generated = await call(h.baseUrl, 'GET', '/health/live');
      expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const line = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['requestId'] === 'req-123');
      expect(line).toMatchObject({ method: 'GET', route: '/api/v1/loops', status: 200 });
      expect(typeof line?.['durationMs']).toBe('number');
      expect(h.logs.join('\n')).not.toContain(opA);
    });
  });

  describe('end to end', () => {
    it('creates a loop, registers an agent, enqueues, claims and completes a task, and audits it', async () => {
      const loop = await call(h.baseUrl, 'POST', '/api/v1/loops', { token: opA, body: { name: 'e2e', config: { k: 1 } } });
      expect(loop.status).toBe(201);
      const agentSubject = `agent-${randomUUID()}`;
      const agent = await call(h.baseUrl, 'POST', '/api/v1/agents', {
        token: opA,
        body: { name: 'worker', subject: agentSubject, role: 'executor', model: 'm1', capabilities: ['x'], routingWeight: 1 },
      });
      expect(agent.status).toBe(201);
      const heartbeat = await call(h.baseUrl, 'POST', `/api/v1/agents/${agent.body.id}/heartbeat`, { token: await token({ tid: tenantA, sub: agentSubject, roles: ['agent'] }) });
      expect(heartbeat.status).toBe(200);
      const task = await call(h.baseUrl, 'POST', '/api/v1/tasks', { token: opA, body: { queue: 'q1', kind: 'analyze', payload: { loopId: loop.body.id } } });
      expect(task.status).toBe(201);
      const agentToken = await token({ tid: tenantA, sub: agentSubject, roles: ['agent'] });
      const claimed = await call(h.baseUrl, 'POST', '/api/v1/tasks/claim', { token: agentToken, body: { queue: 'q1', agentId: agent.body.id, limit: 5, leaseMs: 30_000 } });
      expect(claimed.status).toBe(200);
      expect(claimed.body.items).toHaveLength(1);
      const claimedTask = claimed.body.items[0];
      expect(claimedTask.id).toBe(task.body.id);
      const done = await call(h.baseUrl, 'POST', `/api/v1/tasks/${claimedTask.id}/complete`, { token: agentToken, body: { leaseToken: claimedTask.leaseToken, result: { ok: true } } });
      expect(done.status).toBe(200);
      expect(done.body.status).toBe('succeeded');
      const audit = await call(h.baseUrl, 'GET', `/api/v1/audit?resourceId=${task.body.id}`, { token: await token({ tid: tenantA, roles: ['auditor'] }) });
      expect(audit.status).toBe(200);
      expect((audit.body.items as { action: string }[]).map((e) => e.action)).toEqual(expect.arrayContaining(['task:enqueue', 'task:claim', 'task:complete']));
    });

    it('opens a proposal, takes votes and closes it once decided', async () => {
      const deadline = new Date(Date.now() + 3_600_000).toISOString();
      const opened = await call(h.baseUrl, 'POST', '/api/v1/proposals', {
        token: opA,
        body: { title: 'Scale out', voters: [{ voterId: 'alice', weight: 1 }, { voterId: 'bob', weight: 1 }, { voterId: 'carol', weight: 1 }], quorum: 0.5, threshold: 'simple_majority', deadline },
      });
      expect(opened.status).toBe(201);
      expect(opened.headers.get('ratelimit-policy')).toMatch(/^"default"/);
      const id = opened.body.id as string;
      const badVote = await call(h.baseUrl, 'POST', `/api/v1/proposals/${id}/votes`, { token: opA, body: { choice: 'maybe' } });
      expect(badVote.status).toBe(400);
      expect(badVote.body.fields[0].path).toBe('choice');
      const first = await call(h.baseUrl, 'POST', `/api/v1/proposals/${id}/votes`, { token: opA, body: { choice: 'yes' } });
      expect(first.status).toBe(201);
      expect(first.headers.get('ratelimit-policy')).toMatch(/^"governance"/);
      expect(first.body.closedAs).toBeNull();
      const bob = await token({ tid: tenantA, sub: 'bob', roles: ['analyst'] });
      const second = await call(h.baseUrl, 'POST', `/api/v1/proposals/${id}/votes`, { token: bob, body: { choice: 'yes' } });
      expect(second.status).toBe(201);
      expect(second.body.closedAs).toBe('accepted');
      const votes = await call(h.baseUrl, 'GET', `/api/v1/proposals/${id}/votes`, { token: opA });
      expect(votes.body.items).toHaveLength(2);
      const outsider = await call(h.baseUrl, 'POST', `/api/v1/proposals/${id}/votes`, { token: await token({ tid: tenantB, sub: 'bob' }), body: { choice: 'no' } });
      expect(outsider.status).toBe(404);
    });

    it('serves experiments, playbooks and channels', async () => {
      const exp = await call(h.baseUrl, 'POST', '/api/v1/experiments', { token: opA, body: { name: 'ab', variants: [{ key: 'a', weight: 50 }, { key: 'b', weight: 50 }] } });
      expect(exp.status).toBe(201);
      expect((await call(h.baseUrl, 'POST', `/api/v1/experiments/${exp.body.id}/start`, { token: opA })).status).toBe(200);
      const pb = await call(h.baseUrl, 'POST', '/api/v1/playbooks', { token: opA, body: { name: 'restart' } });
      expect(pb.status).toBe(201);
      expect((await call(h.baseUrl, 'GET', `/api/v1/playbooks/${pb.body.id}`, { token: opA })).headers.get('etag')).toBe(`W/"${pb.body.version}"`);
      const ch = await call(h.baseUrl, 'POST', '/api/v1/channels', { token: opA, body: { name: 'ops', members: ['alice'] } });
      expect(ch.status).toBe(201);
      const msg = await call(h.baseUrl, 'POST', `/api/v1/channels/${ch.body.id}/messages`, { token: opA, body: { body: { text: 'hello' } } });
      expect(msg.status).toBe(201);
      const read = await call(h.baseUrl, 'GET', `/api/v1/channels/${ch.body.id}/messages`, { token: opA });
      expect(read.body.items).toHaveLength(1);
    });
  });
});
