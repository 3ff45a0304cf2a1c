import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Row shape of `audit_events` (append-only hash chain); the migration is the source of truth. */
@Entity({ name: 'audit_events' })
@Index('audit_events_tenant_id_occurred_at_idx', ['tenantId', 'occurredAt', 'sequence'])
@Index('audit_events_tenant_id_actor_subject_idx', ['tenantId', 'actorSubject', 'sequence'])
@Index('audit_events_tenant_id_resource_idx', ['tenantId', 'resourceType', 'resourceId', 'sequence'])
@Index('audit_events_tenant_id_action_idx', ['tenantId', 'action', 'sequence'])
export class AuditEventEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'audit_events_pkey' }) tenantId!: string;
  @PrimaryColumn({ name: 'sequence', type: 'bigint', primaryKeyConstraintName: 'audit_events_pkey' }) sequence!: string;
  @Column({ name: 'id', type: 'uuid' }) id!: string;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt!: Date;
  @Column({ name: 'actor_subject', type: 'text' }) actorSubject!: string;
  @Column({ name: 'actor_roles', type: 'text', array: true }) actorRoles!: string[];
  @Column({ name: 'action', type: 'text' }) action!: string;
  @Column({ name: 'resource_type', type: 'text' }) resourceType!: string;
  @Column({ name: 'resource_id', type: 'text', nullable: true }) resourceId!: string | null;
  @Column({ name: 'outcome', type: 'text' }) outcome!: string;
  @Column({ name: 'decision', type: 'jsonb' }) decision!: object;
  @Column({ name: 'request_id', type: 'text', nullable: true }) requestId!: string | null;
  @Column({ name: 'changes', type: 'jsonb' }) changes!: object;
  @Column({ name: 'prev_hash', type: 'text' }) prevHash!: string;
  @Column({ name: 'hash', type: 'text' }) hash!: string;
}
