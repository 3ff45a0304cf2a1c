import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Row shape of `outbox_events` (transactional outbox); the migration is the source of truth. */
@Entity({ name: 'outbox_events' })
@Index('outbox_events_tenant_id_created_at_idx', ['tenantId', 'createdAt'])
export class OutboxEventEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'outbox_events_pkey' }) tenantId!: string;
  @PrimaryColumn({ name: 'sequence', type: 'bigint', primaryKeyConstraintName: 'outbox_events_pkey' }) sequence!: string;
  @Column({ name: 'id', type: 'uuid' }) id!: string;
  @Column({ name: 'aggregate_type', type: 'text' }) aggregateType!: string;
  @Column({ name: 'aggregate_id', type: 'text' }) aggregateId!: string;
  @Column({ name: 'event_type', type: 'text' }) eventType!: string;
  @Column({ name: 'payload', type: 'jsonb' }) payload!: object;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
}
