import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/**
 * Row shape of `tasks`; the migration is the source of truth. The claim index orders `priority`
 * descending in SQL, which the decorator cannot express; the drift check compares names and columns.
 */
@Entity({ name: 'tasks' })
@Unique('tasks_tenant_id_queue_idempotency_key_key', ['tenantId', 'queue', 'idempotencyKey'])
@Index('tasks_tenant_id_queue_priority_run_at_idx', ['tenantId', 'queue', 'priority', 'runAt', 'id'], { where: `"status" IN ('queued', 'retry_wait')` })
@Index('tasks_tenant_id_status_id_idx', ['tenantId', 'status', 'id'])
@Index('tasks_tenant_id_lease_expires_at_idx', ['tenantId', 'leaseExpiresAt'], { where: `"status" = 'claimed'` })
@Index('tasks_tenant_id_finished_at_idx', ['tenantId', 'finishedAt'], { where: `"finished_at" IS NOT NULL` })
export class TaskEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'tasks_pkey' }) tenantId!: string;
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'tasks_pkey' }) id!: string;
  @Column({ name: 'queue', type: 'text' }) queue!: string;
  @Column({ name: 'kind', type: 'text' }) kind!: string;
  @Column({ name: 'payload', type: 'jsonb', default: {} }) payload!: object;
  @Column({ name: 'priority', type: 'integer', default: 0 }) priority!: number;
  @Column({ name: 'run_at', type: 'timestamptz', default: () => 'now()' }) runAt!: Date;
  @Column({ name: 'status', type: 'text', default: 'queued' }) status!: string;
  @Column({ name: 'classification', type: 'text', default: 'internal' }) classification!: string;
  @Column({ name: 'attempts', type: 'integer', default: 0 }) attempts!: number;
  @Column({ name: 'max_attempts', type: 'integer', default: 5 }) maxAttempts!: number;
  @Column({ name: 'idempotency_key', type: 'text', nullable: true }) idempotencyKey!: string | null;
  @Column({ name: 'assigned_agent_id', type: 'uuid', nullable: true }) assignedAgentId!: string | null;
  @Column({ name: 'claimed_by', type: 'uuid', nullable: true }) claimedBy!: string | null;
  @Column({ name: 'lease_token', type: 'uuid', nullable: true }) leaseToken!: string | null;
  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true }) leaseExpiresAt!: Date | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  @Column({ name: 'result', type: 'jsonb', nullable: true }) result!: object | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
  @Column({ name: 'version', type: 'integer', default: 1 }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
