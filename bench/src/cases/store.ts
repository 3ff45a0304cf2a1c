/** store-write and store-read: the store's command/query path vs the same statements by hand with pg. */
import { GENESIS_HASH, computeAuditHash } from '@intelgraph/audit';
import { uuidv7 } from '@intelgraph/domain';
import { APP_ROLE, TENANT_SETTING } from '@intelgraph/migrations';
import type { Actor } from '@intelgraph/orchestrator-store';
import type pg from 'pg';
import type { BenchContext } from '../context.js';
import { interleave, median, nowMs, result, type BenchResult } from '../util.js';

const CYCLE = { monitor: { cpu: 0.71, rps: 1200 }, analysis: { saturated: false }, plan: { scale: 0 }, execution: { applied: true }, knowledge: { note: 'steady' } };
const LEASE_TTL_MS = 3_600_000;

/** The hand-written writer of cycles for one loop: it is the only writer, so it tracks version and count itself. */
class HandCycleWriter {
  private version: number;
  private cycleCount: number;
  private latestCycleId: string | null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly actor: Actor,
    private readonly loopId: string,
    loop: { version: number; cycleCount: number; latestCycleId: string | null },
    private readonly fencingToken: number,
  ) {
    this.version = loop.version;
    this.cycleCount = loop.cycleCount;
    this.latestCycleId = loop.latestCycleId;
  }

  /** BEGIN; tenant scope; insert cycle; update loop; advance audit head; insert event + set head hash; insert outbox; COMMIT. */
  async record(): Promise<void> {
    const client = await this.pool.connect();
    const tenantId = this.actor.tenantId;
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config($1, $2, true), set_config('role', $3, true)`, [TENANT_SETTING, tenantId, APP_ROLE]);
      const cycleId = uuidv7();
      const sequence = this.cycleCount + 1;
      await client.query(
        `INSERT INTO loop_cycles (tenant_id, id, loop_id, parent_id, sequence, monitor, analysis, plan, execution, knowledge, recorded_by, fencing_token)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9::jsonb, $10::jsonb, $11, $12)`,
        [
          tenantId,
          cycleId,
          this.loopId,
          this.latestCycleId,
          sequence,
          JSON.stringify(CYCLE.monitor),
          JSON.stringify(CYCLE.analysis),
          JSON.stringify(CYCLE.plan),
          JSON.stringify(CYCLE.execution),
          JSON.stringify(CYCLE.knowledge),
          this.actor.subject,
          this.fencingToken,
        ],
      );
      const updated = await client.query(
        `UPDATE loops SET latest_cycle_id = $3, cycle_count = $4, version = version + 1, updated_at = now() WHERE tenant_id = $1 AND id = $2 AND version = $5`,
        [tenantId, this.loopId, cycleId, sequence, this.version],
      );
      if (updated.rowCount !== 1) throw new Error('hand writer: loop version moved');
      const head = await client.query<{ sequence: string; hash: string }>(
        `INSERT INTO audit_heads AS h (tenant_id, sequence, hash, updated_at) VALUES ($1, 1, $2, now())
         ON CONFLICT (tenant_id) DO UPDATE SET sequence = h.sequence + 1, updated_at = now() RETURNING h.sequence, h.hash`,
        [tenantId, GENESIS_HASH],
      );
      const row = head.rows[0];
      if (!row) throw new Error('no head');
      const changes = { cycleId, sequence, parentId: this.latestCycleId, fencingToken: this.fencingToken };
      const decision = { allow: true, reasons: ['role_permitted'], policyVersion: 'bench', decisionId: null };
      const event = {
        tenantId,
        sequence: Number(row.sequence),
        id: uuidv7(),
        occurredAt: new Date(),
        actor: { subject: this.actor.subject, roles: [...this.actor.roles] },
        action: 'loop:record_cycle',
        resourceType: 'loop',
        resourceId: this.loopId,
        outcome: 'allowed' as const,
        decision,
        requestId: null,
        changes,
        prevHash: row.hash,
      };
      const hash = computeAuditHash(event);
      await client.query(
        `WITH ev AS (
           INSERT INTO audit_events (tenant_id, sequence, id, occurred_at, actor_subject, actor_roles, action, resource_type, resource_id, outcome, decision, request_id, changes, prev_hash, hash)
           VALUES ($1, $2::bigint, $3, $4::timestamptz, $5, $6::text[], $7, $8, $9, $10, $11::jsonb, $12, $13::jsonb, $14, $15) RETURNING sequence),
         hd AS (UPDATE audit_heads SET hash = $15, updated_at = now() WHERE tenant_id = $1 AND sequence = $2::bigint RETURNING sequence)
         SELECT (SELECT count(*) FROM ev)::int AS events, (SELECT count(*) FROM hd)::int AS heads`,
        [
          tenantId,
          event.sequence,
          event.id,
          event.occurredAt.toISOString(),
          event.actor.subject,
          event.actor.roles,
          event.action,
          event.resourceType,
          event.resourceId,
          event.outcome,
          JSON.stringify(decision),
          null,
          JSON.stringify(changes),
          event.prevHash,
          hash,
        ],
      );
      await client.query(
        `INSERT INTO outbox_events (tenant_id, sequence, id, aggregate_type, aggregate_id, event_type, payload) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
        [tenantId, event.sequence, uuidv7(), 'loop', this.loopId, 'loop:record_cycle', JSON.stringify(changes)],
      );
      await client.query('COMMIT');
      this.version += 1;
      this.cycleCount = sequence;
      this.latestCycleId = cycleId;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/** Median per-op latency (ms) of `ops` sequential calls. */
async function sequentialMedian(ops: number, op: () => Promise<unknown>): Promise<number> {
  const lat: number[] = [];
  for (let i = 0; i < ops; i++) {
    const t0 = nowMs();
    await op();
    lat.push(nowMs() - t0);
  }
  return median(lat);
}

export async function storeWrite(ctx: BenchContext): Promise<BenchResult[]> {
  const { quick } = ctx.settings;
  const rounds = quick ? 3 : 7;
  const ops = quick ? 40 : 150;
  const actor = await ctx.newTenant('write');
  const storeLoop = await ctx.store.loops.create(actor, { name: 'store-loop' });
  const storeLease = await ctx.store.loops.acquireLease(actor, storeLoop.id, { owner: 'bench', ttlMs: LEASE_TTL_MS });
  const handLoop = await ctx.store.loops.create(actor, { name: 'hand-loop' });
  const handLease = await ctx.store.loops.acquireLease(actor, handLoop.id, { owner: 'bench', ttlMs: LEASE_TTL_MS });
  const hand = new HandCycleWriter(ctx.pool, actor, handLoop.id, handLease.loop, handLease.fencingToken);
  const viaStore = (): Promise<unknown> => ctx.store.loops.recordCycle(actor, storeLoop.id, { fencingToken: storeLease.fencingToken, ...CYCLE });
  // warm-up: JIT, pool connections, plan caches
  for (let i = 0; i < (quick ? 15 : 40); i++) {
    await viaStore();
    await hand.record();
  }
  const m = await interleave('store-write (ms/op)', rounds, () => sequentialMedian(ops, () => hand.record()), () => sequentialMedian(ops, viaStore));
  return [result('store-write', 'ms/op', 'lower', m.subject, 'pg by hand, same writes in 1 tx', m.baseline)];
}

export async function storeRead(ctx: BenchContext): Promise<BenchResult[]> {
  const { quick } = ctx.settings;
  const rounds = quick ? 3 : 7;
  const ops = quick ? 60 : 300;
  const actor = await ctx.newTenant('read');
  await ctx.pool.query(
    `INSERT INTO loops (tenant_id, id, name, classification, config) SELECT $1, gen_random_uuid(), 'loop-' || g, 'internal', '{"k":1}'::jsonb FROM generate_series(1, 80) g`,
    [actor.tenantId],
  );
  const viaStore = async (): Promise<void> => {
    const page = await ctx.store.loops.list(actor, { limit: 50 });
    if (page.items.length !== 50) throw new Error(`store-read: ${page.items.length} loops`);
  };
  const byHand = async (): Promise<void> => {
    const client = await ctx.pool.connect();
    try {
      await client.query('BEGIN READ ONLY');
      await client.query(`SELECT set_config($1, $2, true), set_config('role', $3, true)`, [TENANT_SETTING, actor.tenantId, APP_ROLE]);
      const rows = await client.query(`SELECT * FROM "loops" WHERE "tenant_id" = $1 ORDER BY "id" ASC LIMIT $2`, [actor.tenantId, 51]);
      await client.query('COMMIT');
      if (rows.rows.length !== 51) throw new Error(`hand read: ${rows.rows.length}`);
    } finally {
      client.release();
    }
  };
  for (let i = 0; i < (quick ? 20 : 50); i++) {
    await viaStore();
    await byHand();
  }
  const m = await interleave('store-read (ms/op)', rounds, () => sequentialMedian(ops, byHand), () => sequentialMedian(ops, viaStore));
  return [result('store-read', 'ms/op', 'lower', m.subject, 'pg by hand, same query in 1 RO tx', m.baseline)];
}
