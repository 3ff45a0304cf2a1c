import { deniedAuditInput, type AuditLog } from '@intelgraph/audit';
import {
  DomainError,
  NotFoundError,
  PolicyDeniedError,
  TenantSuspendedError,
  UnavailableError,
  type AuditDecision,
  type AuditEventInput,
  type Clock,
  type IdGenerator,
  type TenantTransaction,
  type TenantUnitOfWork,
} from '@intelgraph/domain';
import type { PolicyDecision, PolicyDecisionPoint, PolicyInput } from '@intelgraph/policy';
import { TenantRepository } from '../repositories/tenant.repository.js';
import type { Actor } from './actor.types.js';
import type { CommandEffect, CommandSpec, OutboxEventSpec, QuerySpec, ResourceDescriptor, ResourceSource } from './command.types.js';
import { OutboxWriter } from './outbox.writer.js';
import { parseInput } from './validation.util.js';

/** Thrown inside the transaction to roll it back on a deny; carries what the denied audit event needs. */
class DeniedSignal extends Error {
  constructor(
    readonly decision: PolicyDecision,
    readonly resource: ResourceDescriptor,
  ) {
    super('denied');
  }
}

/** The ports the runner composes. */
export interface CommandRunnerDependencies {
  readonly uow: TenantUnitOfWork;
  readonly pdp: PolicyDecisionPoint;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/**
 * The one path every store operation takes. A command: validate input (every bad field listed) →
 * in ONE tenant transaction: refuse writes of a suspended (or unknown) tenant → load the resource
 * attributes → ask the policy decision point (fail closed: a PDP error is `UnavailableError`) →
 * on deny roll back, record a `denied` audit event in a short transaction of its own and throw
 * `PolicyDeniedError` → on allow run the mutation → append the audit event(s) as the last step,
 * each with one outbox row sharing its sequence → commit. Queries are policy-checked and
 * tenant-scoped in a read-only transaction and are not audited (reads change nothing; the
 * access log of the API edge records them).
 */
export class CommandRunner {
  private readonly outbox: OutboxWriter;

  constructor(private readonly deps: CommandRunnerDependencies) {
    this.outbox = new OutboxWriter(deps.ids);
  }

  /** The clock the runner (and services built on it) use. */
  get clock(): Clock {
    return this.deps.clock;
  }

  /** The id generator the runner (and services built on it) use. */
  get ids(): IdGenerator {
    return this.deps.ids;
  }

  /** Runs a write command; see the class comment for the exact path. */
  async execute<T, I = undefined>(spec: CommandSpec<T, I>): Promise<T> {
    const input = (spec.schema ? parseInput(spec.schema, spec.input) : spec.input) as I;
    const { actor } = spec;
    try {
      return await this.deps.uow.run(actor.tenantId, async (tx) => {
        await this.assertWritable(tx);
        const resource = await this.loadResource(spec.resource, tx, input);
        const decision = applyGuard(await this.decide(actor, spec.action, resource), spec.guard?.(resource) ?? []);
        if (!decision.allow) throw new DeniedSignal(decision, resource);
        const result = await spec.run(tx, input);
        await this.record(tx, spec, resource, decision, result, input);
        return result;
      });
    } catch (error) {
      if (!(error instanceof DeniedSignal)) throw error;
      await this.recordDenied(actor, spec.action, error.resource, error.decision);
      throw new PolicyDeniedError(spec.action, error.decision.reasons);
    }
  }

  /** Runs a read: policy-checked (`<type>:read` by default), read-only, not audited. */
  async query<T, I = undefined>(spec: QuerySpec<T, I>): Promise<T> {
    const input = (spec.schema ? parseInput(spec.schema, spec.input) : spec.input) as I;
    return this.deps.uow.run(
      spec.actor.tenantId,
      async (tx) => {
        const resource = await this.loadResource(spec.resource, tx, input);
        const action = spec.action ?? `${resource.type}:read`;
        const decision = await this.decide(spec.actor, action, resource);
        if (!decision.allow) throw new PolicyDeniedError(action, decision.reasons);
        return spec.run(tx, input);
      },
      { readOnly: true },
    );
  }

  /**
   * A raw read-only tenant transaction without a policy check, for store internals that already
   * authorized the caller (the change feed's polls, platform reads, maintenance).
   */
  async read<T>(tenantId: string, work: (tx: TenantTransaction) => Promise<T>): Promise<T> {
    return this.deps.uow.run(tenantId, work, { readOnly: true });
  }

  /** A raw read-write tenant transaction, unaudited: only for retention purges and other store housekeeping. */
  async housekeeping<T>(tenantId: string, work: (tx: TenantTransaction) => Promise<T>): Promise<T> {
    return this.deps.uow.run(tenantId, work);
  }

  /** The audit log the runner appends to. */
  get auditLog(): AuditLog {
    return this.deps.audit;
  }

  /** The tenant unit of work the runner opens transactions with. */
  get unitOfWork(): TenantUnitOfWork {
    return this.deps.uow;
  }

  /** Asks the decision point; any failure to decide is `UnavailableError` (never an allow). */
  async decide(actor: Actor, action: string, resource: ResourceDescriptor): Promise<PolicyDecision> {
    const input: PolicyInput = {
      subject: { id: actor.subject, tenantId: actor.tenantId, roles: actor.roles, clearance: actor.clearance, mfa: actor.mfa },
      action,
      resource: compactResource(resource, actor.tenantId),
      ...(actor.approvals ? { context: { approvals: actor.approvals } } : {}),
    };
    try {
      return await this.deps.pdp.decide(input);
    } catch (error) {
      if (error instanceof UnavailableError) throw error;
      throw new UnavailableError('policy', error instanceof Error ? error.message : String(error), { cause: error });
    }
  }

  private async assertWritable(tx: TenantTransaction): Promise<void> {
    const tenant = await new TenantRepository(tx.sql).get(tx.tenantId);
    if (!tenant) throw new NotFoundError('tenant', tx.tenantId);
    if (tenant.status === 'suspended') throw new TenantSuspendedError(tx.tenantId);
  }

  private async loadResource<I>(source: ResourceSource<I>, tx: TenantTransaction, input: I): Promise<ResourceDescriptor> {
    return typeof source === 'function' ? source(tx, input) : source;
  }

  private async record<T, I>(
    tx: TenantTransaction,
    spec: CommandSpec<T, I>,
    resource: ResourceDescriptor,
    decision: PolicyDecision,
    result: T,
    input: I,
  ): Promise<void> {
    const effects: readonly CommandEffect[] = spec.effects
      ? spec.effects(result, input)
      : [
          {
            changes: typeof spec.changes === 'function' ? spec.changes(result, input) : (spec.changes ?? {}),
            outbox: spec.outbox?.(result, input),
          },
        ];
    if (effects.length === 0) return;
    const auditDecisionOf = auditDecision(decision);
    const requestId = spec.actor.requestId ?? null;
    const inputs: AuditEventInput[] = [];
    const rows: OutboxEventSpec[] = [];
    for (const effect of effects) {
      const resourceType = effect.resourceType ?? resource.type;
      const resourceId = effect.resourceId !== undefined ? effect.resourceId : (resource.id ?? idOf(result));
      const changes = effect.changes ?? {};
      inputs.push({
        actor: { subject: spec.actor.subject, roles: spec.actor.roles },
        action: spec.action,
        resourceType,
        resourceId,
        outcome: 'allowed',
        decision: auditDecisionOf,
        requestId,
        changes,
      });
      rows.push({
        aggregateType: effect.outbox?.aggregateType ?? resourceType,
        aggregateId: effect.outbox?.aggregateId ?? resourceId ?? '',
        eventType: effect.outbox?.eventType ?? spec.action,
        payload: effect.outbox?.payload ?? changes,
      });
    }
    // All audit events in one batch (two statements), then all outbox rows in one statement.
    const events = await this.deps.audit.appendMany(tx, inputs);
    await this.outbox.insertMany(
      tx,
      events.map((e) => e.sequence),
      rows,
    );
  }

  private async recordDenied(actor: Actor, action: string, resource: ResourceDescriptor, decision: PolicyDecision): Promise<void> {
    const input = deniedAuditInput({
      actor: { subject: actor.subject, roles: actor.roles },
      action,
      resourceType: resource.type,
      resourceId: resource.id ?? null,
      decision: auditDecision(decision),
      requestId: actor.requestId ?? null,
      changes: { reasons: decision.reasons },
    });
    try {
      await this.deps.uow.run(actor.tenantId, (tx) => this.deps.audit.append(tx, input));
    } catch (error) {
      // The deny stands even when its trace cannot be written; surface the storage failure.
      if (error instanceof DomainError) throw error;
      throw new UnavailableError('audit', 'could not record a denied attempt', { cause: error });
    }
  }
}

function applyGuard(decision: PolicyDecision, reasons: readonly string[]): PolicyDecision {
  if (!decision.allow || reasons.length === 0) return decision;
  return { ...decision, allow: false, reasons: [...reasons].sort(), obligations: [] };
}

function compactResource(resource: ResourceDescriptor, tenantId: string): PolicyInput['resource'] {
  return {
    type: resource.type,
    tenantId: resource.tenantId ?? tenantId,
    ...(resource.id !== undefined ? { id: resource.id } : {}),
    ...(resource.classification !== undefined ? { classification: resource.classification } : {}),
    ...(resource.assignee !== undefined ? { assignee: resource.assignee } : {}),
    ...(resource.members !== undefined ? { members: resource.members } : {}),
  };
}

function auditDecision(decision: PolicyDecision): AuditDecision {
  return { allow: decision.allow, reasons: decision.reasons, policyVersion: decision.policyVersion, decisionId: decision.decisionId ?? null };
}

function idOf(result: unknown): string | null {
  if (typeof result === 'object' && result !== null && 'id' in result && typeof result.id === 'string') return result.id;
  return null;
}
