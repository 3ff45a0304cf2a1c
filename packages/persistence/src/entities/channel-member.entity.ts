import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Row shape of `channel_members` (a member's read cursor); the migration is the source of truth. */
@Entity({ name: 'channel_members' })
@Index('channel_members_tenant_id_member_id_idx', ['tenantId', 'memberId'])
export class ChannelMemberEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'channel_members_pkey' }) tenantId!: string;
  @PrimaryColumn({ name: 'channel_id', type: 'uuid', primaryKeyConstraintName: 'channel_members_pkey' }) channelId!: string;
  @PrimaryColumn({ name: 'member_id', type: 'text', primaryKeyConstraintName: 'channel_members_pkey' }) memberId!: string;
  @Column({ name: 'acked_sequence', type: 'bigint', default: 0 }) ackedSequence!: string;
  @Column({ name: 'joined_at', type: 'timestamptz', default: () => 'now()' }) joinedAt!: Date;
}
