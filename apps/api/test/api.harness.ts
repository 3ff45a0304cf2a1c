/**
 * Test harness: a real app on an ephemeral port over a migrated test database, plus token helpers.
 */
import { randomUUID } from 'node:crypto';
import { createCache, type CacheBindings, type RateLimitBudgets } from '@intelgraph/cache';
import { openTestDataSource, type DatabaseTarget } from '@intelgraph/persistence/testing';
import { SignJWT } from 'jose';
import type { DataSource } from 'typeorm';
import { createApp, PLATFORM_ACTOR, type CreatedApp } from '../src/app.factory.js';
import { apiSettingsFromEnv, DEV_JWT_SECRET } from '../src/config/api.settings.js';

export interface Harness {
  readonly created: CreatedApp;
  readonly baseUrl: string;
  readonly dataSource: DataSource;
  readonly logs: string[];
  /** Provisions a fresh tenant and returns its id. */
  tenant(): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly budgets?: Partial<RateLimitBudgets>;
  readonly cache?: CacheBindings;
  readonly env?: NodeJS.ProcessEnv;
}

export async function startHarness(target: DatabaseTarget, options: HarnessOptions = {}): Promise<Harness> {
  const dataSource = await openTestDataSource(target);
  const logs: string[] = [];
  const settings = apiSettingsFromEnv({ NODE_ENV: 'test', REDIS_URL: process.env['REDIS_URL'], ...options.env });
  const cache = options.cache ?? createCache({ redisUrl: settings.redisUrl, budgets: options.budgets });
  const created = await createApp({ settings, database: { dataSource }, cache, log: (l) => logs.push(l) });
  await created.app.listen(0, '127.0.0.1');
  const server = created.app.getHttpServer() as { address(): { port: number } };
  const address = server.address();
  return {
    created,
    baseUrl: `http://127.0.0.1:${address.port}`,
    dataSource,
    logs,
    async tenant() {
      const t = await created.orchestrator.store.tenants.provision(PLATFORM_ACTOR, { slug: `t-${randomUUID().slice(0, 8)}`, name: 'Test tenant' });
      return t.id;
    },
    async close() {
      await created.app.close();
      await dataSource.destroy();
    },
  };
}

export interface TokenClaims {
  sub?: string;
  tid: string;
  roles?: string[];
  clr?: string;
  mfa?: boolean;
  approvals?: string[];
}

/** A signed HS256 token with the development secret (or `secret`), valid for `ttlSec`. */
export async function token(claims: TokenClaims, options: { secret?: string; ttlSec?: number } = {}): Promise<string> {
  const { sub = 'alice', ...rest } = claims;
  return new SignJWT({ roles: ['operator'], mfa: true, ...rest })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (options.ttlSec ?? 300))
    .sign(new TextEncoder().encode(options.secret ?? DEV_JWT_SECRET));
}

/** An unsigned `alg: none` token. */
export function noneToken(claims: TokenClaims): string {
  const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'mallory', roles: ['operator'], exp: Math.floor(Date.now() / 1000) + 300, ...claims })}.`;
}

export interface Reply {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** fetch with a JSON body and bearer token. */
export async function call(baseUrl: string, method: string, path: string, options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(baseUrl + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (metrics)
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
