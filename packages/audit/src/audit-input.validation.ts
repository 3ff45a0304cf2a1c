import { AUDIT_OUTCOMES, ValidationError, type AuditEventInput, type FieldError } from '@intelgraph/domain';
import type { AuditQueryFilter } from './audit-log.port.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
const stringOrNull = (v: unknown): boolean => v === null || typeof v === 'string';
const stringArray = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Refuses an event input that could not be stored or hashed faithfully; lists every bad field. */
export function validateAuditInput(input: AuditEventInput): void {
  const errors: FieldError[] = [];
  const bad = (path: string, message: string): void => void errors.push({ path, message });
  if (!isPlainObject(input)) throw ValidationError.field('', 'must be an object');
  if (!isPlainObject(input.actor)) bad('actor', 'must be an object');
  else {
    if (!nonEmpty(input.actor.subject)) bad('actor.subject', 'must be a non-empty string');
    if (!stringArray(input.actor.roles)) bad('actor.roles', 'must be an array of strings');
  }
  if (!nonEmpty(input.action)) bad('action', 'must be a non-empty string');
  if (!nonEmpty(input.resourceType)) bad('resourceType', 'must be a non-empty string');
  if (!stringOrNull(input.resourceId)) bad('resourceId', 'must be a string or null');
  if (!(AUDIT_OUTCOMES as readonly string[]).includes(input.outcome)) bad('outcome', `must be one of ${AUDIT_OUTCOMES.join(', ')}`);
  if (!stringOrNull(input.requestId)) bad('requestId', 'must be a string or null');
  const d = input.decision as unknown;
  if (!isPlainObject(d)) bad('decision', 'must be an object');
  else {
    if (typeof d['allow'] !== 'boolean') bad('decision.allow', 'must be a boolean');
    if (!stringArray(d['reasons'])) bad('decision.reasons', 'must be an array of strings');
    if (typeof d['policyVersion'] !== 'string') bad('decision.policyVersion', 'must be a string');
    if (!stringOrNull(d['decisionId'])) bad('decision.decisionId', 'must be a string or null');
  }
  if (!isPlainObject(input.changes)) bad('changes', 'must be a JSON object');
  if (errors.length > 0) throw new ValidationError(errors);
}

/** Refuses a filter with invalid dates or an unknown outcome or order. */
export function validateAuditFilter(filter: AuditQueryFilter): void {
  const errors: FieldError[] = [];
  for (const key of ['from', 'to'] as const) {
    const v = filter[key];
    if (v !== undefined && (!(v instanceof Date) || Number.isNaN(v.getTime()))) errors.push({ path: key, message: 'must be a valid Date' });
  }
  if (filter.outcome !== undefined && !(AUDIT_OUTCOMES as readonly string[]).includes(filter.outcome))
    errors.push({ path: 'outcome', message: `must be one of ${AUDIT_OUTCOMES.join(', ')}` });
  if (filter.order !== undefined && filter.order !== 'asc' && filter.order !== 'desc') errors.push({ path: 'order', message: 'must be asc or desc' });
  if (errors.length > 0) throw new ValidationError(errors);
}
