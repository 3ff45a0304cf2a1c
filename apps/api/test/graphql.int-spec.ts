/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- GraphQL reply bodies are untyped JSON */
import { databaseTargets } from '@intelgraph/persistence/testing';
import { call, startHarness, token, type Harness } from './api.harness.js';

describe.each(databaseTargets())('GraphQL ($name database)', (target) => {
  let h: Harness;
  let tenant: string;
  let op: string;
  const gql = (t: string | undefined, query: string, variables: Record<string, unknown> = {}): ReturnType<typeof call> =>
    call(h.baseUrl, 'POST', '/graphql', { ...(t ? { token: t } : {}), body: { query, variables } });

  beforeAll(async () => {
    h = await startHarness(target);
    tenant = await h.tenant();
    op = await token({ tid: tenant, roles: ['operator'] });
  });
  afterAll(async () => {
    await h.close();
  });

  it('creates and lists loops, with private caching headers', async () => {
    const created = await gql(op, 'mutation($n: String!, $c: JSON) { createLoop(name: $n, config: $c) { id name config version } }', { n: 'g1', c: { a: 1 } });
    expect(created.status).toBe(200);
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data.createLoop).toMatchObject({ name: 'g1', config: { a: 1 }, version: 1 });
    const listed = await gql(op, '{ loops { items { id name } nextCursor } }');
    expect(listed.headers.get('cache-control')).toBe('private, no-cache');
    expect(listed.headers.get('vary')).toMatch(/Authorization/i);
    expect(listed.body.data.loops.items.map((l: { name: string }) => l.name)).toContain('g1');
    const one = await gql(op, 'query($id: ID!) { loop(id: $id) { id name createdAt } }', { id: created.body.data.createLoop.id });
    expect(one.body.data.loop.name).toBe('g1');
  });

  it('serves repeated queries from the cache and invalidates it on changes made through REST', async () => {
    const first = await gql(op, '{ tasks(queue: "gq") { items { id kind } } }');
    expect(first.body.data.tasks.items).toHaveLength(0);
    const before = await call(h.baseUrl, 'GET', '/metrics');
    const hitsBefore = Number(/cache_requests_total\{result="hit"\} (\d+)/.exec(before.body as string)?.[1] ?? 0);
    await gql(op, '{ tasks(queue: "gq") { items { id kind } } }');
    const after = await call(h.baseUrl, 'GET', '/metrics');
    expect(Number(/cache_requests_total\{result="hit"\} (\d+)/.exec(after.body as string)?.[1] ?? 0)).toBe(hitsBefore + 1);
    const rest = await call(h.baseUrl, 'POST', '/api/v1/tasks', { token: op, body: { queue: 'gq', kind: 'via-rest', payload: {} } });
    expect(rest.status).toBe(201);
    let items: unknown[] = [];
    for (let i = 0; i < 40 && items.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      items = (await gql(op, '{ tasks(queue: "gq") { items { id kind } } }')).body.data.tasks.items as unknown[];
    }
    expect(items).toHaveLength(1);
  });

  it('enqueues tasks and casts votes through mutations', async () => {
    const task = await gql(op, 'mutation { enqueueTask(queue: "g", kind: "k", payload: {x: 1}) { id status payload } }');
    expect(task.body.data.enqueueTask).toMatchObject({ status: 'queued', payload: { x: 1 } });
    const deadline = new Date(Date.now() + 3_600_000).toISOString();
    const p = await call(h.baseUrl, 'POST', '/api/v1/proposals', { token: op, body: { title: 'T', voters: [{ voterId: 'alice', weight: 1 }], quorum: 1, threshold: 'unanimous', deadline } });
    const vote = await gql(op, 'mutation($id: ID!) { castVote(proposalId: $id, choice: "yes") { closedAs proposal { id status } } }', { id: p.body.id });
    expect(vote.body.errors).toBeUndefined();
    expect(vote.body.data.castVote).toMatchObject({ closedAs: 'accepted', proposal: { status: 'accepted' } });
    const listed = await gql(op, '{ proposals { items { id status } } }');
    expect(listed.body.data.proposals.items).toEqual(expect.arrayContaining([{ id: p.body.id, status: 'accepted' }]));
  });

  it('reports authentication, policy and validation failures as GraphQL errors with codes', async () => {
    const anon = await gql(undefined, '{ loops { items { id } } }');
    expect(anon.body.errors[0].extensions.code).toBe('unauthenticated');
    const viewer = await token({ tid: tenant, roles: ['viewer'] });
    const denied = await gql(viewer, 'mutation { createLoop(name: "x") { id } }');
    expect(denied.body.errors[0].extensions).toMatchObject({ code: 'policy_denied', reasons: ['role_not_permitted'] });
    const invalid = await gql(op, 'mutation { createLoop(name: "") { id } }');
    expect(invalid.body.errors[0].extensions.code).toBe('validation_failed');
    expect(invalid.body.errors[0].extensions.fields[0].path).toBe('name');
  });

  it('answers queries over GET (an apollo-require-preflight header does no harm)', async () => {
    const q = encodeURIComponent('{ loops(limit: 1) { items { id } } }');
    const r = await call(h.baseUrl, 'GET', `/graphql?query=${q}`, { token: op, headers: { 'apollo-require-preflight': 'true' } });
    expect(r.status).toBe(200);
    expect(r.body.data.loops.items).toHaveLength(1);
  });
});
