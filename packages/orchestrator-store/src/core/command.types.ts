import type { Classification, JsonObject, TenantId, TenantTransaction } from '@intelgraph/domain';
import type { z } from 'zod';
import type { Actor } from './actor.types.js';

/** The attributes of the resource a command acts on, as the policy decision point needs them. */
export interface ResourceDescriptor {
  /** Resource type, the `<type>` of the `<type>:<verb>` action. */
  readonly type: string;
  /** Absent for collection-level actions (create, list). */
  readonly id?: string | undefined;
  /** The tenant owning the resource; defaults to the actor's tenant (platform actions name another). */
  readonly tenantId?: TenantId | undefined;
  readonly classification?: Classification | undefined;
  /** Subject of the agent the resource is claimed by or assigned to. */
  readonly assignee?: string | undefined;
  /** Subjects of the channel's members. */
  readonly members?: readonly string[] | undefined;
}

/** A static descriptor, or a loader run inside the command's transaction (before the policy decision). */
export type ResourceSource<I> = ResourceDescriptor | ((tx: TenantTransaction, input: I) => Promise<ResourceDescriptor>);

/** One row of `outbox_events`, minus the tenant, sequence and id the runner assigns. */
export interface OutboxEventSpec {
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly eventType: string;
  readonly payload: JsonObject;
}

/**
 * One committed change: recorded as exactly one audit event and one outbox row sharing its
 * sequence. Fields left out default to the command's resource, action and `changes`.
 */
export interface CommandEffect {
  readonly resourceType?: string | undefined;
  readonly resourceId?: string | null | undefined;
  readonly changes?: JsonObject | undefined;
  readonly outbox?: Partial<OutboxEventSpec> | undefined;
}

/** A write: validated, policy-checked, applied and audited in one tenant transaction. */
export interface CommandSpec<T, I = undefined> {
  readonly actor: Actor;
  /** `<type>:<verb>`, one of the policy's actions. */
  readonly action: string;
  /** Zod schema the raw `input` must satisfy; the parsed value is passed to `resource` and `run`. */
  readonly schema?: z.ZodType<I> | undefined;
  readonly input?: unknown;
  readonly resource: ResourceSource<I>;
  /**
   * Store-side rules on top of the policy (e.g. an agent may heartbeat only itself): reasons to
   * deny, or an empty list. A non-empty list is a deny, audited like a policy deny.
   */
  readonly guard?: ((resource: ResourceDescriptor) => readonly string[]) | undefined;
  /** Changed fields recorded in the audit event (default effect). */
  readonly changes?: JsonObject | ((result: T, input: I) => JsonObject) | undefined;
  /** The outbox row of the default effect; defaults to `{ resource type, result id, action, changes }`. */
  readonly outbox?: ((result: T, input: I) => Partial<OutboxEventSpec>) | undefined;
  /**
   * The changes to record when a command changes more than one thing (or nothing: an empty list
   * records no audit event, e.g. an idempotent replay). Overrides `changes` and `outbox`.
   */
  readonly effects?: ((result: T, input: I) => readonly CommandEffect[]) | undefined;
  /** The mutation; throws to roll everything back. */
  readonly run: (tx: TenantTransaction, input: I) => Promise<T>;
}

/** A read: tenant-scoped, read-only transaction, policy-checked with `<type>:read`, not audited. */
export interface QuerySpec<T, I = undefined> {
  readonly actor: Actor;
  /** Defaults to `<resource type>:read`. */
  readonly action?: string | undefined;
  readonly schema?: z.ZodType<I> | undefined;
  readonly input?: unknown;
  readonly resource: ResourceSource<I>;
  readonly run: (tx: TenantTransaction, input: I) => Promise<T>;
}
