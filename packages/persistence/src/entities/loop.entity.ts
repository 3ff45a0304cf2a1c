import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/** Row shape of `loops`; the migration is the source of truth, the drift check keeps this in step. */
@Entity({ name: 'loops' })
@Unique('loops_tenant_id_name_key', ['tenantId', 'name'])
@Index('loops_tenant_id_status_id_idx', ['tenantId', 'status', 'id'])
export class LoopEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'loops_pkey' }) tenantId!: string;
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'loops_pkey' }) id!: string;
  @Column({ name: 'name', type: 'text' }) name!: string;
  @Column({ name: 'description', type: 'text', default: '' }) description!: string;
  @Column({ name: 'status', type: 'text', default: 'active' }) status!: string;
  @Column({ name: 'classification', type: 'text', default: 'internal' }) classification!: string;
  @Column({ name: 'config', type: 'jsonb', default: {} }) config!: object;
  @Column({ name: 'lease_owner', type: 'text', nullable: true }) leaseOwner!: string | null;
  @Column({ name: 'fencing_token', type: 'bigint', default: 0 }) fencingToken!: string;
  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true }) leaseExpiresAt!: Date | null;
  @Column({ name: 'latest_cycle_id', type: 'uuid', nullable: true }) latestCycleId!: string | null;
  @Column({ name: 'cycle_count', type: 'integer', default: 0 }) cycleCount!: number;
  @Column({ name: 'version', type: 'integer', default: 1 }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
