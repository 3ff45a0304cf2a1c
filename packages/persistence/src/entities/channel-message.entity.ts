import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Row shape of `channel_messages` (gapless per channel); the migration is the source of truth. */
@Entity({ name: 'channel_messages' })
@Index('channel_messages_tenant_id_created_at_idx', ['tenantId', 'createdAt'])
export class ChannelMessageEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'channel_messages_pkey' }) tenantId!: string;
  @PrimaryColumn({ name: 'channel_id', type: 'uuid', primaryKeyConstraintName: 'channel_messages_pkey' }) channelId!: string;
  @PrimaryColumn({ name: 'sequence', type: 'bigint', primaryKeyConstraintName: 'channel_messages_pkey' }) sequence!: string;
  @Column({ name: 'id', type: 'uuid' }) id!: string;
  @Column({ name: 'sender', type: 'text' }) sender!: string;
  @Column({ name: 'body', type: 'jsonb' }) body!: object;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
}
