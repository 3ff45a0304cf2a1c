/**
 * Reliability harness: the real app on an ephemeral port (createApp + listen(0)) over a migrated
 * database we own (with an application_name of our choosing, so fault tests can kill exactly its
 * backends), counted HTTP calls, token forging, tenant snapshots and the counters file.
 */
import { appendFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createCache, type CacheBindings, type RateLimitBudgets } from '@intelgraph/cache';
import { buildDataSource, migrate } from '@intelgraph/persistence';
import { SignJWT } from 'jose';
import type { DataSource } from 'typeorm';
import { apiSettingsFromEnv, createApp, DEV_JWT_SECRET, PLATFORM_ACTOR, type CreatedApp } from '@intelgraph/api';

/** Real services are there: the fault and multi-process parts are declared only then. */
export const REAL_DB = !!process.env['DATABASE_URL'];
export const REAL_REDIS = !!process.env['REDIS_URL'];
export const REAL_SERVICES = REAL_DB && REAL_REDIS;

export function databaseUrl(): string {
  const url = process.env['DATABASE_URL'] || process.env['PGLITE_URL'];
  if (!url) throw new Error('no database: set DATABASE_URL or run under the jest global setup (PGLITE_URL)');
  return url;
}

export const HUGE_BUDGETS: Partial<RateLimitBudgets> = {
  default: { points: 10_000_000, durationSec: 60 },
  governance: { points: 10_000_000, durationSec: 60 },
};

// ---------------------------------------------------------------- counters

export interface Counters {
  requests: number;
  leaks: number;
  fiveXX: number;
  lost: number;
  doubleClaims: number;
}

export function newCounters(): Counters {
  return { requests: 0, leaks: 0, fiveXX: 0, lost: 0, doubleClaims: 0 };
}

/** Appends one JSON line for the runner (env RELIABILITY_COUNTERS); harmless without it. */
export function writeCounters(part: string, c: Counters, extra: Record<string, unknown> = {}): void {
  const file = process.env['RELIABILITY_COUNTERS'];
  const line = JSON.stringify({ part, mode: REAL_SERVICES ? 'real' : REAL_DB ? 'postgres+memory' : 'embedded', ...c, ...extra });
  if (file) appendFileSync(file, line + '\n');
  else process.stdout.write(`[reliability counters] ${line}\n`);
}

// ---------------------------------------------------------------- HTTP

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface CallOptions {
  token?: string | undefined;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  /** 5xx statuses that are the documented answer here (e.g. 503 while a dependency is down). */
  expected5xx?: readonly number[];
}

/** A fetch with counting: every call is a request; every unexpected 5xx is counted. */
export async function call(c: Counters, baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  c.requests++;
  let res: Response;
  try {
    res = await fetch(baseUrl + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  } catch (error) {
    // A connection-level failure is as bad as a 5xx: the API did not answer.
    c.fiveXX++;
    return { status: 0, headers: new Headers(), text: String(error), body: undefined };
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  if (res.status >= 500 && !(options.expected5xx ?? []).includes(res.status)) c.fiveXX++;
  return { status: res.status, headers: res.headers, text, body: parsed };
}

// ---------------------------------------------------------------- tokens

export interface Claims {
  sub?: string;
  tid?: string;
  roles?: string[];
  clr?: string;
  mfa?: boolean;
  [k: string]: unknown;
}

export async function token(claims: Claims, options: { secret?: string; ttlSec?: number; nbfSec?: number; alg?: string } = {}): Promise<string> {
  const { sub = 'alice', ...rest } = claims;
  let jwt = new SignJWT({ roles: ['operator'], mfa: true, clr: 'restricted', ...rest })
    .setProtectedHeader({ alg: options.alg ?? 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (options.ttlSec ?? 600));
  if (options.nbfSec !== undefined) jwt = jwt.setNotBefore(Math.floor(Date.now() / 1000) + options.nbfSec);
  return jwt.sign(new TextEncoder().encode(options.secret ?? process.env['JWT_SECRET'] ?? DEV_JWT_SECRET));
}

export function noneToken(claims: Claims): string {
  const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'mallory', roles: ['operator'], mfa: true, exp: Math.floor(Date.now() / 1000) + 300, ...claims })}.`;
}

/** A validly signed token whose payload is then edited (signature kept). */
export function tamper(jwt: string, edit: (payload: Record<string, unknown>) => void): string {
  const [h, p, s] = jwt.split('.');
  const payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  edit(payload);
  return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
}

// ---------------------------------------------------------------- app

export interface Harness {
  readonly created: CreatedApp;
  readonly baseUrl: string;
  /** The app's own data source (application_name = appName). */
  readonly dataSource: DataSource;
  /** A separate superuser connection for checks (bypasses RLS). */
  readonly admin: DataSource;
  readonly appName: string;
  tenant(): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly appName?: string;
  readonly budgets?: Partial<RateLimitBudgets>;
  readonly env?: NodeJS.ProcessEnv;
  readonly cache?: CacheBindings;
  readonly poolMax?: number;
}

export async function openAdmin(applicationName = 'rel-admin'): Promise<DataSource> {
  const ds = buildDataSource(databaseUrl(), { poolMax: 2, applicationName });
  await ds.initialize();
  await migrate(ds);
  return ds;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const appName = options.appName ?? `rel-${randomUUID().slice(0, 8)}`;
  const admin = await openAdmin();
  const dataSource = buildDataSource(databaseUrl(), { poolMax: options.poolMax ?? (REAL_DB ? 10 : 4), applicationName: appName });
  await dataSource.initialize();
  const settings = apiSettingsFromEnv({ NODE_ENV: 'test', REDIS_URL: process.env['REDIS_URL'], JWT_SECRET: process.env['JWT_SECRET'], ...options.env });
  const cache = options.cache ?? createCache({ redisUrl: settings.redisUrl, budgets: options.budgets ?? HUGE_BUDGETS });
  const created = await createApp({ settings, database: { dataSource }, cache, log: () => undefined });
  await created.app.listen(0, '127.0.0.1');
  const server = created.app.getHttpServer() as { address(): { port: number } };
  return {
    created,
    baseUrl: `http://127.0.0.1:${server.address().port}`,
    dataSource,
    admin,
    appName,
    async tenant() {
      const t = await created.orchestrator.store.tenants.provision(PLATFORM_ACTOR, { slug: `r-${randomUUID().slice(0, 12)}`, name: 'Reliability tenant' });
      return t.id;
    },
    async close() {
      await created.app.close().catch(() => undefined);
      if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
      if (admin.isInitialized) await admin.destroy().catch(() => undefined);
    },
  };
}

// ---------------------------------------------------------------- snapshots

let tenantTables: string[] | undefined;

export async function tenantTableNames(admin: DataSource): Promise<string[]> {
  if (!tenantTables) {
    const rows = await admin.query<{ table_name: string }[]>(
      `SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id' AND table_name <> 'tenants' ORDER BY table_name`,
    );
    tenantTables = rows.map((r) => r.table_name);
  }
  return tenantTables;
}

/** Row counts of every tenant-owned table for `tenantId`, plus the audit chain head. */
export async function snapshot(admin: DataSource, tenantId: string): Promise<Record<string, string>> {
  const tables = await tenantTableNames(admin);
  const union = tables.map((t) => `SELECT '${t}' AS t, count(*)::text AS n FROM "${t}" WHERE tenant_id = $1`).join(' UNION ALL ');
  const rows = await admin.query<{ t: string; n: string }[]>(union, [tenantId]);
  const out: Record<string, string> = {};
  for (const r of rows) out[r.t] = r.n;
  const head = await admin.query<{ s: string; hash: string }[]>(`SELECT sequence::text AS s, hash FROM audit_heads WHERE tenant_id = $1`, [tenantId]);
  out['audit_head'] = head[0] ? `${head[0].s}:${head[0].hash}` : 'none';
  return out;
}

export function diff(before: Record<string, string>, after: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]).map((k) => `${k}: ${before[k]} -> ${after[k]}`);
}

/** Runs `fn` over `items` with at most `n` in flight. */
export async function pool<T, R>(items: readonly T[], n: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  });
  await Promise.all(workers);
  return out;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
