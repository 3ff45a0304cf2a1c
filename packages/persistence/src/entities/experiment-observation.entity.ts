import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Row shape of `experiment_observations` (append-only); the migration is the source of truth. Its
 * index name (70 characters) exceeds PostgreSQL's 63-byte identifier limit, so the catalog holds it
 * truncated; the entity names it as the catalog does.
 */
@Entity({ name: 'experiment_observations' })
@Index('experiment_observations_tenant_experiment_variant_metric_idx', ['tenantId', 'experimentId', 'variantId', 'metric'])
export class ExperimentObservationEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'experiment_observations_pkey' }) tenantId!: string;
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'experiment_observations_pkey' }) id!: string;
  @Column({ name: 'experiment_id', type: 'uuid' }) experimentId!: string;
  @Column({ name: 'variant_id', type: 'uuid' }) variantId!: string;
  @Column({ name: 'metric', type: 'text' }) metric!: string;
  @Column({ name: 'value', type: 'double precision' }) value!: number;
  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' }) recordedAt!: Date;
}
