/**
 * audit: chained append (PostgresAuditLog in the tenant unit of work) vs plain inserts of the same
 * rows into a same-shaped table; chain verification vs a plain keyset scan of the same rows.
 */
import { AuditChainVerifier, PostgresAuditLog } from '@intelgraph/audit';
import { seedAuditChain } from '@intelgraph/audit/testing';
import { uuidv7, type AuditEventInput, type SqlExecutor } from '@intelgraph/domain';
import { APP_ROLE, TENANT_SETTING } from '@intelgraph/migrations';
import { TypeOrmTenantUnitOfWork } from '@intelgraph/persistence';
import type { BenchContext } from '../context.js';
import { interleave, nowMs, progress, result, type BenchResult } from '../util.js';

const COLUMNS = 'tenant_id, sequence, id, occurred_at, actor_subject, actor_roles, action, resource_type, resource_id, outcome, decision, request_id, changes, prev_hash, hash';

function eventInput(i: number): AuditEventInput {
  return {
    actor: { subject: 'bench@audit', roles: ['tenant_admin'] },
    action: 'task:complete',
    resourceType: 'task',
    resourceId: `task-${i}`,
    outcome: 'allowed',
    decision: { allow: true, reasons: ['role_permitted'], policyVersion: 'bench', decisionId: null },
    requestId: null,
    changes: { status: 'succeeded', attempts: 1, i },
  };
}

export async function audit(ctx: BenchContext): Promise<BenchResult[]> {
  const { quick } = ctx.settings;
  const rounds = quick ? 3 : 7;
  const txPerRound = quick ? 5 : 20;
  const perTx = 50;
  const verifyRows = quick ? 5_000 : 50_000;
  const uow = new TypeOrmTenantUnitOfWork(ctx.dataSource);
  const log = new PostgresAuditLog();
  const actor = await ctx.newTenant('audit');
  const tenantId = actor.tenantId;

  await ctx.pool.query('CREATE TABLE IF NOT EXISTS bench_audit_plain (LIKE audit_events INCLUDING ALL)');
  await ctx.pool.query('TRUNCATE bench_audit_plain');
  let plainSeq = 0;
  let n = 0;

  const chained = async (): Promise<number> => {
    const t0 = nowMs();
    for (let t = 0; t < txPerRound; t++) {
      await uow.run(tenantId, async (tx) => {
        for (let i = 0; i < perTx; i++) await log.append(tx, eventInput(n++));
      });
    }
    return (txPerRound * perTx) / ((nowMs() - t0) / 1000);
  };
  const plain = async (): Promise<number> => {
    const t0 = nowMs();
    for (let t = 0; t < txPerRound; t++) {
      const client = await ctx.pool.connect();
      try {
        await client.query('BEGIN');
        for (let i = 0; i < perTx; i++) {
          const e = eventInput(n++);
          await client.query(
            `INSERT INTO bench_audit_plain (${COLUMNS}) VALUES ($1, $2::bigint, $3, $4::timestamptz, $5, $6::text[], $7, $8, $9, $10, $11::jsonb, $12, $13::jsonb, $14, $15)`,
            [
              tenantId,
              ++plainSeq,
              uuidv7(),
              new Date().toISOString(),
              e.actor.subject,
              e.actor.roles,
              e.action,
              e.resourceType,
              e.resourceId,
              e.outcome,
              JSON.stringify(e.decision),
              e.requestId,
              JSON.stringify(e.changes),
              '0'.repeat(64),
              '0'.repeat(64),
            ],
          );
        }
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    }
    return (txPerRound * perTx) / ((nowMs() - t0) / 1000);
  };
  await chained();
  await plain();
  const append = await interleave('audit-append (events/s)', rounds, plain, chained);

  // Verification over a seeded chain of its own tenant.
  const verifyActor = await ctx.newTenant('audit-verify');
  const superSql: SqlExecutor = { query: async <T>(sql: string, params: readonly unknown[] = []) => (await ctx.pool.query(sql, [...params])).rows as T[] };
  progress(`audit: seeding a chain of ${verifyRows} events`);
  await seedAuditChain(superSql, verifyActor.tenantId, verifyRows);
  const verifier = new AuditChainVerifier(uow);
  const verifyRate = async (): Promise<number> => {
    const t0 = nowMs();
    const r = await verifier.verify(verifyActor.tenantId);
    if (!r.ok || r.count !== verifyRows) throw new Error(`audit verify: ${JSON.stringify(r)}`);
    return verifyRows / ((nowMs() - t0) / 1000);
  };
  const scanRate = async (): Promise<number> => {
    const t0 = nowMs();
    let last = 0;
    let seen = 0;
    for (;;) {
      const client = await ctx.pool.connect();
      let rows: unknown[];
      try {
        await client.query('BEGIN READ ONLY');
        await client.query(`SELECT set_config($1, $2, true), set_config('role', $3, true)`, [TENANT_SETTING, verifyActor.tenantId, APP_ROLE]);
        rows = (
          await client.query<{ sequence: string }>(`SELECT ${COLUMNS} FROM audit_events WHERE tenant_id = $1 AND sequence > $2::bigint ORDER BY sequence LIMIT 1000`, [
            verifyActor.tenantId,
            last,
          ])
        ).rows;
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      if (rows.length === 0) break;
      seen += rows.length;
      last = Number((rows[rows.length - 1] as { sequence: string }).sequence);
    }
    if (seen !== verifyRows) throw new Error(`scan saw ${seen}`);
    return verifyRows / ((nowMs() - t0) / 1000);
  };
  await verifyRate();
  await scanRate();
  const verify = await interleave('audit-verify (events/s)', quick ? 3 : 5, scanRate, verifyRate);
  return [
    result('audit-append', 'events/s', 'higher', append.subject, 'plain INSERTs of the same rows', append.baseline, `${txPerRound} tx × ${perTx} events per round, sequential`),
    result('audit-verify', 'events/s', 'higher', verify.subject, 'plain keyset scan, no hashing', verify.baseline, `${verifyRows}-event chain, batches of 1000`),
  ];
}
