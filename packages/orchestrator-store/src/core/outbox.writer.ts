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
}
