import type { Id, JsonObject, TenantId } from './common.types.js';

export const AUDIT_OUTCOMES = ['allowed', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** The policy decision recorded with an audited action. */
export interface AuditDecision {
  readonly allow: boolean;
  readonly reasons: readonly string[];
  readonly policyVersion: string;
  readonly decisionId: string | null;
}

/** What an actor asks to record; the audit log adds sequence, time and hashes. */
export interface AuditEventInput {
  readonly actor: { readonly subject: string; readonly roles: readonly string[] };
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string | null;
  readonly outcome: AuditOutcome;
  readonly decision: AuditDecision;
  readonly requestId: string | null;
  /** Changed fields, or before/after digests. */
  readonly changes: JsonObject;
}

/** One link of a tenant's tamper-evident chain. */
export interface AuditEvent extends AuditEventInput {
  readonly tenantId: TenantId;
  readonly sequence: number;
  readonly id: Id;
  readonly occurredAt: Date;
  readonly prevHash: string;
  readonly hash: string;
}
