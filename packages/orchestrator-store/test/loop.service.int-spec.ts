import { ConflictError, LeaseLostError, PolicyDeniedError, ValidationError } from '@intelgraph/domain';
import { databaseTargets } from '@intelgraph/persistence/testing';
import { FakeClock, actorOf, openStoreFixture, type StoreFixture } from './support/store.fixture.js';

const cycle = (fencingToken: number, n: number) => ({ fencingToken, monitor: { n }, analysis: {}, plan: {}, execution: {}, knowledge: {} });

describe.each(databaseTargets())('LoopService on $name', (target) => {
  let f: StoreFixture;
  const clock = new FakeClock();
  beforeAll(async () => {
    f = await openStoreFixture(target, { clock });
  });
  afterAll(async () => {
    await f.dispose();
  });

  it('fences a writer whose lease was taken over after expiry', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    const loop = await f.store.loops.create(admin, { name: 'mape' });
    const a = await f.store.loops.acquireLease(admin, loop.id, { owner: 'A', ttlMs: 1000 });
    await expect(f.store.loops.acquireLease(admin, loop.id, { owner: 'B', ttlMs: 1000 })).rejects.toBeInstanceOf(ConflictError);
    const c1 = await f.store.loops.recordCycle(admin, loop.id, cycle(a.fencingToken, 1));
    clock.advance(1500);
    const b = await f.store.loops.acquireLease(admin, loop.id, { owner: 'B', ttlMs: 1000 });
    expect(b.fencingToken).toBeGreaterThan(a.fencingToken);
    await expect(f.store.loops.recordCycle(admin, loop.id, cycle(a.fencingToken, 2))).rejects.toBeInstanceOf(LeaseLostError);
    const c2 = await f.store.loops.recordCycle(admin, loop.id, cycle(b.fencingToken, 2));
    expect(c1).toMatchObject({ sequence: 1, parentId: null });
    expect(c2).toMatchObject({ sequence: 2, parentId: c1.id });
    expect((await f.store.loops.latestCycle(admin, loop.id))?.id).toBe(c2.id);
    expect((await f.store.loops.cycles(admin, loop.id)).items.map((c) => c.id)).toEqual([c2.id, c1.id]);
    expect(await f.store.loops.get(admin, loop.id)).toMatchObject({ cycleCount: 2, latestCycleId: c2.id });
    clock.advance(1500);
    await expect(f.store.loops.recordCycle(admin, loop.id, cycle(b.fencingToken, 3))).rejects.toBeInstanceOf(LeaseLostError);
  });

  it('runs the lifecycle; retire needs MFA', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    const loop = await f.store.loops.create(admin, { name: 'l', config: { a: 1 } });
    const configured = await f.store.loops.configure(admin, loop.id, { expectedVersion: loop.version, config: { a: 2 } });
    expect(configured.config).toEqual({ a: 2 });
    expect((await f.store.loops.pause(admin, loop.id)).status).toBe('paused');
    expect((await f.store.loops.resume(admin, loop.id)).status).toBe('active');
    await expect(f.store.loops.retire(actorOf(tenant, { mfa: false }), loop.id)).rejects.toBeInstanceOf(PolicyDeniedError);
    expect((await f.store.loops.retire(admin, loop.id)).status).toBe('retired');
    expect((await f.store.loops.list(admin, { status: 'retired' })).items.map((l) => l.id)).toEqual([loop.id]);
  });

  it('reports bad input as a rejected promise, never a synchronous throw', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = f.store.loops.configure(admin, 'x', {} as never);
    }).not.toThrow();
    await expect(pending).rejects.toBeInstanceOf(ValidationError);
    const calls: Array<() => Promise<unknown>> = [
      () => f.store.loops.pause(admin, 'x'),
      () => f.store.loops.acquireLease(admin, 'x', {} as never),
      () => f.store.loops.recordCycle(admin, 'x', {} as never),
      () => f.store.loops.cycles(admin, 'x', { limit: -1 }),
      () => f.store.agents.update(admin, 'x', {} as never),
      () => f.store.agents.heartbeat(admin, 'x'),
      () => f.store.tasks.complete(admin, 'x', {} as never),
      () => f.store.tasks.cancel(admin, 'x'),
      () => f.store.tenants.suspend(admin, 'x'),
      () => f.store.audit.query(admin, {}, { limit: -1 }),
      () => f.store.playbooks.enable(admin, 'x'),
    ];
    for (const call of calls) {
      let p: Promise<unknown> | undefined;
      expect(() => {
        p = call();
      }).not.toThrow();
      await expect(p).rejects.toBeInstanceOf(ValidationError);
    }
  });
});
