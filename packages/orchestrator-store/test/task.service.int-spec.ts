import { LeaseLostError, PolicyDeniedError, type ValidationError } from '@intelgraph/domain';
import { databaseTargets } from '@intelgraph/persistence/testing';
import type { Actor } from '../src/core/actor.types.js';
import { FakeClock, actorOf, openStoreFixture, type StoreFixture } from './support/store.fixture.js';

describe.each(databaseTargets())('TaskService on $name', (target) => {
  let f: StoreFixture;
  const clock = new FakeClock();
  beforeAll(async () => {
    f = await openStoreFixture(target, { clock });
  });
  afterAll(async () => {
    await f.dispose();
  });

  async function setup(): Promise<{ admin: Actor; agentId: string; agent: Actor }> {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    const a = await f.store.agents.register(admin, { name: 'w', subject: 'agent-w', role: 'worker', model: 'm', capabilities: ['x'], routingWeight: 1 });
    return { admin, agentId: a.id, agent: actorOf(tenant, { subject: 'agent-w', roles: ['agent'], clearance: 'internal', mfa: false }) };
  }

  it('enqueues idempotently and refuses oversized payloads, listing every bad field', async () => {
    const { admin } = await setup();
    const t1 = await f.store.tasks.enqueue(admin, { queue: 'q', kind: 'k', payload: { a: 1 }, idempotencyKey: 'k1' });
    const t2 = await f.store.tasks.enqueue(admin, { queue: 'q', kind: 'k', payload: { a: 2 }, idempotencyKey: 'k1' });
    expect(t2.id).toBe(t1.id);
    const audit = await f.store.audit.query(admin, { action: 'task:enqueue' });
    expect(audit.items).toHaveLength(1);
    const error = await f.store.tasks.enqueue(admin, { queue: '', kind: 'k', payload: 'x'.repeat(70 * 1024), priority: 5000 }).catch((e: unknown) => e);
    expect((error as ValidationError).fields.map((x) => x.path).sort()).toEqual(['payload', 'priority', 'queue']);
  });

  it('refuses a stale claimant; fail → retry_wait with backoff → dead → redrive', async () => {
    const { admin, agentId, agent } = await setup();
    const task = await f.store.tasks.enqueue(admin, { queue: 'q', kind: 'k', payload: {}, maxAttempts: 2 });
    const [c1] = await f.store.tasks.claim(agent, { queue: 'q', agentId, limit: 1, leaseMs: 1000 });
    expect(c1?.id).toBe(task.id);
    const failed = await f.store.tasks.fail(agent, task.id, { leaseToken: c1!.leaseToken!, error: 'boom' });
    expect(failed.status).toBe('retry_wait');
    expect(failed.runAt.getTime()).toBeGreaterThan(clock.now().getTime());
    expect(await f.store.tasks.claim(agent, { queue: 'q', agentId, limit: 1, leaseMs: 1000 })).toEqual([]);
    clock.advance(5 * 60_000);
    const [c2] = await f.store.tasks.claim(agent, { queue: 'q', agentId, limit: 1, leaseMs: 1000 });
    await expect(f.store.tasks.complete(agent, task.id, { leaseToken: c1!.leaseToken!, result: 1 })).rejects.toBeInstanceOf(LeaseLostError);
    expect((await f.store.tasks.fail(agent, task.id, { leaseToken: c2!.leaseToken!, error: 'again' })).status).toBe('dead');
    expect((await f.store.tasks.listDead(admin)).items.map((t) => t.id)).toEqual([task.id]);
    await expect(f.store.tasks.redrive(agent, task.id)).rejects.toBeInstanceOf(PolicyDeniedError);
    expect(await f.store.tasks.redrive(admin, task.id)).toMatchObject({ status: 'queued', attempts: 0 });
    const [c3] = await f.store.tasks.claim(agent, { queue: 'q', agentId, limit: 1, leaseMs: 1000 });
    clock.advance(2000);
    await expect(f.store.tasks.complete(agent, task.id, { leaseToken: c3!.leaseToken!, result: 1 })).rejects.toBeInstanceOf(LeaseLostError);
    expect((await f.store.tasks.reclaimExpired(admin)).map((t) => t.status)).toEqual(['queued']);
    const [c4] = await f.store.tasks.claim(agent, { queue: 'q', agentId, limit: 1, leaseMs: 1000 });
    expect((await f.store.tasks.complete(agent, task.id, { leaseToken: c4!.leaseToken!, result: { ok: true } })).status).toBe('succeeded');
  });

  it('an agent cannot claim for another agent', async () => {
    const { admin, agentId } = await setup();
    const other = actorOf(admin.tenantId, { subject: 'agent-other', roles: ['agent'], mfa: false });
    await expect(f.store.tasks.claim(other, { queue: 'q', agentId, limit: 1, leaseMs: 1000 })).rejects.toBeInstanceOf(PolicyDeniedError);
  });

  if (target.name === 'postgres') {
    it('8 concurrent claimers × 5 over 100 tasks never claim a task twice and claim them all', async () => {
      const { admin, agentId } = await setup();
      for (let i = 0; i < 100; i++) await f.store.tasks.enqueue(admin, { queue: 'c', kind: 'k', payload: { i } });
      const claimer = async (): Promise<string[]> => {
        const ids: string[] = [];
        for (let round = 0; round < 5; round++) {
          const got = await f.store.tasks.claim(admin, { queue: 'c', agentId, limit: 5, leaseMs: 60_000 });
          ids.push(...got.map((t) => t.id));
        }
        return ids;
      };
      const all = (await Promise.all(Array.from({ length: 8 }, claimer))).flat();
      expect(new Set(all).size).toBe(all.length);
      let rest: string[] = [];
      do {
        rest = (await f.store.tasks.claim(admin, { queue: 'c', agentId, limit: 50, leaseMs: 60_000 })).map((t) => t.id);
        all.push(...rest);
      } while (rest.length > 0);
      expect(new Set(all).size).toBe(100);
      expect(all).toHaveLength(100);
    });
  }
});
