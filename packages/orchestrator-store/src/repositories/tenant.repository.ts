import {
  ConflictError,
  DEFAULT_RETENTION,
  VersionConflictError,
  type Page,
  type PageRequest,
  type RetentionSettings,
  type SqlExecutor,
  type Tenant,
  type TenantStatus,
} from '@intelgraph/domain';
import { decodeCursor, encodeCursor, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@intelgraph/persistence';

interface TenantRow {
  id: string;
  slug: string;
  name: string;
  status: TenantStatus;
  retention: Partial<RetentionSettings> | null;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
}

const COLUMNS = `"id", "slug", "name", "status", "retention", "version", "created_at", "updated_at"`;

function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    status: row.status,
    retention: { ...DEFAULT_RETENTION, ...(row.retention ?? {}) },
    version: Number(row.version),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** The fields of a tenant that change after provisioning. */
export interface TenantPatch {
  readonly status?: TenantStatus;
  readonly retention?: RetentionSettings;
}

/**
 * The `tenants` table through the transaction's SQL executor. Row-level security shows a tenant
 * only its own row, and the platform tenant every row, so the same code serves both.
 */
export class TenantRepository {
  constructor(private readonly sql: SqlExecutor) {}

  /** Inserts an active tenant; a taken slug or id is a `ConflictError`. */
  async create(input: { readonly id: string; readonly slug: string; readonly name: string; readonly retention: RetentionSettings }): Promise<Tenant> {
    const rows = await this.sql.query<TenantRow>(
      `INSERT INTO "tenants" ("id", "slug", "name", "retention") VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [input.id, input.slug, input.name, JSON.stringify(input.retention)],
    );
    if (!rows[0]) throw new ConflictError(`tenant slug "${input.slug}" is taken`);
    return toTenant(rows[0]);
  }

  async get(id: string, options: { readonly forUpdate?: boolean } = {}): Promise<Tenant | null> {
    const rows = await this.sql.query<TenantRow>(`SELECT ${COLUMNS} FROM "tenants" WHERE "id" = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ? toTenant(rows[0]) : null;
  }

  /** The tenant with this slug, if any. */
  async getBySlug(slug: string): Promise<Tenant | null> {
    const rows = await this.sql.query<TenantRow>(`SELECT ${COLUMNS} FROM "tenants" WHERE "slug" = $1`, [slug]);
    return rows[0] ? toTenant(rows[0]) : null;
  }

  /** Tenants ordered by id (keyset pagination), optionally of one status. */
  async list(filter: { readonly status?: TenantStatus | undefined }, page: PageRequest): Promise<Page<Tenant>> {
    const limit = Math.min(Math.max(page.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const after = decodeCursor(page.cursor);
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.status) where.push(`"status" = $${params.push(filter.status)}`);
    if (after !== null) where.push(`"id" > $${params.push(String(after))}`);
    const rows = await this.sql.query<TenantRow>(
      `SELECT ${COLUMNS} FROM "tenants" ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY "id" LIMIT $${params.push(limit + 1)}`,
      params,
    );
    const items = rows.slice(0, limit).map(toTenant);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
  }

  /** Writes the patch when the stored version is `expectedVersion`, else `VersionConflictError`. */
  async update(id: string, expectedVersion: number, patch: TenantPatch): Promise<Tenant> {
    const rows = await this.sql.query<TenantRow>(
      `UPDATE "tenants" SET "status" = COALESCE($3, "status"), "retention" = COALESCE($4::jsonb, "retention"),
         "version" = "version" + 1, "updated_at" = now()
       WHERE "id" = $1 AND "version" = $2 RETURNING ${COLUMNS}`,
      [id, expectedVersion, patch.status ?? null, patch.retention ? JSON.stringify(patch.retention) : null],
    );
    if (!rows[0]) throw new VersionConflictError('tenant', id, expectedVersion);
    return toTenant(rows[0]);
  }
}
