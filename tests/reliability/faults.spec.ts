/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- HTTP reply bodies are untyped JSON */
/**
 * Faults. OPA unreachable runs everywhere; Redis stopped mid-load, PostgreSQL backends killed
 * mid-transaction and PostgreSQL restarted are declared only with real services (DATABASE_URL and
 * REDIS_URL), and always bring the service back.
 */
import { exec, execSync } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { call, newCounters, REAL_SERVICES, sleep, startHarness, token, writeCounters } from './support/harness.js';

const c = newCounters();
afterAll(() => writeCounters(REAL_SERVICES ? 'faults' : 'faults:opa-only', c));

describe('OPA unreachable', () => {
  it('fails closed with 503 and readiness says why', async () => {
    const h = await startHarness({ env: { OPA_URL: 'http://127.0.0.1:9' } });
    try {
      const tenant = await h.tenant().catch(() => randomUUID());
      const t = await token({ tid: tenant });
      for (const [m, p, body] of [['GET', '/api/v1/loops'], ['POST', '/api/v1/loops', { name: 'x' }], ['GET', '/api/v1/audit']] as const) {
        const r = await call(c, h.baseUrl, m, p, { token: t, expected5xx: [503], ...(body ? { body } : {}) });
        expect(r.status).toBe(503);
        expect(r.body.error).toBe('unavailable');
      }
      const g = await call(c, h.baseUrl, 'POST', '/graphql', { token: t, body: { query: '{ loops { items { id } } }' }, expected5xx: [503] });
      expect(g.body.errors[0].extensions.code).toBe('unavailable');
      const ready = await call(c, h.baseUrl, 'GET', '/health/ready', { expected5xx: [503] });
      expect(ready.status).toBe(503);
      expect(ready.body.failed).toEqual(['policy']);
      expect(ready.body.checks.policy.detail).toEqual(expect.any(String));
      const rows = await h.admin.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM loops WHERE tenant_id = $1`, [tenant]);
      expect(rows[0]?.n ?? 0).toBe(0);
    } finally {
      await h.close();
    }
  });
});

const redisUp = (): void => {
  try {
    execSync('redis-cli -h 127.0.0.1 -p 6379 ping', { stdio: 'pipe', timeout: 3000 });
  } catch {
    execSync(`redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`, { stdio: 'pipe' });
  }
};
const pgUp = async (): Promise<void> => {
  for (let i = 0; i < 60; i++) {
    try {
      execSync('pg_isready -h 127.0.0.1 -p 5432', { stdio: 'pipe', timeout: 3000 });
      return;
    } catch {
      if (i === 5) execSync('pg_ctlcluster --skip-systemctl-redirect 15 main start', { stdio: 'pipe' });
      await sleep(500);
    }
  }
};

// Declared only with real services (the runner then leaves out files with nothing else to run).
const describeReal = (name: string, body: () => void): void => {
  if (REAL_SERVICES) describe(name, body);
};

describeReal('with real PostgreSQL and Redis', () => {
  afterAll(async () => {
    redisUp();
    await pgUp();
  });

  it('keeps answering while Redis is stopped mid-load: cache bypassed, insurance limiter holds', async () => {
    const budget = 5;
    const h = await startHarness({ budgets: { default: { points: 1_000_000, durationSec: 60 }, governance: { points: budget, durationSec: 60 } } });
    try {
      const tenant = await h.tenant();
      const op = await token({ tid: tenant, sub: 'alice', roles: ['operator', 'tenant_admin'] });
      await call(c, h.baseUrl, 'POST', '/api/v1/loops', { token: op, body: { name: 'r' } });
      let stop = false;
      const statuses: number[] = [];
      const load = Array.from({ length: 6 }, async (_, w) => {
        let i = 0;
        while (!stop) {
          const r =
            i++ % 3 === 0
              ? await call(c, h.baseUrl, 'POST', '/graphql', { token: op, body: { query: '{ loops { items { id name } } }' } })
              : i % 3 === 1
                ? await call(c, h.baseUrl, 'GET', '/api/v1/loops', { token: op })
                : await call(c, h.baseUrl, 'POST', '/api/v1/loops', { token: op, body: { name: `w${w}-${i}` } });
          statuses.push(r.status);
        }
      });
      await sleep(1500);
      let governance2xx = 0;
      try {
        execSync('redis-cli -h 127.0.0.1 -p 6379 shutdown nosave', { stdio: 'pipe' });
        await sleep(1500);
        // The governance limit holds on the insurance limiter while Redis is gone.
        const gov = await token({ tid: tenant, sub: `gov-${randomUUID()}`, roles: ['operator'] });
        for (let i = 0; i < budget + 5; i++) {
          const r = await call(c, h.baseUrl, 'POST', `/api/v1/tasks/${randomUUID()}/redrive`, { token: gov });
          if (r.status !== 429) governance2xx++;
        }
        const ready = await call(c, h.baseUrl, 'GET', '/health/ready', { expected5xx: [503] });
        expect(ready.status).toBe(503);
        expect(ready.body.failed).toContain('redis');
        await sleep(1500);
      } finally {
        redisUp();
      }
      await sleep(1000);
      stop = true;
      await Promise.all(load);
      const bad = statuses.filter((s) => s === 0 || s >= 500);
      expect({ bad: bad.length, governance2xx }).toEqual({ bad: 0, governance2xx: budget });
      expect(statuses.length).toBeGreaterThan(50);
    } finally {
      redisUp();
      await h.close();
    }
  });

  it('loses no acknowledged write and no audit event when backends are killed mid-transaction', async () => {
    const appName = `rel-kill-${randomUUID().slice(0, 8)}`;
    const h = await startHarness({ appName });
    try {
      const tenant = await h.tenant();
      const op = await token({ tid: tenant, sub: 'alice', roles: ['operator', 'tenant_admin'] });
      const acked: { type: string; id: string }[] = [];
      // A write whose connection was killed is answered 503 `unavailable` (the documented answer
      // while the database connection is lost: not counted as a 5xx); a 500 is still counted.
      const refused: string[] = [];
      let unavailable = 0;
      let stop = false;
      const writers = Array.from({ length: 8 }, async (_, w) => {
        let i = 0;
        while (!stop) {
          i++;
          const isTask = i % 2 === 0;
          const r = await call(c, h.baseUrl, 'POST', isTask ? '/api/v1/tasks' : '/api/v1/loops', {
            token: op,
            body: isTask ? { queue: 'kill', kind: `k${w}-${i}`, payload: { i } } : { name: `kill-${w}-${i}` },
            expected5xx: [503],
          });
          if (r.status === 201) acked.push({ type: isTask ? 'task' : 'loop', id: r.body.id });
          else if (r.status === 503 && r.body?.error === 'unavailable') unavailable++;
          else refused.push(`${r.status} ${r.text.slice(0, 160)}`);
        }
      });
      let kills = 0;
      for (let k = 0; k < 12; k++) {
        await sleep(250);
        const rows = await h.admin.query<{ t: boolean }[]>(`SELECT pg_terminate_backend(pid) AS t FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()`, [appName]);
        kills += rows.filter((r) => r.t).length;
      }
      await sleep(1000);
      stop = true;
      await Promise.all(writers);
      expect(kills).toBeGreaterThan(0);
      expect(acked.length).toBeGreaterThan(20);
      expect(refused.slice(0, 5)).toEqual([]);
      writeCounters('faults:backend-kill-detail', { requests: 0, leaks: 0, fiveXX: 0, lost: 0, doubleClaims: 0 }, { kills, acked: acked.length, unavailable503: unavailable });
      // every acknowledged write: its row and its allowed audit event
      let missing = 0;
      for (const a of acked) {
        const table = a.type === 'task' ? 'tasks' : 'loops';
        const row = await h.admin.query<unknown[]>(`SELECT 1 FROM ${table} WHERE tenant_id = $1 AND id = $2`, [tenant, a.id]);
        const ev = await h.admin.query<unknown[]>(`SELECT 1 FROM audit_events WHERE tenant_id = $1 AND resource_id = $2 AND outcome = 'allowed'`, [tenant, a.id]);
        if (row.length === 0 || ev.length === 0) missing++;
      }
      // every row has its event, every allowed event its outbox row
      const orphanRows = await h.admin.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM (SELECT id::text AS id FROM loops WHERE tenant_id = $1 UNION ALL SELECT id::text FROM tasks WHERE tenant_id = $1) r
         WHERE NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.tenant_id = $1 AND e.resource_id = r.id AND e.outcome = 'allowed')`,
        [tenant],
      );
      const orphanEvents = await h.admin.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_events e WHERE e.tenant_id = $1 AND e.outcome = 'allowed'
         AND NOT EXISTS (SELECT 1 FROM outbox_events o WHERE o.tenant_id = e.tenant_id AND o.sequence = e.sequence)`,
        [tenant],
      );
      const lost = missing + (orphanRows[0]?.n ?? 0) + (orphanEvents[0]?.n ?? 0);
      c.lost += lost;
      const verification = await h.created.orchestrator.store.audit.verify({ subject: 'auditor', tenantId: tenant, roles: ['auditor'], clearance: 'restricted', mfa: true });
      expect({ missing, orphanRows: orphanRows[0]?.n, orphanEvents: orphanEvents[0]?.n }).toEqual({ missing: 0, orphanRows: 0, orphanEvents: 0 });
      expect((verification as { ok?: boolean; valid?: boolean }).ok ?? (verification as { valid?: boolean }).valid).toBe(true);
      // and the app still works
      const after = await call(c, h.baseUrl, 'POST', '/api/v1/loops', { token: op, body: { name: 'after' } });
      expect(after.status).toBe(201);
    } finally {
      await h.close();
    }
  });

  it('readiness goes 503 then 200 across a PostgreSQL restart, with no manual step', async () => {
    const h = await startHarness();
    try {
      const tenant = await h.tenant();
      const op = await token({ tid: tenant });
      expect((await call(c, h.baseUrl, 'GET', '/health/ready')).status).toBe(200);
      const seen: number[] = [];
      let stop = false;
      const poller = (async () => {
        while (!stop) {
          const r = await call(c, h.baseUrl, 'GET', '/health/ready', { expected5xx: [503] });
          seen.push(r.status);
          await sleep(50);
        }
      })();
      try {
        // async: the readiness poller must keep running while PostgreSQL restarts
        await promisify(exec)('pg_ctlcluster --skip-systemctl-redirect 15 main restart', { timeout: 60_000 });
      } finally {
        await pgUp();
      }
      // back to 200 within 30 s
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && seen[seen.length - 1] !== 200) await sleep(200);
      stop = true;
      await poller;
      expect(seen).toContain(503);
      expect(seen[seen.length - 1]).toBe(200);
      // requests work again (the pool replaced its dead connections)
      let ok = 0;
      for (let i = 0; i < 10; i++) {
        const r = await call(c, h.baseUrl, 'GET', '/api/v1/loops', { token: op, expected5xx: [503] });
        if (r.status === 200) ok++;
      }
      expect(ok).toBeGreaterThanOrEqual(9);
    } finally {
      await pgUp();
      await h.close();
    }
  });
});
