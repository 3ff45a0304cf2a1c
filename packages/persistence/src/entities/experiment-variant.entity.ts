import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** Row shape of `experiment_variants`; the migration is the source of truth. */
@Entity({ name: 'experiment_variants' })
@Unique('experiment_variants_tenant_id_experiment_id_key_key', ['tenantId', 'experimentId', 'key'])
export class ExperimentVariantEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'experiment_variants_pkey' }) tenantId!: string;
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'experiment_variants_pkey' }) id!: string;
  @Column({ name: 'experiment_id', type: 'uuid' }) experimentId!: string;
  @Column({ name: 'key', type: 'text' }) key!: string;
  @Column({ name: 'weight', type: 'integer' }) weight!: number;
}
