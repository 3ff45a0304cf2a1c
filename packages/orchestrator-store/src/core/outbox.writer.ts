import type { IdGenerator, TenantTransaction } from '@intelgraph/domain';
import type { OutboxEventSpec } from './command.types.js';

/** Inserts `outbox_events` rows in the caller's transaction, numbered by the audit event they go with. */
export class OutboxWriter {
  constructor(private readonly ids: IdGenerator) {}

  /** One row at `sequence` (the audit event's), so every committed change has exactly one of each. */
  async insert(tx: TenantTransaction, sequence: number, event: OutboxEventSpec): Promise<void> {
    await tx.sql.query(
      `INSERT INTO outbox_events (tenant_id, sequence, id, aggregate_type, aggregate_id, event_type, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
      [tx.tenantId, sequence, this.ids.next(), event.aggregateType, event.aggregateId, event.eventType, JSON.stringify(event.payload)],
    );
  }

  /** One row per audit event, `events[i]` at `sequences[i]`, in one statement (rows inserted in the given order). */
  async insertMany(tx: TenantTransaction, sequences: readonly number[], events: readonly OutboxEventSpec[]): Promise<void> {
    if (sequences.length !== events.length) throw new Error(`outbox: ${sequences.length} sequences for ${events.length} events`);
    if (events.length === 0) return;
    if (events.length === 1) return this.insert(tx, sequences[0]!, events[0]!);
    await tx.sql.query(
      `INSERT INTO outbox_events (tenant_id, sequence, id, aggregate_type, aggregate_id, event_type, payload)
       SELECT $1::uuid, t.sequence, t.id, t.aggregate_type, t.aggregate_id, t.event_type, t.payload
       FROM unnest($2::bigint[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::jsonb[])
         WITH ORDINALITY AS t(sequence, id, aggregate_type, aggregate_id, event_type, payload, n)
       ORDER BY t.n`,
      [
        tx.tenantId,
        sequences,
        events.map(() => this.ids.next()),
        events.map((e) => e.aggregateType),
        events.map((e) => e.aggregateId),
        events.map((e) => e.eventType),
        events.map((e) => JSON.stringify(e.payload)),
      ],
    );
  }
}
