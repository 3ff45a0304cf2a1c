import type { AuditDecision, AuditEvent, AuditEventInput, JsonObject, TenantId, TenantUnitOfWork } from '@intelgraph/domain';
import type { AuditLog } from './audit-log.port.js';
import { PostgresAuditLog } from './postgres-audit-log.js';

/**
 * Appends in a short transaction of its own: for events whose mutation's transaction never started
 * (a denied request) or rolled back (a failed one), which would otherwise leave no trace.
 */
export async function appendStandalone(
  uow: TenantUnitOfWork,
  tenantId: TenantId,
  input: AuditEventInput,
  log: AuditLog = new PostgresAuditLog(),
): Promise<AuditEvent> {
  return uow.run(tenantId, (tx) => log.append(tx, input));
}

/** The input recording a denied attempt: outcome `denied`, the policy decision (and its reasons), no changes. */
export function deniedAuditInput(attempt: {
  readonly actor: AuditEventInput['actor'];
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string | null;
  readonly decision: AuditDecision;
  readonly requestId: string | null;
  readonly changes?: JsonObject | undefined;
}): AuditEventInput {
  return {
    actor: attempt.actor,
    action: attempt.action,
    resourceType: attempt.resourceType,
    resourceId: attempt.resourceId,
    outcome: 'denied',
    decision: { ...attempt.decision, allow: false },
    requestId: attempt.requestId,
    changes: attempt.changes ?? {},
  };
}
