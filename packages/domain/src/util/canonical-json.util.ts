import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted, no whitespace, dates as ISO strings, undefined members dropped.
 * Two equal values always encode to the same bytes, so hashes over it are stable.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return JSON.stringify(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object': {
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
    }
    case 'function':
    case 'symbol':
    case 'undefined':
    default:
      throw new TypeError(`canonicalJson: cannot encode ${typeof value}`);
  }
}

/** SHA-256 hex digest of a string as-is, or of the canonical encoding of any other value. */
export function sha256Hex(value: unknown): string {
  return createHash('sha256').update(typeof value === 'string' ? value : canonicalJson(value)).digest('hex');
}
