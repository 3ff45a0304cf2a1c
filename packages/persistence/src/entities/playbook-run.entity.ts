import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Row shape of `playbook_runs`; the migration is the source of truth, the drift check keeps this in step. */
@Entity({ name: 'playbook_runs' })
@Index('playbook_runs_tenant_id_playbook_id_id_idx', ['tenantId', 'playbookId', 'id'])
export class PlaybookRunEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'playbook_runs_pkey' }) tenantId!: string;
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'playbook_runs_pkey' }) id!: string;
  @Column({ name: 'playbook_id', type: 'uuid' }) playbookId!: string;
  @Column({ name: 'version_id', type: 'uuid' }) versionId!: string;
  @Column({ name: 'status', type: 'text', default: 'running' }) status!: string;
  @Column({ name: 'step_results', type: 'jsonb', default: [] }) stepResults!: object[];
  @Column({ name: 'started_by', type: 'text' }) startedBy!: string;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
  @Column({ name: 'version', type: 'integer', default: 1 }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
