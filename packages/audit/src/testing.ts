/**
 * Test support: an in-memory `AuditLog` for unit tests of code that audits, and a fast seeder of
 * valid chains for verifier and load tests.
 */
import {
  uuidv7,
  type AuditEvent,
  type AuditEventInput,
  type Page,
  type PageRequest,
  type SqlExecutor,
  type TenantId,
  type TenantTransaction,
} from '@intelgraph/domain';
import { auditPageLimit, decodeAuditCursor, encodeAuditCursor } from './audit-cursor.js';
import { GENESIS_HASH, computeAuditHash, truncateToMillis } from './audit-hash.js';
import { validateAuditFilter, validateAuditInput } from './audit-input.validation.js';
import type { AuditHead, AuditLog, AuditQueryFilter } from './audit-log.port.js';
import { AUDIT_EVENT_COLUMNS } from './audit-row.mapper.js';

/**
 * An `AuditLog` in memory with the same chain and hashes as the PostgreSQL adapter. Not
 * transactional: an append stays even when the caller's transaction rolls back.
 */
export class InMemoryAuditLog implements AuditLog {
  private readonly chains = new Map<TenantId, AuditEvent[]>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  append(tx: TenantTransaction, input: AuditEventInput): Promise<AuditEvent> {
    validateAuditInput(input);
    const chain = this.chains.get(tx.tenantId) ?? [];
    this.chains.set(tx.tenantId, chain);
    const prev = chain[chain.length - 1];
    const unhashed: Omit<AuditEvent, 'hash'> = {
      ...(JSON.parse(JSON.stringify(input)) as AuditEventInput),
      tenantId: tx.tenantId,
      sequence: chain.length + 1,
      id: uuidv7(),
      occurredAt: truncateToMillis(this.now()),
      prevHash: prev?.hash ?? GENESIS_HASH,
    };
    const event: AuditEvent = { ...unhashed, hash: computeAuditHash(unhashed) };
    chain.push(event);
    return Promise.resolve(event);
  }

  async appendMany(tx: TenantTransaction, inputs: readonly AuditEventInput[]): Promise<AuditEvent[]> {
    for (const input of inputs) validateAuditInput(input);
    const events: AuditEvent[] = [];
    for (const input of inputs) events.push(await this.append(tx, input));
    return events;
  }

  query(tx: TenantTransaction, filter: AuditQueryFilter, page: PageRequest): Promise<Page<AuditEvent>> {
    validateAuditFilter(filter);
    const limit = auditPageLimit(page);
    const after = decodeAuditCursor(page.cursor);
    const desc = (filter.order ?? 'desc') === 'desc';
    const all = [...(this.chains.get(tx.tenantId) ?? [])];
    if (desc) all.reverse();
    const matching = all.filter(
      (e) =>
        (filter.from === undefined || e.occurredAt >= filter.from) &&
        (filter.to === undefined || e.occurredAt < filter.to) &&
        (filter.actor === undefined || e.actor.subject === filter.actor) &&
        (filter.resourceType === undefined || e.resourceType === filter.resourceType) &&
        (filter.resourceId === undefined || e.resourceId === filter.resourceId) &&
        (filter.action === undefined || e.action === filter.action) &&
        (filter.outcome === undefined || e.outcome === filter.outcome) &&
        (after === null || (desc ? e.sequence < after : e.sequence > after)),
    );
    const items = matching.slice(0, limit);
    const last = items[items.length - 1];
    return Promise.resolve({ items, nextCursor: matching.length > limit && last ? encodeAuditCursor(last.sequence) : null });
  }

  head(tx: TenantTransaction): Promise<AuditHead | null> {
    const last = this.chains.get(tx.tenantId)?.at(-1);
    return Promise.resolve(last ? { sequence: last.sequence, hash: last.hash } : null);
  }
}

export interface SeedAuditChainOptions {
  /** Rows per multi-row INSERT (default 5000). */
  readonly batchSize?: number | undefined;
  /** Time of the first event; each next one is 1 ms later (default: now minus `count` ms). */
  readonly start?: Date | undefined;
  /** The event input of the n-th event (1-based). */
  readonly input?: ((sequence: number) => AuditEventInput) | undefined;
}

const defaultInput = (n: number): AuditEventInput => ({
  actor: { subject: `agent-${n % 7}`, roles: ['operator', n % 2 === 0 ? 'writer' : 'reader'] },
  action: n % 3 === 0 ? 'task.update' : 'task.create',
  resourceType: 'task',
  resourceId: `task-${n}`,
  outcome: n % 11 === 0 ? 'denied' : 'allowed',
  decision: { allow: n % 11 !== 0, reasons: n % 11 === 0 ? ['not permitted'] : [], policyVersion: 'v1', decisionId: null },
  requestId: `req-${n}`,
  changes: { n, note: `event ${n}` },
});

/**
 * Writes a valid chain of `count` events (sequence 1..count) for a tenant that has none, built in
 * Node in batches inserted with one `unnest` INSERT each, then sets the head. Run it as a superuser
 * data source (`{ query: (s, p) => ds.query(s, [...p]) }`) or inside the tenant's transaction.
 * Returns the head.
 */
export async function seedAuditChain(sql: SqlExecutor, tenantId: TenantId, count: number, options: SeedAuditChainOptions = {}): Promise<AuditHead> {
  const batchSize = options.batchSize ?? 5000;
  const input = options.input ?? defaultInput;
  const start = (options.start ?? new Date(Date.now() - count)).getTime();
  let prevHash = GENESIS_HASH;
  for (let first = 1; first <= count; first += batchSize) {
    const cols: unknown[][] = Array.from({ length: 14 }, () => []);
    for (let s = first; s < first + batchSize && s <= count; s++) {
      const i = JSON.parse(JSON.stringify(input(s))) as AuditEventInput;
      const e: Omit<AuditEvent, 'hash'> = { ...i, tenantId, sequence: s, id: uuidv7(), occurredAt: new Date(start + s - 1), prevHash };
      const hash = computeAuditHash(e);
      const values = [
        s,
        e.id,
        e.occurredAt.toISOString(),
        e.actor.subject,
        JSON.stringify(e.actor.roles),
        e.action,
        e.resourceType,
        e.resourceId,
        e.outcome,
        JSON.stringify(e.decision),
        e.requestId,
        JSON.stringify(e.changes),
        e.prevHash,
        hash,
      ];
      values.forEach((v, k) => cols[k]!.push(v));
      prevHash = hash;
    }
    await sql.query(
      `INSERT INTO audit_events (${AUDIT_EVENT_COLUMNS})
       SELECT $1::uuid, t.sequence, t.id, t.occurred_at, t.actor_subject, ARRAY(SELECT jsonb_array_elements_text(t.roles)), t.action,
              t.resource_type, t.resource_id, t.outcome, t.decision, t.request_id, t.changes, t.prev_hash, t.hash
       FROM unnest($2::bigint[], $3::uuid[], $4::timestamptz[], $5::text[], $6::jsonb[], $7::text[], $8::text[], $9::text[], $10::text[],
                   $11::jsonb[], $12::text[], $13::jsonb[], $14::text[], $15::text[])
         AS t(sequence, id, occurred_at, actor_subject, roles, action, resource_type, resource_id, outcome, decision, request_id, changes, prev_hash, hash)`,
      [tenantId, ...cols],
    );
  }
  if (count > 0)
    await sql.query(
      `INSERT INTO audit_heads (tenant_id, sequence, hash, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (tenant_id) DO UPDATE SET sequence = EXCLUDED.sequence, hash = EXCLUDED.hash, updated_at = now()`,
      [tenantId, count, prevHash],
    );
  return { sequence: count, hash: prevHash };
}
