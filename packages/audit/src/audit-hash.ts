import { canonicalJson, sha256Hex, type AuditEvent } from '@intelgraph/domain';

/** `prevHash` of a chain's first event: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** Every field of an event the hash covers: all of it except the hash itself. */
export type AuditHashInput = Omit<AuditEvent, 'hash'>;

/** The date at millisecond precision, which is what `occurred_at` stores and the hash covers. */
export function truncateToMillis(date: Date): Date {
  return new Date(Math.trunc(date.getTime()));
}

/**
 * The object whose canonical JSON is hashed. Field set and names are part of the chain format:
 * changing them invalidates every stored chain.
 */
export function auditHashPayload(event: AuditHashInput): Record<string, unknown> {
  return {
    tenantId: event.tenantId,
    sequence: event.sequence,
    id: event.id,
    occurredAt: truncateToMillis(event.occurredAt).toISOString(),
    actor: { subject: event.actor.subject, roles: [...event.actor.roles] },
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    outcome: event.outcome,
    decision: event.decision,
    requestId: event.requestId,
    changes: event.changes,
    prevHash: event.prevHash,
  };
}

/**
 * `sha256(canonicalJson({ tenantId, sequence, id, occurredAt, actor, action, resourceType,
 * resourceId, outcome, decision, requestId, changes, prevHash }))` as lowercase hex. The appender,
 * the verifier and the tools all use this one function.
 */
export function computeAuditHash(event: AuditHashInput): string {
  return sha256Hex(canonicalJson(auditHashPayload(event)));
}
