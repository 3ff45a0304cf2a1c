import { ValidationError, type PageRequest } from '@intelgraph/domain';

export const MAX_AUDIT_PAGE_SIZE = 200;
export const DEFAULT_AUDIT_PAGE_SIZE = 50;

/** An opaque cursor for the keyset position after `sequence`. */
export function encodeAuditCursor(sequence: number): string {
  return Buffer.from(JSON.stringify({ s: sequence }), 'utf8').toString('base64url');
}

/** The sequence a cursor points after, null for the first page; anything else is a `ValidationError`. */
export function decodeAuditCursor(cursor: string | null | undefined): number | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  try {
    if (/^[A-Za-z0-9_-]+$/.test(cursor)) {
      const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
      const s = (v as { s?: unknown } | null)?.s;
      if (typeof v === 'object' && v !== null && Object.keys(v).length === 1 && Number.isSafeInteger(s) && (s as number) >= 0) return s as number;
    }
  } catch {
    // fall through
  }
  throw ValidationError.field('cursor', 'is not a cursor this API issued');
}

/** The page size asked for, capped; a non-positive or fractional limit is a `ValidationError`. */
export function auditPageLimit(page: PageRequest): number {
  const limit = page.limit ?? DEFAULT_AUDIT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1) throw ValidationError.field('limit', `must be an integer 1..${MAX_AUDIT_PAGE_SIZE}`);
  return Math.min(limit, MAX_AUDIT_PAGE_SIZE);
}
