/** Shared helpers of the backup, restore and drill tools. */
import { spawn } from 'node:child_process';
import { ALL_TABLES, APP_ROLE, OWNER_ROLE } from '@intelgraph/migrations';
import pg from 'pg';
import type { ChainHead, TableCounts } from './container.js';

export interface Io {
  readonly env: NodeJS.ProcessEnv;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export const defaultIo: Io = { env: process.env, out: (l) => console.log(l), err: (l) => console.error(l) };

export type Flags = Record<string, string | true>;

/** Parses `--name value`, `--name=value` and boolean `--name` flags; `booleans` take no value. */
export function parseFlags(argv: readonly string[], known: { values: readonly string[]; booleans: readonly string[] }): Flags | string {
  const flags: Flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    if (!arg.startsWith('--')) return `unexpected argument ${arg}`;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (known.booleans.includes(name)) {
      if (eq > 0) return `--${name} takes no value`;
      flags[name] = true;
    } else if (known.values.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') return `--${name} needs a value`;
      flags[name] = value;
    } else return `unknown argument ${arg}`;
  }
  return flags;
}

export const str = (f: Flags, name: string): string | undefined => (typeof f[name] === 'string' ? f[name] : undefined);

/** Runs a program, forwarding its stderr lines to `err`; rejects on a non-zero exit. */
export function run(cmd: string, args: readonly string[], err: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    let tail = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      tail = (tail + d).slice(-4000);
      for (const line of d.split('\n')) if (line.trim()) err(`  ${cmd}: ${line}`);
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}: ${tail.trim().split('\n').pop() ?? ''}`))));
  });
}

/** The URL with its password removed, for printing. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<invalid url>';
  }
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(db)}`;
  return u.toString();
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, application_name: 'orch-backup' });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const quoteIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** Creates an empty database `name` on the server of `serverUrl`. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
  return withDatabase(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

/** Tables of the application schema that exist in the database (some may be missing in an empty target). */
async function existingTables(c: pg.Client): Promise<Set<string>> {
  const { rows } = await c.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'`);
  return new Set(rows.map((r) => r.t));
}

/** Row counts per table, total and per tenant (`tenants` by `id`), as of the client's current snapshot. */
export async function countRows(c: pg.Client, tenantId?: string, progress?: (line: string) => void): Promise<TableCounts> {
  const present = await existingTables(c);
  const counts: TableCounts = {};
  for (const table of ALL_TABLES) {
    if (!present.has(table)) continue;
    const col = table === 'tenants' ? 'id' : 'tenant_id';
    const where = tenantId ? `WHERE ${col} = $1` : '';
    const { rows } = await c.query<{ k: string; n: string }>(`SELECT ${col}::text AS k, count(*) AS n FROM ${quoteIdent(table)} ${where} GROUP BY 1`, tenantId ? [tenantId] : []);
    const byTenant: Record<string, number> = {};
    let total = 0;
    for (const r of rows) {
      byTenant[r.k] = Number(r.n);
      total += Number(r.n);
    }
    counts[table] = { total, byTenant };
    progress?.(`${table}: ${total} rows`);
  }
  return counts;
}

export async function chainHeads(c: pg.Client, tenantId?: string): Promise<Record<string, ChainHead>> {
  const { rows } = await c.query<{ tenant_id: string; sequence: string; hash: string }>(
    `SELECT tenant_id::text, sequence, hash FROM audit_heads ${tenantId ? 'WHERE tenant_id = $1' : ''} ORDER BY tenant_id`,
    tenantId ? [tenantId] : [],
  );
  return Object.fromEntries(rows.map((r) => [r.tenant_id, { sequence: Number(r.sequence), hash: r.hash }]));
}

export async function appliedMigrations(c: pg.Client): Promise<string[]> {
  const present = await c.query<{ r: string | null }>(`SELECT to_regclass('public.typeorm_migrations')::text AS r`);
  if (!present.rows[0]?.r) return [];
  const { rows } = await c.query<{ name: string }>(`SELECT name FROM typeorm_migrations ORDER BY id`);
  return rows.map((r) => r.name);
}

/** What a target database holds: the application tables present and whether `tenants` has rows. */
export async function targetContents(c: pg.Client): Promise<{ tables: number; tenants: number }> {
  const { rows } = await c.query<{ n: string }>(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`);
  const tables = Number(rows[0]?.n ?? 0);
  let tenants = 0;
  if ((await existingTables(c)).has('tenants')) tenants = Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM tenants`)).rows[0]?.n ?? 0);
  return { tables, tenants };
}

/**
 * The cluster-wide roles the schema's owners and grants name, created exactly as the initial
 * migration creates them (pg_dump does not carry roles). Idempotent.
 */
export async function ensureRoles(c: pg.Client): Promise<void> {
  const roles: Array<[string, string]> = [
    [OWNER_ROLE, 'NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE'],
    [APP_ROLE, 'NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT'],
  ];
  for (const [role, attrs] of roles)
    await c.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} ${attrs}; END IF; END $$`);
}

/** Compares counts; returns one line per difference (empty: equal). */
export function compareCounts(expected: TableCounts, actual: TableCounts, onlyTenant?: string): string[] {
  const problems: string[] = [];
  for (const [table, exp] of Object.entries(expected)) {
    const act = actual[table];
    if (!act) {
      problems.push(`${table}: missing`);
      continue;
    }
    if (!onlyTenant && exp.total !== act.total) problems.push(`${table}: ${act.total} rows, manifest says ${exp.total}`);
    for (const [tenant, n] of Object.entries(exp.byTenant)) {
      if (onlyTenant && tenant !== onlyTenant) continue;
      const got = act.byTenant[tenant] ?? 0;
      if (got !== n) problems.push(`${table} tenant ${tenant}: ${got} rows, manifest says ${n}`);
    }
  }
  return problems;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}
