import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Row shape of `proposal_votes` (one current vote per voter); the migration is the source of truth. */
@Entity({ name: 'proposal_votes' })
export class ProposalVoteEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'proposal_votes_pkey' }) tenantId!: string;
  @PrimaryColumn({ name: 'proposal_id', type: 'uuid', primaryKeyConstraintName: 'proposal_votes_pkey' }) proposalId!: string;
  @PrimaryColumn({ name: 'voter_id', type: 'text', primaryKeyConstraintName: 'proposal_votes_pkey' }) voterId!: string;
  @Column({ name: 'choice', type: 'text' }) choice!: string;
  @Column({ name: 'weight', type: 'bigint' }) weight!: string;
  @Column({ name: 'cast_at', type: 'timestamptz' }) castAt!: Date;
}
