/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- GraphQL reply bodies are untyped JSON */
import { createHash } from 'node:crypto';
import { databaseTargets } from '@intelgraph/persistence/testing';
import { call, startHarness, token, type Harness, type Reply } from './api.harness.js';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

describe.each(databaseTargets())('GraphQL over HTTP ($name database)', (target) => {
  let h: Harness;
  let tenantA: string;
  let tenantB: string;
  let opA: string;
  let opB: string;
  const post = (t: string | undefined, body: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
    call(h.baseUrl, 'POST', '/graphql', { ...(t ? { token: t } : {}), body, headers });
  const get = (t: string | undefined, params: Record<string, string>, headers: Record<string, string> = {}): Promise<Reply> =>
    call(h.baseUrl, 'GET', `/graphql?${new URLSearchParams(params).toString()}`, { ...(t ? { token: t } : {}), headers });
  /** Lets the change-feed watcher (250 ms polls) catch up with earlier writes. */
  const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 700));
  const hits = async (): Promise<number> => Number(/cache_requests_total\{result="hit"\} (\d+)/.exec((await call(h.baseUrl, 'GET', '/metrics')).body as string)?.[1] ?? 0);

  beforeAll(async () => {
    h = await startHarness(target);
    tenantA = await h.tenant();
    tenantB = await h.tenant();
    opA = await token({ tid: tenantA, roles: ['operator'] });
    opB = await token({ tid: tenantB, roles: ['operator'] });
  });
  afterAll(async () => {
    await h.close();
  });

  describe('limits', () => {
    it('refuses a query above the complexity budget with 400 and a clear message', async () => {
      const fields = 'id name description status classification config cycleCount version createdAt updatedAt latestCycle { id sequence monitor analysis plan execution knowledge }';
      const r = await post(opA, { query: `{ a: loops(limit: 200) { items { ${fields} } } b: loops(limit: 199) { items { ${fields} } } }` });
      expect(r.status).toBe(400);
      expect(r.body.errors[0].message).toMatch(/^query complexity \d+ exceeds the budget of 5000$/);
    });
  });

  describe('automatic persisted queries', () => {
    it('registers a query for the tenant only: another tenant must send the query itself', async () => {
      const query = '{ loops(limit: 2) { items { id } } }';
      const persistedQuery = { version: 1, sha256Hash: sha256(query) };
      const unknown = await post(opA, { extensions: { persistedQuery } });
      expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      const registered = await post(opA, { query, extensions: { persistedQuery } });
      expect(registered.status).toBe(200);
      expect(registered.body.data.loops.items).toEqual([]);
      const byHash = await post(opA, { extensions: { persistedQuery } });
      expect(byHash.body.errors).toBeUndefined();
      expect(byHash.body.data.loops.items).toEqual([]);
      const byGet = await get(opA, { extensions: JSON.stringify({ persistedQuery }) });
      expect(byGet.body.data.loops.items).toEqual([]);
      const otherTenant = await post(opB, { extensions: { persistedQuery } });
      expect(otherTenant.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(otherTenant.body.data).toBeUndefined();
      const withQuery = await post(opB, { query, extensions: { persistedQuery } });
      expect(withQuery.body.data.loops.items).toEqual([]);
    });

    it('refuses a hash that does not match the query', async () => {
      const r = await post(opA, { query: '{ loops { items { id } } }', extensions: { persistedQuery: { version: 1, sha256Hash: sha256('other') } } });
      expect(r.status).toBe(400);
    });
  });

  describe('GraphQL over HTTP', () => {
    it('answers GET queries without extra headers, and refuses mutations over GET with 405', async () => {
      const q = await get(opA, { query: '{ loops(limit: 1) { items { id } } }' });
      expect(q.status).toBe(200);
      expect(q.headers.get('content-type')).toMatch(/^application\/json/);
      const m = await get(opA, { query: 'mutation { createLoop(name: "x") { id } }' });
      expect(m.status).toBe(405);
      expect(m.headers.get('allow')).toMatch(/POST/);
    });

    it('answers application/graphql-response+json when the client asks for it', async () => {
      const r = await post(opA, { query: '{ loops(limit: 1) { items { id } } }' }, { accept: 'application/graphql-response+json' });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
      const bad = await post(opA, { query: '{ loops { nope } }' }, { accept: 'application/graphql-response+json' });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    });

    it('answers parse and validation errors with 400, a missing token with 401, resolver errors with 200 and errors', async () => {
      const parse = await post(opA, { query: '{ loops { ' });
      expect(parse.status).toBe(400);
      expect(parse.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
      const invalid = await post(opA, { query: '{ loops { nope } }' });
      expect(invalid.status).toBe(400);
      expect(invalid.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const anon = await post(undefined, { query: '{ loops { items { id } } }' });
      expect(anon.status).toBe(401);
      expect(anon.body.errors[0].extensions.code).toBe('unauthenticated');
      const missing = await post(opA, { query: '{ loop(id: "00000000-0000-7000-8000-000000000000") { id } }' });
      expect(missing.status).toBe(200);
      expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
      expect(missing.body.errors[0].extensions).toMatchObject({ code: 'not_found', status: 404 });
      const noBody = await call(h.baseUrl, 'POST', '/graphql', { token: opA, raw: '{}' });
      expect(noBody.status).toBe(400);
    });
  });

  describe('response cache', () => {
    it('sets private caching headers, an ETag (304 on If-None-Match) and tenant-prefixed Surrogate-Keys', async () => {
      const loop = await call(h.baseUrl, 'POST', '/api/v1/loops', { token: opA, body: { name: 'cached' } });
      const query = { query: 'query($id: ID!) { loop(id: $id) { id name } loops { items { id } } }', variables: { id: loop.body.id } };
      const first = await post(opA, query);
      expect(first.headers.get('cache-control')).toBe('private, no-cache');
      expect(first.headers.get('vary')).toMatch(/Authorization/);
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^W\/".+"$/);
      const keys = (first.headers.get('surrogate-key') ?? '').split(' ');
      expect(keys).toEqual(expect.arrayContaining([`t:${tenantA}:loop:${loop.body.id}`, `t:${tenantA}:loop`]));
      const before = await hits();
      // Request headers other than the token never change the key.
      const again = await post(opA, query, { 'if-none-match': etag ?? '', 'x-tenant-id': tenantB });
      expect(again.status).toBe(304);
      expect(again.body).toBeUndefined();
      expect(await hits()).toBe(before + 1);
      const mutation = await post(opA, { query: 'mutation { createLoop(name: "m") { id } }' });
      expect(mutation.headers.get('cache-control')).toBe('no-store');
    });

    it('keys results by the caller’s policy scope, not only the tenant', async () => {
      const query = { query: '{ loops(limit: 7) { items { id } } }' };
      await settle();
      await post(opA, query);
      const before = await hits();
      await post(await token({ tid: tenantA, roles: ['viewer'] }), query);
      expect(await hits()).toBe(before);
      await post(opA, query);
      expect(await hits()).toBe(before + 1);
    });

    it('invalidates per entity from the outbox: a REST write drops the results showing that entity only', async () => {
      const x: string = (await call(h.baseUrl, 'POST', '/api/v1/loops', { token: opA, body: { name: 'x' } })).body.id;
      const y: string = (await call(h.baseUrl, 'POST', '/api/v1/loops', { token: opA, body: { name: 'y' } })).body.id;
      await settle();
      const read = (id: string): Promise<Reply> => post(opA, { query: 'query($id: ID!) { loop(id: $id) { id description } }', variables: { id } });
      await read(x);
      await read(y);
      const patched = await call(h.baseUrl, 'PATCH', `/api/v1/loops/${x}`, { token: opA, headers: { 'if-match': 'W/"1"' }, body: { description: 'via rest' } });
      expect(patched.status).toBe(200);
      let description = '';
      for (let i = 0; i < 40 && description !== 'via rest'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        description = (await read(x)).body.data.loop.description;
      }
      expect(description).toBe('via rest');
      const before = await hits();
      await read(y);
      expect(await hits()).toBe(before + 1);
    });

    if (process.env['REDIS_URL']) {
      it('shares results and invalidations between two app instances over one database and one Redis', async () => {
        const other = await startHarness(target);
        try {
          const loop = await call(h.baseUrl, 'POST', '/api/v1/loops', { token: opA, body: { name: 'shared' } });
          const query = { query: 'query($id: ID!) { loop(id: $id) { name version } }', variables: { id: loop.body.id } };
          const onFirst = await post(opA, query);
          expect(onFirst.body.data.loop.version).toBe(1);
          const before = await hits();
          const onOther = await call(other.baseUrl, 'POST', '/graphql', { token: opA, body: query });
          expect(onOther.body.data.loop.version).toBe(1);
          expect(await hits()).toBe(before); // the hit was counted by the other instance
          const changed = await call(other.baseUrl, 'POST', '/graphql', {
            token: opA,
            body: { query: 'mutation($id: ID!) { pauseLoop(id: $id) { version } }', variables: { id: loop.body.id } },
          });
          expect(changed.body.data.pauseLoop.version).toBe(2);
          expect((await post(opA, query)).body.data.loop.version).toBe(2);
        } finally {
          await other.close();
        }
      });
    }
  });
});
