import type { AuditEvent, SqlExecutor, TenantId, TenantUnitOfWork } from '@intelgraph/domain';
import { GENESIS_HASH, computeAuditHash } from './audit-hash.js';
import type { AuditHead } from './audit-log.port.js';
import { AUDIT_EVENT_COLUMNS, toAuditEvent, type AuditEventRow } from './audit-row.mapper.js';

export const DEFAULT_VERIFY_BATCH_SIZE = 1000;
export const MAX_VERIFY_BATCH_SIZE = 10_000;

/** Why a chain is broken, at the first sequence where verification failed. */
export type AuditChainBreakReason = 'hash_mismatch' | 'missing_row' | 'out_of_order' | 'prev_hash_mismatch' | 'head_mismatch';

/** How much the verifier read and the most rows it ever held at once (its batch size bounds it). */
export interface AuditVerifyStats {
  readonly batches: number;
  readonly rowsRead: number;
  readonly maxRowsHeld: number;
}

export interface AuditChainOk {
  readonly ok: true;
  readonly tenantId: TenantId;
  /** Events verified (1..head.sequence). */
  readonly count: number;
  readonly head: AuditHead | null;
  readonly stats: AuditVerifyStats;
}

export interface AuditChainBroken {
  readonly ok: false;
  readonly tenantId: TenantId;
  /** The first sequence at which the chain does not verify. */
  readonly brokenAt: number;
  readonly reason: AuditChainBreakReason;
  readonly detail: string;
  /** Events that verified before the break. */
  readonly count: number;
  readonly stats: AuditVerifyStats;
}

export type AuditChainVerification = AuditChainOk | AuditChainBroken;

export interface AuditVerifyProgress {
  readonly tenantId: TenantId;
  /** Events verified so far. */
  readonly verified: number;
  /** The head sequence the walk goes to (null when the tenant has no head row). */
  readonly target: number | null;
}

export interface AuditVerifyOptions {
  /** Rows read per batch (and the most the verifier holds at once); default 1000. */
  readonly batchSize?: number | undefined;
  /** Called after every batch. */
  readonly onProgress?: ((progress: AuditVerifyProgress) => void) | undefined;
}

interface HeadRow {
  sequence: string | number | null;
  hash: string | null;
  max_sequence: string | number | null;
}

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

/**
 * Walks a tenant's chain in sequence order, in keyset batches each read in its own short read-only
 * tenant transaction (so row-level security applies and no snapshot is held for the whole walk),
 * holding at most one batch of rows. For each row it checks sequence continuity from 1, recomputes
 * the hash and checks the link to the previous hash; at the end it checks the `audit_heads` row.
 *
 * Appends that commit during the walk are consistent with it: the walk goes up to the head read
 * at the start (rows below a committed head never change), and the final check compares the
 * head and the highest sequence read in one statement.
 */
export class AuditChainVerifier {
  constructor(
    private readonly uow: TenantUnitOfWork,
    private readonly defaults: { readonly batchSize?: number | undefined } = {},
  ) {}

  async verify(tenantId: TenantId, options: AuditVerifyOptions = {}): Promise<AuditChainVerification> {
    const batchSize = options.batchSize ?? this.defaults.batchSize ?? DEFAULT_VERIFY_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_VERIFY_BATCH_SIZE)
      throw new RangeError(`batchSize must be an integer 1..${MAX_VERIFY_BATCH_SIZE}`);
    let batches = 0;
    let rowsRead = 0;
    let maxRowsHeld = 0;
    const stats = (): AuditVerifyStats => ({ batches, rowsRead, maxRowsHeld });
    let count = 0;
    const broken = (brokenAt: number, reason: AuditChainBreakReason, detail: string): AuditChainBroken => ({
      ok: false,
      tenantId,
      brokenAt,
      reason,
      detail,
      count,
      stats: stats(),
    });

    const startHead = await this.readHead(tenantId);
    const target = startHead.sequence;
    let expected = 1;
    let prevHash = GENESIS_HASH;
    let lastSeen: number | null = null;

    for (;;) {
      const params: unknown[] = [tenantId, batchSize];
      let where = 'tenant_id = $1';
      if (lastSeen !== null) {
        params.push(lastSeen);
        where += ` AND sequence > $${params.length}::bigint`;
      }
      if (target !== null) {
        params.push(target);
        where += ` AND sequence <= $${params.length}::bigint`;
      }
      let rows: AuditEventRow[] | null = await this.uow.run(
        tenantId,
        (tx) => tx.sql.query<AuditEventRow>(`SELECT ${AUDIT_EVENT_COLUMNS} FROM audit_events WHERE ${where} ORDER BY sequence LIMIT $2`, params),
        { readOnly: true },
      );
      batches++;
      rowsRead += rows.length;
      maxRowsHeld = Math.max(maxRowsHeld, rows.length);
      const batchLength = rows.length;

      for (const row of rows) {
        const event = toAuditEvent(row);
        lastSeen = event.sequence;
        if (event.sequence < expected) return broken(event.sequence, 'out_of_order', `sequence ${event.sequence} where ${expected} was expected`);
        if (event.sequence > expected)
          return broken(expected, 'missing_row', `sequence ${expected} is missing (next row is ${event.sequence})`);
        if (computeAuditHash(event) !== event.hash) {
          const writtenAs = this.writtenAs(event, batchSize);
          if (writtenAs !== null)
            return broken(event.sequence, 'out_of_order', `the row at sequence ${event.sequence} is intact but was written as sequence ${writtenAs}`);
          return broken(event.sequence, 'hash_mismatch', `stored hash ${event.hash} does not match the row's contents`);
        }
        if (event.prevHash !== prevHash)
          return broken(event.sequence, 'prev_hash_mismatch', `prev_hash ${event.prevHash} does not link to the hash of sequence ${expected - 1} (${prevHash})`);
        prevHash = event.hash;
        expected++;
        count++;
      }
      rows = null; // the batch is done with; only prevHash and counters survive it
      options.onProgress?.({ tenantId, verified: count, target });
      if (batchLength < batchSize) break;
    }

    // The head: it must name the last event read and no event may lie beyond it.
    const last = expected - 1;
    const endHead = await this.readHead(tenantId);
    if (target === null) {
      if (last === 0 && endHead.sequence === null && endHead.maxSequence === null) return { ok: true, tenantId, count, head: null, stats: stats() };
      if (endHead.sequence === null) return broken(Math.max(last, 1), 'head_mismatch', `audit_heads has no row but the chain has ${last} events`);
      // a first append committed during the walk: verify again to cover it
      return this.verify(tenantId, options);
    }
    if (last < target) return broken(last + 1, 'missing_row', `audit_heads records sequence ${target} but the chain ends at ${last}`);
    if (prevHash !== startHead.hash)
      return broken(target, 'head_mismatch', `audit_heads hash ${startHead.hash ?? 'null'} differs from the hash of sequence ${target} (${prevHash})`);
    if (endHead.sequence === null || endHead.sequence < target)
      return broken(endHead.sequence ?? target, 'head_mismatch', `audit_heads moved back from sequence ${target} to ${endHead.sequence ?? 'no row'}`);
    if (endHead.maxSequence !== null && endHead.maxSequence > endHead.sequence)
      return broken(endHead.sequence + 1, 'head_mismatch', `events up to sequence ${endHead.maxSequence} lie beyond the head (${endHead.sequence})`);
    return { ok: true, tenantId, count, head: { sequence: target, hash: startHead.hash ?? prevHash }, stats: stats() };
  }

  /** The head row and the highest event sequence, read in one statement (one snapshot). */
  private async readHead(tenantId: TenantId): Promise<{ sequence: number | null; hash: string | null; maxSequence: number | null }> {
    const [row] = await this.uow.run(
      tenantId,
      (tx) =>
        tx.sql.query<HeadRow>(
          `SELECT h.sequence, h.hash, (SELECT max(e.sequence) FROM audit_events e WHERE e.tenant_id = $1) AS max_sequence
           FROM (SELECT 1) AS one LEFT JOIN audit_heads h ON h.tenant_id = $1`,
          [tenantId],
        ),
      { readOnly: true },
    );
    return { sequence: num(row?.sequence ?? null), hash: row?.hash ?? null, maxSequence: num(row?.max_sequence ?? null) };
  }

  /**
   * For a row whose hash does not match: the nearby sequence (within `window`) whose hash it does
   * match, i.e. an intact row moved out of its place; null when the contents were altered.
   */
  private writtenAs(event: AuditEvent, window: number): number | null {
    const w = Math.min(window, DEFAULT_VERIFY_BATCH_SIZE);
    for (let d = 1; d <= w; d++) {
      for (const s of [event.sequence - d, event.sequence + d]) {
        if (s >= 1 && computeAuditHash({ ...event, sequence: s }) === event.hash) return s;
      }
    }
    return null;
  }
}

/**
 * Every tenant with an audit chain: those with a head row and those with events (a chain whose
 * head was deleted is still found). Operator operation: `executor` must run as the table owner
 * with BYPASSRLS or as a superuser and outside any tenant transaction, because row-level security
 * hides every tenant's rows from the app role (and from the owner, since RLS is forced) — there it
 * returns nothing rather than failing. The event scan is a loose index scan over the primary key.
 */
export async function listAuditedTenants(executor: SqlExecutor): Promise<TenantId[]> {
  const rows = await executor.query<{ tenant_id: string }>(
    `WITH RECURSIVE t AS (
       (SELECT tenant_id FROM audit_events ORDER BY tenant_id LIMIT 1)
       UNION ALL
       SELECT (SELECT e.tenant_id FROM audit_events e WHERE e.tenant_id > t.tenant_id ORDER BY e.tenant_id LIMIT 1) FROM t WHERE t.tenant_id IS NOT NULL)
     SELECT tenant_id::text AS tenant_id FROM t WHERE tenant_id IS NOT NULL
     UNION
     SELECT tenant_id::text FROM audit_heads
     ORDER BY 1`,
  );
  return rows.map((r) => r.tenant_id);
}
