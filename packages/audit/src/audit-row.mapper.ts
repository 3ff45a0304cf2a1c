import type { AuditDecision, AuditEvent, AuditOutcome, JsonObject } from '@intelgraph/domain';

/** The `audit_events` columns, in the order the adapter selects them. */
export const AUDIT_EVENT_COLUMNS =
  'tenant_id, sequence, id, occurred_at, actor_subject, actor_roles, action, resource_type, resource_id, outcome, decision, request_id, changes, prev_hash, hash';

/** One `audit_events` row as the pg driver returns it (bigint as string, jsonb parsed). */
export interface AuditEventRow {
  tenant_id: string;
  sequence: string | number;
  id: string;
  occurred_at: Date | string;
  actor_subject: string;
  actor_roles: string[] | string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  outcome: string;
  decision: unknown;
  request_id: string | null;
  changes: unknown;
  prev_hash: string;
  hash: string;
}

const parseJson = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

/** Parses a PostgreSQL text[] literal, for drivers that return it unparsed. */
function parseTextArray(v: string[] | string): string[] {
  if (Array.isArray(v)) return v;
  const inner = v.replace(/^\{/, '').replace(/\}$/, '');
  if (inner === '') return [];
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|([^,]+)/g;
  for (let m = re.exec(inner); m !== null; m = re.exec(inner)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? ''));
  return out;
}

export function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    tenantId: row.tenant_id,
    sequence: Number(row.sequence),
    id: row.id,
    occurredAt: row.occurred_at instanceof Date ? row.occurred_at : new Date(row.occurred_at),
    actor: { subject: row.actor_subject, roles: parseTextArray(row.actor_roles) },
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    outcome: row.outcome as AuditOutcome,
    decision: parseJson(row.decision) as AuditDecision,
    requestId: row.request_id,
    changes: parseJson(row.changes) as JsonObject,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
