import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** Row shape of `playbook_versions` (immutable once published); the migration is the source of truth. */
@Entity({ name: 'playbook_versions' })
@Unique('playbook_versions_tenant_id_playbook_id_number_key', ['tenantId', 'playbookId', 'number'])
export class PlaybookVersionEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'playbook_versions_pkey' }) tenantId!: string;
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'playbook_versions_pkey' }) id!: string;
  @Column({ name: 'playbook_id', type: 'uuid' }) playbookId!: string;
  @Column({ name: 'number', type: 'integer' }) number!: number;
  @Column({ name: 'status', type: 'text', default: 'draft' }) status!: string;
  @Column({ name: 'steps', type: 'jsonb', default: [] }) steps!: object[];
  @Column({ name: 'triggers', type: 'jsonb', default: [] }) triggers!: object[];
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt!: Date | null;
  @Column({ name: 'version', type: 'integer', default: 1 }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
