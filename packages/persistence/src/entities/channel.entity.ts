import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/** Row shape of `channels`; the migration is the source of truth, the drift check keeps this in step. */
@Entity({ name: 'channels' })
@Unique('channels_tenant_id_name_key', ['tenantId', 'name'])
@Index('channels_tenant_id_status_id_idx', ['tenantId', 'status', 'id'])
export class ChannelEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'channels_pkey' }) tenantId!: string;
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'channels_pkey' }) id!: string;
  @Column({ name: 'name', type: 'text' }) name!: string;
  @Column({ name: 'status', type: 'text', default: 'active' }) status!: string;
  @Column({ name: 'classification', type: 'text', default: 'internal' }) classification!: string;
  @Column({ name: 'last_sequence', type: 'bigint', default: 0 }) lastSequence!: string;
  @Column({ name: 'version', type: 'integer', default: 1 }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
