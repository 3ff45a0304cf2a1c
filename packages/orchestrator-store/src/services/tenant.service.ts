import {
  DEFAULT_RETENTION,
  NotFoundError,
  PLATFORM_TENANT_ID,
  PolicyDeniedError,
  ValidationError,
  tenantMachine,
  type Page,
  type PageRequest,
  type RetentionSettings,
  type Tenant,
  type TenantEvent,
  type TenantStatus,
} from '@intelgraph/domain';
import { z } from 'zod';
import type { Actor } from '../core/actor.types.js';
import { found, hasAnyRole } from '../core/actor.util.js';
import type { CommandRunner } from '../core/command.runner.js';
import { idSchema, pageSchema } from '../core/schemas.util.js';
import { parseInput } from '../core/validation.util.js';
import { TenantRepository } from '../repositories/tenant.repository.js';

const retentionSchema = z.object({
  finishedTaskDays: z.number().int().min(1).max(36_500),
  channelMessageDays: z.number().int().min(1).max(36_500),
  auditDays: z.number().int().min(1).max(36_500),
});
const slugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2-63 lowercase letters, digits or dashes');
const provisionSchema = z.object({
  slug: slugSchema,
  name: z.string().trim().min(1).max(200),
  retention: retentionSchema.partial().optional(),
});

/** Input of {@link TenantService.provision}. */
export type ProvisionTenantInput = z.input<typeof provisionSchema>;

/**
 * Tenants. Provision, suspend and reinstate are platform operations: the actor carries the platform
 * tenant (and `platform_admin`), the work runs and is audited in the platform tenant's chain.
 * A tenant admin updates its own tenant's retention.
 */
export class TenantService {
  constructor(private readonly runner: CommandRunner) {}

  /** Creates an active tenant (`tenant:provision`). */
  async provision(actor: Actor, input: ProvisionTenantInput): Promise<Tenant> {
    const parsed = parseInput(provisionSchema, input);
    const id = this.runner.ids.next();
    return this.runner.execute({
      actor,
      action: 'tenant:provision',
      resource: { type: 'tenant', id, tenantId: id },
      changes: { slug: parsed.slug, name: parsed.name },
      run: (tx) =>
        new TenantRepository(tx.sql).create({ id, slug: parsed.slug, name: parsed.name, retention: { ...DEFAULT_RETENTION, ...parsed.retention } }),
    });
  }

  /** Suspends a tenant: its writes are refused until reinstated (`tenant:suspend`). */
  async suspend(actor: Actor, id: string): Promise<Tenant> {
    return this.transition(actor, id, 'suspend');
  }

  /** Reinstates a suspended tenant (`tenant:reinstate`). */
  async reinstate(actor: Actor, id: string): Promise<Tenant> {
    return this.transition(actor, id, 'reinstate');
  }

  /** One tenant: any tenant for a platform admin, else only the actor's own (`tenant:read`). */
  async get(actor: Actor, id: string): Promise<Tenant> {
    const tenantId = parseInput(idSchema, id);
    if (isPlatformAdmin(actor)) return this.runner.read(PLATFORM_TENANT_ID, async (tx) => found(await new TenantRepository(tx.sql).get(tenantId), 'tenant', tenantId));
    return this.runner.query({
      actor,
      resource: { type: 'tenant', id: tenantId },
      run: async (tx) => found(await new TenantRepository(tx.sql).get(tenantId), 'tenant', tenantId),
    });
  }

  /** The tenant with this slug, for platform admins only (NotFoundError otherwise or when absent). */
  async getBySlug(actor: Actor, slug: string): Promise<Tenant> {
    const wanted = parseInput(slugSchema, slug);
    if (!isPlatformAdmin(actor)) throw new NotFoundError('tenant', wanted);
    return this.runner.read(PLATFORM_TENANT_ID, async (tx) => found(await new TenantRepository(tx.sql).getBySlug(wanted), 'tenant', wanted));
  }

  /** Every tenant, for platform admins only (row-level security would show anyone else just their own). */
  async list(actor: Actor, page: PageRequest = {}, status?: TenantStatus): Promise<Page<Tenant>> {
    const p = parseInput(pageSchema, page);
    if (!isPlatformAdmin(actor)) throw new PolicyDeniedError('tenant:list', ['role_not_permitted']);
    return this.runner.read(PLATFORM_TENANT_ID, (tx) => new TenantRepository(tx.sql).list({ status }, p));
  }

  /** Sets the actor's own tenant's retention (`tenant:update_retention`). */
  async updateRetention(actor: Actor, retention: RetentionSettings): Promise<Tenant> {
    return this.runner.execute({
      actor,
      action: 'tenant:update_retention',
      schema: retentionSchema,
      input: retention,
      resource: { type: 'tenant', id: actor.tenantId },
      changes: (_t, r) => ({ retention: { ...r } }),
      run: async (tx, r) => {
        const repo = new TenantRepository(tx.sql);
        const tenant = found(await repo.get(tx.tenantId, { forUpdate: true }), 'tenant', tx.tenantId);
        return repo.update(tenant.id, tenant.version, { retention: r });
      },
    });
  }

  private async transition(actor: Actor, id: string, event: TenantEvent): Promise<Tenant> {
    const tenantId = parseInput(idSchema, id);
    if (tenantId === PLATFORM_TENANT_ID) throw ValidationError.field('id', 'the platform tenant cannot be suspended or reinstated');
    return this.runner.execute({
      actor,
      action: `tenant:${event}`,
      resource: { type: 'tenant', id: tenantId, tenantId },
      changes: (t) => ({ status: t.status }),
      run: async (tx) => {
        const repo = new TenantRepository(tx.sql);
        const tenant = found(await repo.get(tenantId, { forUpdate: true }), 'tenant', tenantId);
        return repo.update(tenant.id, tenant.version, { status: tenantMachine.next(tenant.status, event) });
      },
    });
  }
}

function isPlatformAdmin(actor: Actor): boolean {
  return actor.tenantId === PLATFORM_TENANT_ID && hasAnyRole(actor, ['platform_admin']);
}
