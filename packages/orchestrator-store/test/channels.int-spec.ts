import { InvalidTransitionError, PolicyDeniedError, type ChannelMessage } from '@intelgraph/domain';
import { databaseTargets } from '@intelgraph/persistence/testing';
import type { Actor } from '../src/core/actor.types.js';
import { actorOf, countRows, openStoreFixture, type StoreFixture } from './support/store.fixture.js';

async function collect(source: AsyncIterable<ChannelMessage>, count: number): Promise<number[]> {
  const seen: number[] = [];
  for await (const m of source) {
    seen.push(m.sequence);
    if (seen.length >= count) break;
  }
  return seen;
}

describe.each(databaseTargets())('ChannelService on $name', (target) => {
  let f: StoreFixture;
  beforeAll(async () => {
    f = await openStoreFixture(target);
  });
  afterAll(async () => {
    await f.dispose();
  });

  const agent = (tenant: string, subject: string): Actor => actorOf(tenant, { subject, roles: ['agent'], mfa: false });

  it('creates with the creator as member, posts gapless sequences, reads, acks monotonically, archives', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    const c = await f.store.channels.create(admin, { name: 'ops', members: ['agent-a'] });
    expect((await f.store.channels.members(admin, c.id)).map((m) => m.memberId)).toEqual(['admin@t', 'agent-a']);
    const a = agent(tenant, 'agent-a');
    for (let i = 1; i <= 3; i++) await f.store.channels.post(i % 2 ? admin : a, c.id, { n: i });
    const read = await f.store.channels.read(a, c.id, { after: 1 });
    expect(read.map((m) => [m.sequence, m.body])).toEqual([[2, { n: 2 }], [3, { n: 3 }]]);
    expect((await f.store.channels.ack(a, c.id, 2)).ackedSequence).toBe(2);
    expect((await f.store.channels.ack(a, c.id, 1)).ackedSequence).toBe(2);
    await f.store.channels.archive(admin, c.id);
    await expect(f.store.channels.post(admin, c.id, 'late')).rejects.toBeInstanceOf(InvalidTransitionError);
    expect((await f.store.channels.ack(a, c.id, 3)).ackedSequence).toBe(3);
    // create, 3 posts, 3 acks, archive
    expect(await countRows(f.dataSource, 'audit_events', tenant, `AND outcome = 'allowed'`)).toBe(8);
    expect(await countRows(f.dataSource, 'outbox_events', tenant)).toBe(8);
  });

  it('confines agents to their channels: denied posts are audited; lists show only their channels', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    const mine = await f.store.channels.create(admin, { name: 'mine', members: ['agent-a'] });
    const other = await f.store.channels.create(admin, { name: 'other' });
    const a = agent(tenant, 'agent-a');
    await expect(f.store.channels.post(a, other.id, 'hi')).rejects.toBeInstanceOf(PolicyDeniedError);
    await expect(f.store.channels.read(a, other.id)).rejects.toBeInstanceOf(PolicyDeniedError);
    expect(await countRows(f.dataSource, 'audit_events', tenant, `AND outcome = 'denied' AND action = 'channel:post'`)).toBe(1);
    expect((await f.store.channels.list(a)).items.map((c) => c.id)).toEqual([mine.id]);
    expect((await f.store.channels.list(admin)).items).toHaveLength(2);
    await f.store.channels.addMembers(admin, other.id, ['agent-a']);
    expect((await f.store.channels.post(a, other.id, 'now')).sequence).toBe(1);
  });

  it('delivers 1..N in order to a live subscriber while another actor posts, and resumes from a cursor', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    const c = await f.store.channels.create(admin, { name: 'live', members: ['agent-a', 'agent-b'] });
    const n = 25;
    const controller = new AbortController();
    const live = collect(f.store.channels.subscribe(agent(tenant, 'agent-a'), c.id, { fromSequence: 0, signal: controller.signal, pollIntervalMs: 200 }), n);
    const poster = agent(tenant, 'agent-b');
    const posting = (async () => {
      for (let i = 1; i <= n; i++) {
        await f.store.channels.post(poster, c.id, { i });
        if (i % 5 === 0) await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await posting;
    const expected = Array.from({ length: n }, (_, i) => i + 1);
    await expect(live).resolves.toEqual(expected);
    controller.abort();
    const k = 10;
    const resumed = await collect(f.store.channels.subscribe(agent(tenant, 'agent-a'), c.id, { fromSequence: k, pollIntervalMs: 200 }), n - k);
    expect(resumed).toEqual(expected.slice(k));
  });

  it('wakes on NOTIFY without waiting for the poll on PostgreSQL (embedded PGlite relies on the poll)', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    const c = await f.store.channels.create(admin, { name: 'notify' });
    // A 20 s poll on PostgreSQL: delivery within 5 s proves LISTEN/NOTIFY woke the subscriber.
    const pollIntervalMs = target.name === 'postgres' ? 20_000 : 300;
    const iterator = f.store.channels.subscribe(admin, c.id, { pollIntervalMs })[Symbol.asyncIterator]();
    const first = iterator.next();
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    await f.store.channels.post(admin, c.id, 'ping');
    await expect(first).resolves.toMatchObject({ done: false, value: { sequence: 1, body: 'ping' } });
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(iterator.return(undefined)).resolves.toMatchObject({ done: true });
  });

  it('ends the subscription when the signal aborts', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    const c = await f.store.channels.create(admin, { name: 'quiet' });
    const controller = new AbortController();
    const iterating = collect(f.store.channels.subscribe(admin, c.id, { signal: controller.signal, pollIntervalMs: 5000 }), 1);
    setTimeout(() => controller.abort(), 100);
    await expect(iterating).resolves.toEqual([]);
  });
});
