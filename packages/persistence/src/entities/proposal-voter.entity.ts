import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Row shape of `proposal_voters` (the voter list frozen when the proposal opened); the migration is the source of truth. */
@Entity({ name: 'proposal_voters' })
export class ProposalVoterEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'proposal_voters_pkey' }) tenantId!: string;
  @PrimaryColumn({ name: 'proposal_id', type: 'uuid', primaryKeyConstraintName: 'proposal_voters_pkey' }) proposalId!: string;
  @PrimaryColumn({ name: 'voter_id', type: 'text', primaryKeyConstraintName: 'proposal_voters_pkey' }) voterId!: string;
  @Column({ name: 'weight', type: 'bigint' }) weight!: string;
}
