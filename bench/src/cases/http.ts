/**
 * http: autocannon against the API app (`createApp` of `@intelgraph/api`, started in-process on a
 * free port, same database and Redis) vs a bare Fastify server doing the same Redis GET, query or
 * insert. Loaded at run time from the app's build output: when `apps/api` is not built (or does
 * not load) the comparison is skipped with the reason.
 */
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { SignJWT } from 'jose';
import type { BenchContext } from '../context.js';
import { median, progress, result, type BenchResult } from '../util.js';

/** The slice of `@intelgraph/api` used here, typed locally so the bench builds without the app. */
interface ApiModule {
  createApp(options: {
    settings: Record<string, unknown>;
    database: { dataSource: unknown };
    budgets?: Record<string, { points: number; durationSec: number }>;
    log?: (line: string) => void;
  }): Promise<{ app: { listen(port: number, host: string): Promise<unknown>; getHttpServer(): { address(): AddressInfo | string | null }; close(): Promise<void> } }>;
  apiSettingsFromEnv(env?: NodeJS.ProcessEnv): Record<string, unknown>;
  DEV_JWT_SECRET: string;
}

export class SkipError extends Error {}

const GQL_QUERY = JSON.stringify({ query: '{ loops(limit: 50) { items { id name } } }' });

export async function http(ctx: BenchContext): Promise<BenchResult[]> {
  const { quick } = ctx.settings;
  const rounds = quick ? 1 : 3;
  const duration = quick ? 1 : 8;
  const connections = 8;
  let api: ApiModule;
  try {
    const specifier = '@intelgraph/api'; // not a literal: the bench must build without the app
    api = (await import(specifier)) as ApiModule;
  } catch (error) {
    throw new SkipError(`@intelgraph/api does not load (build apps/api first): ${error instanceof Error ? error.message : String(error)}`);
  }
  const actor = await ctx.newTenant('http');
  await ctx.pool.query(
    `INSERT INTO loops (tenant_id, id, name, classification) SELECT $1, gen_random_uuid(), 'loop-' || g, 'internal' FROM generate_series(1, 80) g`,
    [actor.tenantId],
  );
  const settings: Record<string, unknown> = { ...api.apiSettingsFromEnv({ ...process.env, NODE_ENV: 'development' }), databaseUrl: ctx.settings.databaseUrl, redisUrl: ctx.settings.redisUrl };
  const secret = (settings['jwt'] as { secret?: string } | undefined)?.secret ?? api.DEV_JWT_SECRET;
  const token = await new SignJWT({ tid: actor.tenantId, roles: ['tenant_admin'], clr: 'restricted', mfa: true })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(actor.subject)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(secret));
  const unlimited = { points: 1_000_000_000, durationSec: 1 };
  const { app } = await api.createApp({ settings, database: { dataSource: ctx.dataSource }, budgets: { default: unlimited, governance: unlimited }, log: () => undefined });
  await app.listen(0, '127.0.0.1');
  const appUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

  const bare = Fastify({ logger: false });
  const cacheKey = `bench:http:${actor.tenantId}`;
  await ctx.redis.set(cacheKey, JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ id: String(i), name: `loop-${i}` })) }), 'EX', 3600);
  bare.get('/cached', async (_req, reply) => reply.type('application/json').send(await ctx.redis.get(cacheKey)));
  bare.get('/loops', async () => {
    const rows = await ctx.pool.query(`SELECT * FROM "loops" WHERE "tenant_id" = $1 ORDER BY "id" ASC LIMIT 51`, [actor.tenantId]);
    return { items: rows.rows.slice(0, 50) };
  });
  bare.post('/loops', async (req, reply) => {
    const body = req.body as { name: string };
    const rows = await ctx.pool.query(`INSERT INTO loops (tenant_id, id, name, classification) VALUES ($1, gen_random_uuid(), $2, 'internal') RETURNING *`, [actor.tenantId, body.name]);
    return reply.code(201).send(rows.rows[0]);
  });
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}`;

  const auth = { authorization: `Bearer ${token}` };
  const json = { 'content-type': 'application/json' };
  type Target = { url: string; method?: string; headers?: Record<string, string>; body?: string };
  const rate = async (label: string, t: Target, seconds: number): Promise<number> => {
    const r = await autocannon({ url: t.url, method: t.method ?? 'GET', headers: t.headers ?? {}, ...(t.body ? { body: t.body, idReplacement: true } : {}), connections, duration: seconds });
    const bad = r.non2xx + r.errors + r.timeouts;
    if (bad > 0) progress(`http ${label}: ${bad} of ${r.requests.total} responses not 2xx/errors`);
    if (r['2xx'] === 0) throw new Error(`http ${label}: no 2xx response from ${t.url}`);
    return r['2xx'] / seconds;
  };

  const comparisons: Array<{ name: string; subject: Target; baseline: Target; baselineName: string }> = [];
  // GraphQL only when the running app serves it.
  const probe = await fetch(`${appUrl}/graphql`, { method: 'POST', headers: { ...auth, ...json }, body: GQL_QUERY }).catch(() => null);
  const hasGraphql = probe !== null && probe.status !== 404;
  if (hasGraphql) {
    const body = await probe.text();
    if (probe.status !== 200 || body.includes('"errors"')) progress(`http: GraphQL probe answered ${probe.status} ${body.slice(0, 200)}`);
    comparisons.push({ name: 'http-graphql-cached', subject: { url: `${appUrl}/graphql`, method: 'POST', headers: { ...auth, ...json }, body: GQL_QUERY }, baseline: { url: `${bareUrl}/cached` }, baselineName: 'bare Fastify + Redis GET' });
  } else {
    progress('http: the app serves no /graphql (404): the cached GraphQL row is skipped');
    ctx.skipped.push('http-graphql-cached: the running app serves no /graphql (404)');
  }
  comparisons.push(
    { name: 'http-rest-read', subject: { url: `${appUrl}/api/v1/loops?limit=50`, headers: auth }, baseline: { url: `${bareUrl}/loops` }, baselineName: 'bare Fastify + pg SELECT' },
    {
      name: 'http-rest-write',
      subject: { url: `${appUrl}/api/v1/loops`, method: 'POST', headers: { ...auth, ...json }, body: JSON.stringify({ name: 'l-[<id>]' }) },
      baseline: { url: `${bareUrl}/loops`, method: 'POST', headers: json, body: JSON.stringify({ name: 'b-[<id>]' }) },
      baselineName: 'bare Fastify + pg INSERT',
    },
  );

  const out: BenchResult[] = [];
  try {
    for (const c of comparisons) {
      if (!quick) await rate(`${c.name} warm-up`, c.baseline, 2);
      await rate(`${c.name} warm-up`, c.subject, quick ? 0.5 : 2);
      const b: number[] = [];
      const s: number[] = [];
      for (let r = 0; r < rounds; r++) {
        if (r % 2 === 0) {
          b.push(await rate(c.name, c.baseline, duration));
          s.push(await rate(c.name, c.subject, duration));
        } else {
          s.push(await rate(c.name, c.subject, duration));
          b.push(await rate(c.name, c.baseline, duration));
        }
        progress(`${c.name}: round ${r + 1}/${rounds} baseline=${b[b.length - 1]?.toFixed(0)} subject=${s[s.length - 1]?.toFixed(0)} req/s`);
      }
      out.push(result(c.name, 'req/s', 'higher', median(s), c.baselineName, median(b), `autocannon ${connections} connections × ${duration}s, ${rounds} round(s), 2xx only`));
    }
  } finally {
    // autocannon returns while its last requests may still be in flight: let them finish before
    // the app and (later) the shared data source close under them.
    await new Promise((r) => setTimeout(r, 500));
    await bare.close();
    await app.close();
    // the write rounds created thousands of loops: drop them so later runs' tables stay small
    await ctx.pool.query('DELETE FROM loops WHERE tenant_id = $1', [actor.tenantId]);
  }
  return out;
}
