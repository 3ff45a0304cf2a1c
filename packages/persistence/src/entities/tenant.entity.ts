import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** Row shape of `tenants` (the platform table, not tenant-owned); the drift check keeps it in step with the migration. */
@Entity({ name: 'tenants' })
@Unique('tenants_slug_key', ['slug'])
export class TenantEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'tenants_pkey' }) id!: string;
  @Column({ name: 'slug', type: 'text' }) slug!: string;
  @Column({ name: 'name', type: 'text' }) name!: string;
  @Column({ name: 'status', type: 'text', default: 'active' }) status!: string;
  @Column({ name: 'retention', type: 'jsonb' }) retention!: object;
  @Column({ name: 'version', type: 'integer', default: 1 }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
