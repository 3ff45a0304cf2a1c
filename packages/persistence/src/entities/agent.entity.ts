import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/** Row shape of `agents`; the migration is the source of truth, the drift check keeps this in step. */
@Entity({ name: 'agents' })
@Unique('agents_tenant_id_name_key', ['tenantId', 'name'])
@Unique('agents_tenant_id_subject_key', ['tenantId', 'subject'])
@Index('agents_tenant_id_status_id_idx', ['tenantId', 'status', 'id'])
export class AgentEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'agents_pkey' }) tenantId!: string;
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'agents_pkey' }) id!: string;
  @Column({ name: 'name', type: 'text' }) name!: string;
  @Column({ name: 'subject', type: 'text' }) subject!: string;
  @Column({ name: 'role', type: 'text' }) role!: string;
  @Column({ name: 'model', type: 'text' }) model!: string;
  @Column({ name: 'capabilities', type: 'text', array: true, default: '{}' }) capabilities!: string[];
  @Column({ name: 'routing_weight', type: 'integer', default: 100 }) routingWeight!: number;
  @Column({ name: 'status', type: 'text', default: 'active' }) status!: string;
  @Column({ name: 'classification', type: 'text', default: 'internal' }) classification!: string;
  @Column({ name: 'heartbeat_ttl_ms', type: 'integer', default: 30000 }) heartbeatTtlMs!: number;
  @Column({ name: 'last_heartbeat_at', type: 'timestamptz', nullable: true }) lastHeartbeatAt!: Date | null;
  @Column({ name: 'version', type: 'integer', default: 1 }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
