import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Row shape of `audit_heads` (each tenant's chain head); the migration is the source of truth. */
@Entity({ name: 'audit_heads' })
export class AuditHeadEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'audit_heads_pkey' }) tenantId!: string;
  @Column({ name: 'sequence', type: 'bigint' }) sequence!: string;
  @Column({ name: 'hash', type: 'text' }) hash!: string;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
