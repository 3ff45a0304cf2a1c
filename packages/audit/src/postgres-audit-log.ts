import {
  SystemClock,
  UuidV7Generator,
  type AuditDecision,
  type AuditEvent,
  type AuditEventInput,
  type Clock,
  type IdGenerator,
  type JsonObject,
  type Page,
  type PageRequest,
  type TenantTransaction,
} from '@intelgraph/domain';
import { auditPageLimit, decodeAuditCursor, encodeAuditCursor } from './audit-cursor.js';
import { GENESIS_HASH, computeAuditHash, truncateToMillis } from './audit-hash.js';
import { validateAuditFilter, validateAuditInput } from './audit-input.validation.js';
import type { AuditHead, AuditLog, AuditQueryFilter } from './audit-log.port.js';
import { AUDIT_EVENT_COLUMNS, toAuditEvent, type AuditEventRow } from './audit-row.mapper.js';

export interface PostgresAuditLogOptions {
  /** Source of `occurredAt`; read after the chain head is locked, so times follow sequence order. */
  readonly clock?: Clock | undefined;
  /** Source of event ids (UUIDv7 by default). */
  readonly ids?: IdGenerator | undefined;
}

/** JSON round trip: what the jsonb column gives back, and so what the hash must cover. */
const normalizeJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * The audit log on the `audit_events` / `audit_heads` tables, through the caller's transaction.
 *
 * Append is two statements. The first advances the tenant's head row in place
 * (`INSERT … ON CONFLICT (tenant_id) DO UPDATE SET sequence = sequence + 1 RETURNING sequence, hash`):
 * it takes that row's lock, numbers the event and returns the previous event's hash (the column is
 * not touched yet). The second inserts the event and stores its hash in the head, in one round trip.
 * The row lock is the only serialization point and only for that tenant, from the append to commit.
 * `appendMany` writes k events in the same two statements (head advanced by k, one `unnest` INSERT).
 */
export class PostgresAuditLog implements AuditLog {
  private readonly clock: Clock;
  private readonly ids: IdGenerator;

  constructor(options: PostgresAuditLogOptions = {}) {
    this.clock = options.clock ?? new SystemClock();
    this.ids = options.ids ?? new UuidV7Generator();
  }

  async append(tx: TenantTransaction, input: AuditEventInput): Promise<AuditEvent> {
    validateAuditInput(input);
    const tenantId = tx.tenantId;
    const decision = normalizeJson<AuditDecision>(input.decision);
    const changes = normalizeJson<JsonObject>(input.changes);
    const id = this.ids.next();

    const [head] = await tx.sql.query<{ sequence: string | number; hash: string }>(
      `INSERT INTO audit_heads AS h (tenant_id, sequence, hash, updated_at) VALUES ($1, 1, $2, now())
       ON CONFLICT (tenant_id) DO UPDATE SET sequence = h.sequence + 1, updated_at = now()
       RETURNING h.sequence, h.hash`,
      [tenantId, GENESIS_HASH],
    );
    if (!head) throw new Error('audit: the chain head was not returned');

    const event = this.link(tenantId, Number(head.sequence), id, input, decision, changes, head.hash);
    const hash = computeAuditHash(event);

    const [written] = await tx.sql.query<{ events: number; heads: number }>(
      `WITH ev AS (
         INSERT INTO audit_events (${AUDIT_EVENT_COLUMNS})
         VALUES ($1, $2::bigint, $3, $4::timestamptz, $5, $6::text[], $7, $8, $9, $10, $11::jsonb, $12, $13::jsonb, $14, $15)
         RETURNING sequence),
       hd AS (
         UPDATE audit_heads SET hash = $15, updated_at = now() WHERE tenant_id = $1 AND sequence = $2::bigint RETURNING sequence)
       SELECT (SELECT count(*) FROM ev)::int AS events, (SELECT count(*) FROM hd)::int AS heads`,
      [
        tenantId,
        event.sequence,
        id,
        event.occurredAt.toISOString(),
        event.actor.subject,
        event.actor.roles,
        event.action,
        event.resourceType,
        event.resourceId,
        event.outcome,
        JSON.stringify(decision),
        event.requestId,
        JSON.stringify(changes),
        event.prevHash,
        hash,
      ],
    );
    if (written?.events !== 1 || written.heads !== 1) throw new Error(`audit: append of sequence ${event.sequence} did not write event and head`);
    return { ...event, hash };
  }

  /** One chain link (everything but its own hash): the event at `sequence`, following `prevHash`. */
  private link(
    tenantId: string,
    sequence: number,
    id: string,
    input: AuditEventInput,
    decision: AuditDecision,
    changes: AuditEvent['changes'],
    prevHash: string,
  ): Omit<AuditEvent, 'hash'> {
    return {
      tenantId,
      sequence,
      id,
      occurredAt: truncateToMillis(this.clock.now()),
      actor: { subject: input.actor.subject, roles: [...input.actor.roles] },
      action: input.action,
      resourceType: input.resourceType,
      resourceId: input.resourceId,
      outcome: input.outcome,
      decision,
      requestId: input.requestId,
      changes,
      prevHash,
    };
  }

  /**
   * The same links as `inputs.length` consecutive `append` calls (same sequence numbers, clock
   * and id reads per event, hashes chained in order), in two statements whatever the count: the head
   * advances by k in one upsert, the k events are chained in Node and inserted with one `unnest`
   * INSERT that also stores the last hash in the head. Validates every input before writing any.
   */
  async appendMany(tx: TenantTransaction, inputs: readonly AuditEventInput[]): Promise<AuditEvent[]> {
    if (inputs.length === 0) return [];
    if (inputs.length === 1) return [await this.append(tx, inputs[0]!)];
    for (const input of inputs) validateAuditInput(input);
    const tenantId = tx.tenantId;
    const k = inputs.length;
    const ids = inputs.map(() => this.ids.next());
    const json = inputs.map((input) => ({ decision: normalizeJson<AuditDecision>(input.decision), changes: normalizeJson<JsonObject>(input.changes) }));

    const [head] = await tx.sql.query<{ sequence: string | number; hash: string }>(
      `INSERT INTO audit_heads AS h (tenant_id, sequence, hash, updated_at) VALUES ($1, $3::bigint, $2, now())
       ON CONFLICT (tenant_id) DO UPDATE SET sequence = h.sequence + $3::bigint, updated_at = now()
       RETURNING h.sequence, h.hash`,
      [tenantId, GENESIS_HASH, k],
    );
    if (!head) throw new Error('audit: the chain head was not returned');

    const first = Number(head.sequence) - k + 1;
    let prevHash = head.hash;
    const events: AuditEvent[] = [];
    const cols: unknown[][] = Array.from({ length: 14 }, () => []);
    inputs.forEach((input, i) => {
      const { decision, changes } = json[i]!;
      const event = this.link(tenantId, first + i, ids[i]!, input, decision, changes, prevHash);
      const hash = computeAuditHash(event);
      const values = [
        event.sequence,
        event.id,
        event.occurredAt.toISOString(),
        event.actor.subject,
        JSON.stringify(event.actor.roles),
        event.action,
        event.resourceType,
        event.resourceId,
        event.outcome,
        JSON.stringify(decision),
        event.requestId,
        JSON.stringify(changes),
        event.prevHash,
        hash,
      ];
      values.forEach((v, c) => cols[c]!.push(v));
      events.push({ ...event, hash });
      prevHash = hash;
    });
    const last = events[k - 1]!;

    const [written] = await tx.sql.query<{ events: number; heads: number }>(
      `WITH ev AS (
         INSERT INTO audit_events (${AUDIT_EVENT_COLUMNS})
         SELECT $1::uuid, t.sequence, t.id, t.occurred_at, t.actor_subject, ARRAY(SELECT jsonb_array_elements_text(t.roles)), t.action,
                t.resource_type, t.resource_id, t.outcome, t.decision, t.request_id, t.changes, t.prev_hash, t.hash
         FROM unnest($2::bigint[], $3::uuid[], $4::timestamptz[], $5::text[], $6::jsonb[], $7::text[], $8::text[], $9::text[], $10::text[],
                     $11::jsonb[], $12::text[], $13::jsonb[], $14::text[], $15::text[])
           AS t(sequence, id, occurred_at, actor_subject, roles, action, resource_type, resource_id, outcome, decision, request_id, changes, prev_hash, hash)
         RETURNING sequence),
       hd AS (
         UPDATE audit_heads SET hash = $16, updated_at = now() WHERE tenant_id = $1 AND sequence = $17::bigint RETURNING sequence)
       SELECT (SELECT count(*) FROM ev)::int AS events, (SELECT count(*) FROM hd)::int AS heads`,
      [tenantId, ...cols, last.hash, last.sequence],
    );
    if (written?.events !== k || written.heads !== 1) throw new Error(`audit: append of sequences ${first}..${last.sequence} did not write events and head`);
    return events;
  }

  async query(tx: TenantTransaction, filter: AuditQueryFilter, page: PageRequest): Promise<Page<AuditEvent>> {
    validateAuditFilter(filter);
    const limit = auditPageLimit(page);
    const after = decodeAuditCursor(page.cursor);
    const desc = (filter.order ?? 'desc') === 'desc';
    const params: unknown[] = [tx.tenantId];
    const where = ['tenant_id = $1'];
    const add = (sql: (p: string) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.from) add((p) => `occurred_at >= ${p}::timestamptz`, filter.from.toISOString());
    if (filter.to) add((p) => `occurred_at < ${p}::timestamptz`, filter.to.toISOString());
    if (filter.actor !== undefined) add((p) => `actor_subject = ${p}`, filter.actor);
    if (filter.resourceType !== undefined) add((p) => `resource_type = ${p}`, filter.resourceType);
    if (filter.resourceId !== undefined) add((p) => `resource_id = ${p}`, filter.resourceId);
    if (filter.action !== undefined) add((p) => `action = ${p}`, filter.action);
    if (filter.outcome !== undefined) add((p) => `outcome = ${p}`, filter.outcome);
    if (after !== null) add((p) => `sequence ${desc ? '<' : '>'} ${p}::bigint`, after);
    params.push(limit + 1);
    const rows = await tx.sql.query<AuditEventRow>(
      `SELECT ${AUDIT_EVENT_COLUMNS} FROM audit_events WHERE ${where.join(' AND ')}
       ORDER BY sequence ${desc ? 'DESC' : 'ASC'} LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, limit).map(toAuditEvent);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeAuditCursor(last.sequence) : null };
  }

  async head(tx: TenantTransaction): Promise<AuditHead | null> {
    const [row] = await tx.sql.query<{ sequence: string | number; hash: string }>(`SELECT sequence, hash FROM audit_heads WHERE tenant_id = $1`, [
      tx.tenantId,
    ]);
    return row ? { sequence: Number(row.sequence), hash: row.hash } : null;
  }
}
