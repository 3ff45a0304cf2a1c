/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- HTTP reply bodies are untyped JSON */
/**
 * Two app processes (`node apps/api/dist/main.js`) on one PostgreSQL and one Redis: agents claim
 * one queue through both (no double claim, none lost), voters vote on one proposal through both
 * (exact tally), and a governance budget holds across both. Declared only with real services: two
 * processes cannot share the embedded PGlite.
 */
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PLATFORM_ACTOR } from '@intelgraph/api';
import { createOrchestratorContainer, type OrchestratorContainer } from '@intelgraph/orchestrator-store';
import type { DataSource } from 'typeorm';
import { call, databaseUrl, newCounters, openAdmin, pool, REAL_SERVICES, sleep, token, writeCounters } from './support/harness.js';

const ROOT = join(__dirname, '../..');
const MAIN = join(ROOT, 'apps/api/dist/main.js');
let dbUrl = '';
const SECRET = `reliability-secret-${randomUUID()}`;
const c = newCounters();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function startProcess(port: number): Promise<{ child: ChildProcess; url: string; output: string[] }> {
  const output: string[] = [];
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(port), HOST: '127.0.0.1', JWT_SECRET: SECRET, NODE_ENV: 'test', OPA_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => output.length < 50 && output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`api exited ${child.exitCode}: ${output.join('').slice(-2000)}`);
    try {
      if ((await fetch(url + '/health/ready')).status === 200) return { child, url, output };
    } catch {
      // not yet listening
    }
    await sleep(250);
  }
  child.kill('SIGTERM');
  throw new Error(`api did not become ready: ${output.join('').slice(-2000)}`);
}

// Declared only with real services (the runner then leaves out files with nothing else to run).
const describeReal = (name: string, body: () => void): void => {
  if (REAL_SERVICES) describe(name, body);
};

describeReal('two app processes on one PostgreSQL and one Redis', () => {
  const procs: { child: ChildProcess; url: string; output: string[] }[] = [];
  let admin: DataSource;
  let orch: OrchestratorContainer;
  let tenant: string;
  let op: string;
  const url = (i: number): string => procs[i % 2]!.url;

  beforeAll(async () => {
    if (!existsSync(MAIN)) execSync('npm run build', { cwd: ROOT, stdio: 'inherit' });
    // The shared database the other suites filled with hundreds of tenants: main.js finds (or
    // provisions) its `demo` tenant by slug, so both processes boot on it.
    dbUrl = databaseUrl();
    admin = await openAdmin('rel-multi-admin');
    orch = await createOrchestratorContainer({ database: { dataSource: admin } });
    tenant = (await orch.store.tenants.provision(PLATFORM_ACTOR, { slug: `mp-${randomUUID().slice(0, 10)}`, name: 'multi-process' })).id;
    op = await token({ tid: tenant, sub: 'alice', roles: ['operator', 'tenant_admin'] }, { secret: SECRET });
    procs.push(await startProcess(await freePort()));
    procs.push(await startProcess(await freePort()));
  }, 300_000);

  afterAll(async () => {
    writeCounters('multi-process', c);
    for (const p of procs) {
      if (p.child.exitCode === null) {
        p.child.kill('SIGTERM');
        await new Promise((r) => {
          const t = setTimeout(() => {
            p.child.kill('SIGKILL');
            r(undefined);
          }, 10_000);
          p.child.once('exit', () => {
            clearTimeout(t);
            r(undefined);
          });
        });
      }
    }
    await orch?.close().catch(() => undefined);
    if (admin?.isInitialized) await admin.destroy();
  });

  it('claims every task exactly once across both processes', async () => {
    const queue = `mq-${randomUUID().slice(0, 8)}`;
    const N = 300;
    const enq = await pool(Array.from({ length: N }, (_, i) => i), 16, (i) => call(c, url(i), 'POST', '/api/v1/tasks', { token: op, body: { queue, kind: 'k', payload: { i } } }));
    const enqueued = enq.filter((r) => r.status === 201).map((r) => r.body.id as string);
    expect(enqueued).toHaveLength(N);
    const agents = await pool(Array.from({ length: 12 }, (_, i) => i), 6, async (i) => {
      const subject = `mp-agent-${i}-${randomUUID().slice(0, 6)}`;
      const r = await call(c, url(i), 'POST', '/api/v1/agents', { token: op, body: { name: subject, subject, role: 'executor', model: 'm', capabilities: [], routingWeight: 1 } });
      return { id: r.body.id as string, token: await token({ tid: tenant, sub: subject, roles: ['agent'] }, { secret: SECRET }) };
    });
    const claims = new Map<string, number>();
    let emptyStreak = 0;
    await Promise.all(
      agents.map(async (a, i) => {
        let round = 0;
        while (emptyStreak < 24) {
          const r = await call(c, url(i + round++), 'POST', '/api/v1/tasks/claim', { token: a.token, body: { queue, agentId: a.id, limit: 3, leaseMs: 600_000 } });
          const items = (r.status === 200 ? r.body.items : []) as { id: string }[];
          if (items.length === 0) emptyStreak++;
          else emptyStreak = 0;
          for (const t of items) claims.set(t.id, (claims.get(t.id) ?? 0) + 1);
        }
      }),
    );
    const doubles = [...claims.values()].filter((n) => n > 1).length;
    const lost = enqueued.filter((id) => !claims.has(id)).length;
    c.doubleClaims += doubles;
    c.lost += lost;
    const db = await admin.query<{ status: string; n: number }[]>(`SELECT status, count(*)::int AS n FROM tasks WHERE tenant_id = $1 AND queue = $2 GROUP BY status`, [tenant, queue]);
    expect({ doubles, lost, db }).toEqual({ doubles: 0, lost: 0, db: [{ status: 'claimed', n: N }] });
  });

  it('tallies votes cast through both processes exactly', async () => {
    const V = 40;
    const voters = Array.from({ length: V }, (_, i) => `voter-${i}-${randomUUID().slice(0, 6)}`);
    const deadline = new Date(Date.now() + 3_600_000).toISOString();
    const p = await call(c, url(0), 'POST', '/api/v1/proposals', { token: op, body: { title: 'mp', voters: voters.map((v) => ({ voterId: v, weight: 1 })), quorum: 1, threshold: 'unanimous', deadline } });
    expect(p.status).toBe(201);
    const results = await pool(voters, 20, async (v, i) =>
      call(c, url(i), 'POST', `/api/v1/proposals/${p.body.id}/votes`, { token: await token({ tid: tenant, sub: v, roles: ['analyst'] }, { secret: SECRET }), body: { choice: 'yes' } }),
    );
    const accepted = results.filter((r) => r.status === 201).length;
    const closedAs = results.map((r): unknown => r.body?.closedAs).filter((x) => x);
    const rows = await admin.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM proposal_votes WHERE tenant_id = $1 AND proposal_id = $2`, [tenant, p.body.id]);
    const final = await call(c, url(1), 'GET', `/api/v1/proposals/${p.body.id}`, { token: op });
    c.lost += V - (rows[0]?.n ?? 0);
    expect({ accepted, rows: rows[0]?.n, closedAs, status: final.body.status }).toEqual({ accepted: V, rows: V, closedAs: ['accepted'], status: 'accepted' });
  });

  it('holds one governance budget across both processes', async () => {
    // main.js uses the default governance budget (30/min per tenant + subject).
    const subject = `gov-${randomUUID().slice(0, 8)}`;
    const t = await token({ tid: tenant, sub: subject, roles: ['operator', 'tenant_admin'] }, { secret: SECRET });
    const agent = await call(c, url(0), 'POST', '/api/v1/agents', { token: op, body: { name: subject, subject, role: 'executor', model: 'm', capabilities: [], routingWeight: 1 } });
    let version = agent.body.version as number;
    let ok2xx = 0;
    let limited = 0;
    let q = 30;
    for (let i = 0; i < 45; i++) {
      const r = await call(c, url(i), 'POST', `/api/v1/agents/${agent.body.id}/routing`, { token: t, body: { expectedVersion: version, routingWeight: (i % 10) + 1 } });
      const policy = r.headers.get('ratelimit-policy');
      if (policy) q = Number(/q=(\d+)/.exec(policy)?.[1] ?? q);
      if (r.status >= 200 && r.status < 300) {
        ok2xx++;
        version = r.body.version as number;
      } else if (r.status === 429) limited++;
      else throw new Error(`routing ${r.status} ${r.text}`);
    }
    expect(q).toBe(30);
    expect({ ok2xx, limited }).toEqual({ ok2xx: q, limited: 45 - q });
  });
});
