/** Scenario data for the backup tests, written through the store so audit chains are real. */
import { PLATFORM_TENANT_ID } from '@intelgraph/domain';
import { createOrchestratorContainer, type Actor } from '@intelgraph/orchestrator-store';
import { buildDataSource, migrate } from '@intelgraph/persistence';
import pg from 'pg';
import { createDatabase, dropDatabase } from '../../backup/common.js';

export const platformAdmin: Actor = { subject: 'platform-admin', tenantId: PLATFORM_TENANT_ID, roles: ['platform_admin'], clearance: 'restricted', mfa: true };
export const adminOf = (tenantId: string): Actor => ({ subject: 'admin@t', tenantId, roles: ['tenant_admin'], clearance: 'restricted', mfa: true });
const analyst = (tenantId: string, subject: string): Actor => ({ subject, tenantId, roles: ['analyst'], clearance: 'restricted', mfa: false });

/** The server URL tests use: DATABASE_URL's server, or null when only the embedded database is available. */
export function serverUrl(): string | null {
  return process.env['DATABASE_URL'] ? process.env['DATABASE_URL'] : null;
}

let counter = 0;
/** A new empty database on `server`; `drop` removes it. */
export async function scratchDatabase(server: string, purpose: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `orch_bk_${purpose}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const url = await createDatabase(server, name);
  return { name, url, drop: () => dropDatabase(server, name) };
}

export async function migrateDatabase(url: string): Promise<void> {
  const ds = buildDataSource(url, { poolMax: 2 });
  await ds.initialize();
  try {
    await migrate(ds);
  } finally {
    await ds.destroy();
  }
}

/** Migrates `url` and fills it: 2 tenants with loops and cycles, agents, tasks, a proposal with votes, a channel with messages. */
export async function seedScenario(url: string): Promise<{ tenants: Array<{ id: string; slug: string }> }> {
  const ds = buildDataSource(url, { poolMax: 4 });
  await ds.initialize();
  await migrate(ds);
  const container = await createOrchestratorContainer({ database: { dataSource: ds } });
  const { store } = container;
  const tenants: Array<{ id: string; slug: string }> = [];
  try {
    for (const slug of ['acme', 'globex']) {
      const tenant = await store.tenants.provision(platformAdmin, { slug: `${slug}-${process.pid}`, name: slug });
      tenants.push({ id: tenant.id, slug: tenant.slug });
      const admin = adminOf(tenant.id);
      const loop = await store.loops.create(admin, { name: 'ingest', description: 'nightly ingest', config: { interval: 60 } });
      await store.loops.create(admin, { name: 'triage' });
      const lease = await store.loops.acquireLease(admin, loop.id, { owner: 'worker-1', ttlMs: 60_000 });
      for (let n = 1; n <= 3; n++)
        await store.loops.recordCycle(admin, loop.id, { fencingToken: lease.fencingToken, monitor: { n }, analysis: { ok: true }, plan: {}, execution: {}, knowledge: { n } });
      await store.agents.register(admin, { name: 'worker', subject: 'agent-a', role: 'worker', model: 'm-1', capabilities: ['ingest', 'triage'], routingWeight: 10 });
      for (let i = 0; i < 3; i++) await store.tasks.enqueue(admin, { queue: 'ingest', kind: 'fetch', payload: { i, big: 9007199254740991 } });
      const voters = ['v1', 'v2', 'v3'].map((voterId) => ({ voterId, weight: 1 }));
      const proposal = await store.proposals.open(admin, {
        title: 'deploy',
        voters,
        quorum: 0.5,
        threshold: 'two_thirds',
        deadline: new Date(Date.now() + 3_600_000).toISOString(),
      });
      await store.proposals.vote(analyst(tenant.id, 'v1'), proposal.id, 'yes');
      await store.proposals.vote(analyst(tenant.id, 'v2'), proposal.id, 'no');
      const channel = await store.channels.create(admin, { name: 'ops', members: ['agent-a'] });
      for (let i = 1; i <= 3; i++) await store.channels.post(admin, channel.id, { text: `message ${i}`, tags: ['a', 'b'] });
    }
  } finally {
    await container.close();
    await ds.destroy();
  }
  return { tenants };
}

/** Tables in `public` of `url` (0 = empty target). */
export async function tableCount(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: string }>(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await c.end();
  }
}

/** An Io that records lines. */
export function captureIo(env: NodeJS.ProcessEnv = process.env): { io: { env: NodeJS.ProcessEnv; out: (l: string) => void; err: (l: string) => void }; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { env, out: (l) => out.push(l), err: (l) => err.push(l) }, out, err };
}
