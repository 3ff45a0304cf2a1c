import { NotFoundError, VersionConflictError, type Page, type PageRequest, type SqlExecutor } from '@intelgraph/domain';
import { decodeCursor, pageLimit, toPage } from './cursor.util.js';

/** How a table's rows map to objects: which columns hold jsonb or bigint (returned as strings by pg). */
export interface TableSpec {
  readonly table: string;
  readonly resourceType: string;
  readonly jsonb?: readonly string[];
  readonly bigint?: readonly string[];
}

const snake = (k: string): string => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (k: string): string => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Maps a row's snake_case columns to camelCase fields; bigint columns become numbers. */
export function mapRow<T>(spec: TableSpec, row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    out[camel(k)] = spec.bigint?.includes(k) && v !== null && v !== undefined ? Number(v) : v;
  }
  return out as T;
}

/** Binds a value for a column: jsonb gets JSON text (pg would send JS arrays as PostgreSQL arrays). */
function bind(spec: TableSpec, column: string, value: unknown): unknown {
  // null means SQL NULL (so IS NULL works), not the JSON value null.
  if (spec.jsonb?.includes(column)) return value === undefined || value === null ? null : JSON.stringify(value);
  return value;
}

/** Generic, tenant-scoped statements on one table. Every statement names `tenant_id` first. */
export class TableGateway<T> {
  constructor(
    readonly spec: TableSpec,
    private readonly sql: SqlExecutor,
    private readonly tenantId: string,
  ) {}

  map(row: Record<string, unknown>): T {
    return mapRow<T>(this.spec, row);
  }

  /** Inserts `values` (camelCase) plus the tenant, returning the stored row. */
  async insert(values: Record<string, unknown>): Promise<T> {
    const cols = ['tenant_id', ...Object.keys(values).map(snake)];
    const params = [this.tenantId, ...Object.entries(values).map(([k, v]) => bind(this.spec, snake(k), v))];
    const rows = await this.sql.query(
      `INSERT INTO "${this.spec.table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
      params,
    );
    return this.map(rows[0] as Record<string, unknown>);
  }

  /** One row by `where` (camelCase columns, equality), optionally locked for update. */
  async findOne(where: Record<string, unknown>, forUpdate = false): Promise<T | null> {
    const { clause, params } = this.where(where);
    const rows = await this.sql.query(`SELECT * FROM "${this.spec.table}" WHERE ${clause} LIMIT 1${forUpdate ? ' FOR UPDATE' : ''}`, params);
    return rows[0] ? this.map(rows[0]) : null;
  }

  /**
   * Keyset page ordered by `orderBy` (a unique column) ascending, or descending with `desc`.
   * `extra` adds SQL conditions with their own parameters (numbered after the generated ones).
   */
  async page(where: Record<string, unknown>, request: PageRequest, options: { orderBy?: string; desc?: boolean; extra?: (next: number) => { sql: string; params: unknown[] } } = {}): Promise<Page<T>> {
    const orderBy = options.orderBy ?? 'id';
    const limit = pageLimit(request);
    const { clause, params } = this.where(where);
    let sql = clause;
    const cursor = decodeCursor(request.cursor);
    if (cursor !== null) {
      params.push(cursor);
      sql += ` AND "${orderBy}" ${options.desc ? '<' : '>'} $${params.length}`;
    }
    if (options.extra) {
      const e = options.extra(params.length + 1);
      sql += ` AND ${e.sql}`;
      params.push(...e.params);
    }
    params.push(limit + 1);
    const rows = await this.sql.query(`SELECT * FROM "${this.spec.table}" WHERE ${sql} ORDER BY "${orderBy}" ${options.desc ? 'DESC' : 'ASC'} LIMIT $${params.length}`, params);
    const items = rows.map((r) => this.map(r));
    const key = camel(orderBy);
    return toPage(items, limit, (row) => (row as Record<string, unknown>)[key] as string | number);
  }

  /**
   * Optimistic update: writes `patch` only where the version is `expectedVersion`, bumps it and
   * `updated_at`. Throws `NotFoundError` when the row is absent, `VersionConflictError` when stale.
   */
  async update(key: Record<string, unknown>, expectedVersion: number, patch: Record<string, unknown>): Promise<T> {
    const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
    const { clause, params } = this.where(key);
    const sets = entries.map(([k, v]) => {
      params.push(bind(this.spec, snake(k), v));
      return `"${snake(k)}" = $${params.length}`;
    });
    params.push(expectedVersion);
    const rows = await this.sql.query(
      `UPDATE "${this.spec.table}" SET ${[...sets, '"version" = "version" + 1', '"updated_at" = now()'].join(', ')} WHERE ${clause} AND "version" = $${params.length} RETURNING *`,
      params,
    );
    if (rows[0]) return this.map(rows[0]);
    const current = await this.findOne(key);
    const id = Object.values(key).map((v) => String(v as string)).join('/');
    if (!current) throw new NotFoundError(this.spec.resourceType, id);
    throw new VersionConflictError(this.spec.resourceType, id, expectedVersion, (current as { version?: number }).version);
  }

  private where(where: Record<string, unknown>): { clause: string; params: unknown[] } {
    const params: unknown[] = [this.tenantId];
    const parts = ['"tenant_id" = $1'];
    for (const [k, v] of Object.entries(where)) {
      if (v === undefined) continue;
      params.push(v);
      parts.push(`"${snake(k)}" = $${params.length}`);
    }
    return { clause: parts.join(' AND '), params };
  }
}
