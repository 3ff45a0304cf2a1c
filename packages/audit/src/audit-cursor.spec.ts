import { ValidationError } from '@intelgraph/domain';
import { MAX_AUDIT_PAGE_SIZE, auditPageLimit, decodeAuditCursor, encodeAuditCursor } from './audit-cursor.js';

describe('audit cursors', () => {
  it('round-trips a sequence through an opaque base64url cursor', () => {
    for (const s of [0, 1, 42, 9_007_199_254_740_991]) {
      const c = encodeAuditCursor(s);
      expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeAuditCursor(c)).toBe(s);
    }
    expect(decodeAuditCursor(null)).toBeNull();
    expect(decodeAuditCursor(undefined)).toBeNull();
    expect(decodeAuditCursor('')).toBeNull();
  });

  it.each(['%%%', 'bm90IGpzb24', Buffer.from('{"s":1.5}').toString('base64url'), Buffer.from('{"s":"1"}').toString('base64url'), Buffer.from('{"s":1,"x":2}').toString('base64url'), Buffer.from('null').toString('base64url')])(
    'refuses %s with ValidationError',
    (cursor) => {
      expect(() => decodeAuditCursor(cursor)).toThrow(ValidationError);
    },
  );

  it('caps the page size and refuses non-positive limits', () => {
    expect(auditPageLimit({})).toBe(50);
    expect(auditPageLimit({ limit: 10_000 })).toBe(MAX_AUDIT_PAGE_SIZE);
    expect(() => auditPageLimit({ limit: 0 })).toThrow(ValidationError);
    expect(() => auditPageLimit({ limit: 1.5 })).toThrow(ValidationError);
  });
});
