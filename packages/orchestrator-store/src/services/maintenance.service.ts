import { PLATFORM_TENANT_ID, type Tenant } from '@intelgraph/domain';
import type { Actor } from '../core/actor.types.js';
import type { CommandRunner } from '../core/command.runner.js';
import { TenantRepository } from '../repositories/tenant.repository.js';
import type { TaskService } from './task.service.js';

const DAY_MS = 86_400_000;

/** What one maintenance pass did in one tenant. */
export interface TenantMaintenanceReport {
  readonly tenantId: string;
  readonly purgedTasks: number;
  readonly purgedMessages: number;
  readonly reclaimedTasks: number;
}

/**
 * Periodic housekeeping of every active tenant: purges finished tasks and channel messages past
 * the tenant's retention (unaudited retention deletes) and reclaims expired task leases (audited,
 * as the `system:maintenance` operator). Never touches audit events.
 */
export class MaintenanceService {
  constructor(
    private readonly runner: CommandRunner,
    private readonly tasks: TaskService,
  ) {}

  /** One pass over every active tenant, at `now`. */
  async runOnce(now: Date = this.runner.clock.now()): Promise<TenantMaintenanceReport[]> {
    const tenants = await this.activeTenants();
    const reports: TenantMaintenanceReport[] = [];
    for (const tenant of tenants) {
      const { purgedTasks, purgedMessages } = await this.runner.housekeeping(tenant.id, async (tx) => ({
        purgedTasks: await tx.repositories.tasks.purgeFinished(new Date(now.getTime() - tenant.retention.finishedTaskDays * DAY_MS)),
        purgedMessages: await tx.repositories.channels.purgeMessages(new Date(now.getTime() - tenant.retention.channelMessageDays * DAY_MS)),
      }));
      const reclaimed = await this.tasks.reclaimExpired(systemActor(tenant.id), 1000);
      reports.push({ tenantId: tenant.id, purgedTasks, purgedMessages, reclaimedTasks: reclaimed.length });
    }
    return reports;
  }

  private async activeTenants(): Promise<Tenant[]> {
    const all: Tenant[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.runner.read(PLATFORM_TENANT_ID, (tx) => new TenantRepository(tx.sql).list({ status: 'active' }, { cursor, limit: 200 }));
      all.push(...page.items.filter((t) => t.id !== PLATFORM_TENANT_ID));
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }
}

function systemActor(tenantId: string): Actor {
  return { subject: 'system:maintenance', tenantId, roles: ['operator'], clearance: 'restricted', mfa: true };
}
