import { ValidationError, type Page, type PageRequest } from '@intelgraph/domain';

/** Largest page a list returns, whatever is asked. */
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

/** Encodes a keyset position as an opaque cursor. */
export function encodeCursor(position: string | number): string {
  return Buffer.from(JSON.stringify([position]), 'utf8').toString('base64url');
}

/** Decodes a cursor; a malformed one is a validation error, never a server error. */
export function decodeCursor(cursor: string | null | undefined): string | number | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 1 && (typeof v[0] === 'string' || typeof v[0] === 'number')) return v[0];
  } catch {
    // fall through
  }
  throw ValidationError.field('cursor', 'is not a cursor this API issued');
}

/** The page size to fetch (one more than returned, to know whether a next page exists). */
export function pageLimit(page: PageRequest): number {
  const limit = page.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1) throw ValidationError.field('limit', `must be an integer 1..${MAX_PAGE_SIZE}`);
  return Math.min(limit, MAX_PAGE_SIZE);
}

/** Builds a page from `limit + 1` fetched rows. */
export function toPage<T>(rows: readonly T[], limit: number, positionOf: (row: T) => string | number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(positionOf(last)) : null };
}
