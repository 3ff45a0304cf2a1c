import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** Row shape of `loop_cycles` (immutable MAPE-K checkpoints); the migration is the source of truth. */
@Entity({ name: 'loop_cycles' })
@Unique('loop_cycles_tenant_id_loop_id_sequence_key', ['tenantId', 'loopId', 'sequence'])
export class LoopCycleEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'loop_cycles_pkey' }) tenantId!: string;
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'loop_cycles_pkey' }) id!: string;
  @Column({ name: 'loop_id', type: 'uuid' }) loopId!: string;
  @Column({ name: 'parent_id', type: 'uuid', nullable: true }) parentId!: string | null;
  @Column({ name: 'sequence', type: 'integer' }) sequence!: number;
  @Column({ name: 'monitor', type: 'jsonb' }) monitor!: object;
  @Column({ name: 'analysis', type: 'jsonb' }) analysis!: object;
  @Column({ name: 'plan', type: 'jsonb' }) plan!: object;
  @Column({ name: 'execution', type: 'jsonb' }) execution!: object;
  @Column({ name: 'knowledge', type: 'jsonb' }) knowledge!: object;
  @Column({ name: 'recorded_by', type: 'text' }) recordedBy!: string;
  @Column({ name: 'fencing_token', type: 'bigint' }) fencingToken!: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
}
