import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Row shape of `idempotency_records` (stored responses of idempotent requests); the migration is the source of truth. */
@Entity({ name: 'idempotency_records' })
@Index('idempotency_records_tenant_id_expires_at_idx', ['tenantId', 'expiresAt'])
export class IdempotencyRecordEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'idempotency_records_pkey' }) tenantId!: string;
  @PrimaryColumn({ name: 'subject', type: 'text', primaryKeyConstraintName: 'idempotency_records_pkey' }) subject!: string;
  @PrimaryColumn({ name: 'key', type: 'text', primaryKeyConstraintName: 'idempotency_records_pkey' }) key!: string;
  @Column({ name: 'request_hash', type: 'text' }) requestHash!: string;
  @Column({ name: 'status_code', type: 'integer' }) statusCode!: number;
  @Column({ name: 'response', type: 'jsonb' }) response!: object;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
}
