import { PLATFORM_TENANT_ID, type Clock } from '@intelgraph/domain';
import { openTestDataSource, type DatabaseTarget } from '@intelgraph/persistence/testing';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../src/core/actor.types.js';
import { createOrchestratorContainer, type OrchestratorContainer, type OrchestratorContainerOptions } from '../../src/core/orchestrator.container.js';

/** A clock tests move by hand. */
export class FakeClock implements Clock {
  constructor(private current = new Date('2030-01-01T00:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** The platform admin (MFA on), who provisions tenants. */
export const platformAdmin: Actor = { subject: 'platform-admin', tenantId: PLATFORM_TENANT_ID, roles: ['platform_admin'], clearance: 'restricted', mfa: true };

/** An actor of `tenantId` with `roles` (default tenant_admin with MFA and full clearance). */
export function actorOf(tenantId: string, overrides: Partial<Actor> = {}): Actor {
  return { subject: 'admin@t', tenantId, roles: ['tenant_admin'], clearance: 'restricted', mfa: true, ...overrides };
}

/** A store over a migrated test data source, plus helpers. */
export interface StoreFixture extends OrchestratorContainer {
  readonly dataSource: DataSource;
  /** Provisions a fresh tenant and returns its id. */
  newTenant(): Promise<string>;
  /** Closes the store and the data source. */
  dispose(): Promise<void>;
}

let slugCounter = 0;

/** Opens a store on `target`. */
export async function openStoreFixture(target: DatabaseTarget, options: Omit<OrchestratorContainerOptions, 'database'> = {}): Promise<StoreFixture> {
  const dataSource = await openTestDataSource(target);
  const built = await createOrchestratorContainer({ ...options, database: { dataSource } });
  return {
    ...built,
    dataSource,
    async newTenant() {
      const slug = `t-${process.pid}-${Date.now().toString(36)}-${slugCounter++}`;
      const tenant = await built.store.tenants.provision(platformAdmin, { slug, name: slug });
      return tenant.id;
    },
    async dispose() {
      await built.close();
      await dataSource.destroy();
    },
  };
}

/** Counts rows of `table` for `tenantId` (as the owner, bypassing nothing: tests read with superuser rights). */
export async function countRows(ds: DataSource, table: 'audit_events' | 'outbox_events', tenantId: string, where = ''): Promise<number> {
  const rows: Array<{ n: number }> = await ds.query(`SELECT count(*)::int AS n FROM "${table}" WHERE tenant_id = $1 ${where}`, [tenantId]);
  return rows[0]?.n ?? 0;
}
