import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/** Row shape of `experiments`; the migration is the source of truth, the drift check keeps this in step. */
@Entity({ name: 'experiments' })
@Unique('experiments_tenant_id_name_key', ['tenantId', 'name'])
@Index('experiments_tenant_id_status_id_idx', ['tenantId', 'status', 'id'])
export class ExperimentEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'experiments_pkey' }) tenantId!: string;
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'experiments_pkey' }) id!: string;
  @Column({ name: 'name', type: 'text' }) name!: string;
  @Column({ name: 'hypothesis', type: 'text', default: '' }) hypothesis!: string;
  @Column({ name: 'status', type: 'text', default: 'draft' }) status!: string;
  @Column({ name: 'classification', type: 'text', default: 'internal' }) classification!: string;
  @Column({ name: 'guardrail', type: 'jsonb', nullable: true }) guardrail!: object | null;
  @Column({ name: 'conclusion', type: 'text', nullable: true }) conclusion!: string | null;
  @Column({ name: 'version', type: 'integer', default: 1 }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
