/**
 * scale: tenant-scoped list (50 loops) and task claim (10) through the store, with the measured
 * tenant at 10,000 rows and the tables holding only about that, vs the same after other tenants'
 * rows fill the tables to 1,000,000 (quick: 100,000). Ratio = large / small.
 */
import type { BenchContext } from '../context.js';
import { median, nowMs, progress, result, type BenchResult } from '../util.js';

/** Filler tenants: ids 00000000-0000-4000-8000-0000000000xx, which UUIDv7 tenants never take. */
const FILLER_TENANTS = 200;
const FILLER_LOW = '00000000-0000-4000-8000-000000000000';
const FILLER_HIGH = '00000000-0000-4000-8000-0000000000ff';
const fillerTenant = (g: string): string => `('00000000-0000-4000-8000-' || lpad(to_hex(${g} % ${FILLER_TENANTS}), 12, '0'))::uuid`;
const QUEUE = 'scale';

async function removeFiller(ctx: BenchContext): Promise<void> {
  for (const table of ['loops', 'tasks']) await ctx.pool.query(`DELETE FROM ${table} WHERE tenant_id BETWEEN $1 AND $2`, [FILLER_LOW, FILLER_HIGH]);
}

async function fillTable(ctx: BenchContext, sql: string, params: unknown[]): Promise<void> {
  const client = await ctx.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL synchronous_commit = off');
    await client.query(sql, params);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function scale(ctx: BenchContext): Promise<BenchResult[]> {
  const { quick } = ctx.settings;
  const tenantRows = 10_000;
  const largeRows = quick ? 100_000 : 1_000_000;
  const rounds = quick ? 3 : 5;
  const ops = quick ? 10 : 60;
  await removeFiller(ctx);
  const actor = await ctx.newTenant('scale');
  const agent = await ctx.store.agents.register(actor, { name: 'scale-agent', subject: actor.subject, role: 'worker', model: 'none', capabilities: [], routingWeight: 1 });
  await ctx.pool.query(
    `INSERT INTO loops (tenant_id, id, name, classification) SELECT $1, gen_random_uuid(), 'loop-' || g, 'internal' FROM generate_series(1, $2) g`,
    [actor.tenantId, tenantRows],
  );
  await ctx.pool.query(
    `INSERT INTO tasks (tenant_id, id, queue, kind, payload, run_at) SELECT $1, gen_random_uuid(), $3, 'bench', '{}'::jsonb, now() - interval '1 minute' FROM generate_series(1, $2) g`,
    [actor.tenantId, tenantRows, QUEUE],
  );
  await ctx.pool.query('ANALYZE loops; ANALYZE tasks');

  const list = async (): Promise<void> => {
    const page = await ctx.store.loops.list(actor, { limit: 50 });
    if (page.items.length !== 50) throw new Error(`scale list: ${page.items.length}`);
  };
  const claim = async (): Promise<void> => {
    const got = await ctx.store.tasks.claim(actor, { queue: QUEUE, agentId: agent.id, limit: 10, leaseMs: 3_600_000 });
    if (got.length !== 10) throw new Error(`scale claim: ${got.length}`);
  };
  const measure = async (phase: string): Promise<{ list: number; claim: number }> => {
    for (let i = 0; i < 10; i++) {
      await list();
      await claim();
    }
    const l: number[] = [];
    const c: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const lr: number[] = [];
      const cr: number[] = [];
      for (let i = 0; i < ops; i++) {
        // alternate the two operations so both see the same background load
        let t0 = nowMs();
        await list();
        lr.push(nowMs() - t0);
        t0 = nowMs();
        await claim();
        cr.push(nowMs() - t0);
      }
      l.push(median(lr));
      c.push(median(cr));
      progress(`scale ${phase}: round ${r + 1}/${rounds} list=${median(lr).toFixed(2)}ms claim=${median(cr).toFixed(2)}ms`);
    }
    return { list: median(l), claim: median(c) };
  };

  const count = async (): Promise<number> => Number((await ctx.pool.query<{ n: string }>('SELECT count(*) AS n FROM loops')).rows[0]?.n ?? 0);
  const smallRows = await count();
  const small = await measure(`small (${smallRows} loops in table)`);
  const fill = largeRows - smallRows;
  progress(`scale: inserting ${fill} other-tenant rows into loops and tasks`);
  let t0 = nowMs();
  // both tables at once (one connection each), no commit wait: this is bench scaffolding, not data to keep
  await Promise.all([
    fillTable(
      ctx,
      `INSERT INTO loops (tenant_id, id, name, classification) SELECT ${fillerTenant('g')}, gen_random_uuid(), 'f-' || g, 'internal' FROM generate_series(1, $1) g`,
      [fill],
    ),
    fillTable(
      ctx,
      `INSERT INTO tasks (tenant_id, id, queue, kind, payload, run_at) SELECT ${fillerTenant('g')}, gen_random_uuid(), $2, 'bench', '{}'::jsonb, now() - interval '1 minute' FROM generate_series(1, $1) g`,
      [fill, QUEUE],
    ),
  ]);
  await ctx.pool.query('ANALYZE loops; ANALYZE tasks');
  progress(`scale: filled in ${((nowMs() - t0) / 1000).toFixed(1)}s`);
  try {
    const large = await measure(`large (${await count()} loops in table)`);
    const note = (what: string): string => `${what}; measured tenant ${tenantRows} rows; table ${smallRows} vs ${largeRows} rows (not interleaved: the fill is one-way)`;
    return [
      result('scale-list', 'ms/op', 'lower', large.list, `same at ~${smallRows} rows`, small.list, note('store.loops.list 50')),
      result('scale-claim', 'ms/op', 'lower', large.claim, `same at ~${smallRows} rows`, small.claim, note('store.tasks.claim 10')),
    ];
  } finally {
    t0 = nowMs();
    await removeFiller(ctx);
    for (const table of ['tasks', 'loops']) await ctx.pool.query(`DELETE FROM ${table} WHERE tenant_id = $1`, [actor.tenantId]);
    progress(`scale: removed filler and measured-tenant rows in ${((nowMs() - t0) / 1000).toFixed(1)}s`);
  }
}
