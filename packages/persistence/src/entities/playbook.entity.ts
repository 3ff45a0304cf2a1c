import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/** Row shape of `playbooks`; the migration is the source of truth, the drift check keeps this in step. */
@Entity({ name: 'playbooks' })
@Unique('playbooks_tenant_id_name_key', ['tenantId', 'name'])
@Index('playbooks_tenant_id_status_id_idx', ['tenantId', 'status', 'id'])
export class PlaybookEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'playbooks_pkey' }) tenantId!: string;
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'playbooks_pkey' }) id!: string;
  @Column({ name: 'name', type: 'text' }) name!: string;
  @Column({ name: 'description', type: 'text', default: '' }) description!: string;
  @Column({ name: 'status', type: 'text', default: 'draft' }) status!: string;
  @Column({ name: 'classification', type: 'text', default: 'internal' }) classification!: string;
  @Column({ name: 'published_version_id', type: 'uuid', nullable: true }) publishedVersionId!: string | null;
  @Column({ name: 'version', type: 'integer', default: 1 }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
