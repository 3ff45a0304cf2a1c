import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Row shape of `proposals` (the tally lives in three weight columns); the migration is the source of truth. */
@Entity({ name: 'proposals' })
@Index('proposals_tenant_id_status_id_idx', ['tenantId', 'status', 'id'])
@Index('proposals_tenant_id_deadline_idx', ['tenantId', 'deadline'], { where: `"status" = 'open'` })
export class ProposalEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'proposals_pkey' }) tenantId!: string;
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'proposals_pkey' }) id!: string;
  @Column({ name: 'title', type: 'text' }) title!: string;
  @Column({ name: 'description', type: 'text', default: '' }) description!: string;
  @Column({ name: 'status', type: 'text', default: 'open' }) status!: string;
  @Column({ name: 'classification', type: 'text', default: 'internal' }) classification!: string;
  @Column({ name: 'quorum', type: 'double precision' }) quorum!: number;
  @Column({ name: 'threshold', type: 'text' }) threshold!: string;
  @Column({ name: 'deadline', type: 'timestamptz' }) deadline!: Date;
  @Column({ name: 'total_weight', type: 'bigint' }) totalWeight!: string;
  @Column({ name: 'yes_weight', type: 'bigint', default: 0 }) yesWeight!: string;
  @Column({ name: 'no_weight', type: 'bigint', default: 0 }) noWeight!: string;
  @Column({ name: 'abstain_weight', type: 'bigint', default: 0 }) abstainWeight!: string;
  @Column({ name: 'opened_by', type: 'text' }) openedBy!: string;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ name: 'version', type: 'integer', default: 1 }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
