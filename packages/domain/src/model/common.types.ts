/** A tenant's id (UUID). Every tenant-owned record carries one. */
export type TenantId = string;
/** A time-ordered UUIDv7. */
export type Id = string;
/** JSON-serializable value, as stored in jsonb columns. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Data classification, ordered from least to most sensitive. */
export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** Fields every mutable tenant-owned aggregate has. `version` drives optimistic concurrency. */
export interface Versioned {
  readonly tenantId: TenantId;
  readonly id: Id;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** One page of a cursor-paginated list; `nextCursor` is null on the last page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** Keyset pagination input: an opaque cursor from a previous page and a page size. */
export interface PageRequest {
  readonly cursor?: string | null | undefined;
  readonly limit?: number | undefined;
}

/** The platform's own pseudo-tenant: platform operations (tenant provisioning) are audited in its chain. */
export const PLATFORM_TENANT_ID: TenantId = '00000000-0000-0000-0000-000000000000';
