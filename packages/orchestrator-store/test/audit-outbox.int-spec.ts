import { databaseTargets } from '@intelgraph/persistence/testing';
import type { ChangeEvent } from '../src/services/change-feed.service.js';
import { actorOf, countRows, openStoreFixture, type StoreFixture } from './support/store.fixture.js';

describe.each(databaseTargets())('audit, outbox and change feed on $name', (target) => {
  let f: StoreFixture;
  beforeAll(async () => {
    f = await openStoreFixture(target);
  });
  afterAll(async () => {
    await f.dispose();
  });

  it('records exactly one audit event and one outbox row per committed change, and the chain verifies', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    const loop = await f.store.loops.create(admin, { name: 'l' });
    await f.store.loops.pause(admin, loop.id);
    await expect(f.store.loops.pause(admin, loop.id)).rejects.toThrow(); // invalid transition: rolled back
    const agent = await f.store.agents.register(admin, { name: 'a', subject: 's', role: 'r', model: 'm', capabilities: [], routingWeight: 1 });
    await f.store.agents.heartbeat(admin, agent.id);
    for (let i = 0; i < 3; i++) await f.store.tasks.enqueue(admin, { queue: 'q', kind: 'k', payload: {} });
    await f.store.tasks.claim(admin, { queue: 'q', agentId: agent.id, limit: 3, leaseMs: 1000 });
    const committed = 1 + 1 + 1 + 1 + 3 + 3;
    expect(await countRows(f.dataSource, 'audit_events', tenant)).toBe(committed);
    expect(await countRows(f.dataSource, 'outbox_events', tenant)).toBe(committed);
    const joined: Array<{ n: number }> = await f.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events a JOIN outbox_events o ON o.tenant_id = a.tenant_id AND o.sequence = a.sequence WHERE a.tenant_id = $1`,
      [tenant],
    );
    expect(joined[0]?.n).toBe(committed);
    const verification = await f.store.audit.verify(admin);
    expect(verification).toMatchObject({ ok: true, count: committed });
  });

  it('records a multi-effect command as consecutive audit events, each with its outbox row, in effect order', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant, { requestId: 'req-claim' });
    const agent = await f.store.agents.register(admin, { name: 'a', subject: 's', role: 'r', model: 'm', capabilities: [], routingWeight: 1 });
    for (let i = 0; i < 4; i++) await f.store.tasks.enqueue(admin, { queue: 'q', kind: 'k', payload: { i } });
    const claimed = await f.store.tasks.claim(admin, { queue: 'q', agentId: agent.id, limit: 4, leaseMs: 1000 });
    expect(claimed).toHaveLength(4);
    const audit: Array<{ sequence: string; resource_id: string; action: string; request_id: string; changes: unknown }> = await f.dataSource.query(
      `SELECT sequence, resource_id, action, request_id, changes FROM audit_events WHERE tenant_id = $1 AND action = 'task:claim' ORDER BY sequence`,
      [tenant],
    );
    const outbox: Array<{ sequence: string; aggregate_type: string; aggregate_id: string; event_type: string; payload: unknown }> = await f.dataSource.query(
      `SELECT sequence, aggregate_type, aggregate_id, event_type, payload FROM outbox_events WHERE tenant_id = $1 AND event_type = 'task:claim' ORDER BY sequence`,
      [tenant],
    );
    const first = Number(audit[0]!.sequence);
    const changes = claimed.map((t) => ({ status: t.status, attempts: t.attempts, claimedBy: t.claimedBy }));
    expect(audit.map((a) => [Number(a.sequence), a.resource_id, a.request_id, a.changes])).toEqual(claimed.map((t, i) => [first + i, t.id, 'req-claim', changes[i]]));
    expect(outbox.map((o) => [Number(o.sequence), o.aggregate_type, o.aggregate_id, o.payload])).toEqual(claimed.map((t, i) => [first + i, 'task', t.id, changes[i]]));
    expect(await f.store.audit.verify(admin)).toMatchObject({ ok: true, count: first + 3 });
  });

  it('an agent heartbeats only itself', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    const agent = await f.store.agents.register(admin, { name: 'a', subject: 'self', role: 'r', model: 'm', capabilities: [], routingWeight: 1 });
    const other = actorOf(tenant, { subject: 'someone-else', roles: ['agent'], mfa: false });
    await expect(f.store.agents.heartbeat(other, agent.id)).rejects.toThrow('denied');
    const self = actorOf(tenant, { subject: 'self', roles: ['agent'], mfa: false, clearance: 'internal' });
    expect((await f.store.agents.heartbeat(self, agent.id)).lastHeartbeatAt).not.toBeNull();
  });

  it('watch yields outbox events in order from a cursor and stops on abort', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    const l1 = await f.store.loops.create(admin, { name: 'one' });
    const controller = new AbortController();
    const seen: ChangeEvent[] = [];
    const watching = (async () => {
      for await (const e of f.store.changes.watch(admin, 0, { signal: controller.signal, pollMs: 20 })) {
        seen.push(e);
        if (seen.length === 3) controller.abort();
      }
    })();
    await f.store.loops.pause(admin, l1.id);
    await f.store.loops.resume(admin, l1.id);
    await watching;
    expect(seen.map((e) => e.eventType)).toEqual(['loop:create', 'loop:pause', 'loop:resume']);
    expect(seen.map((e) => e.sequence)).toEqual([1, 2, 3]);
    const later: ChangeEvent[] = [];
    const c2 = new AbortController();
    for await (const e of f.store.changes.watch(admin, 2, { signal: c2.signal, pollMs: 20 })) {
      later.push(e);
      c2.abort();
    }
    expect(later.map((e) => e.sequence)).toEqual([3]);
  });
});
