import { PolicyDeniedError, uuidv7, ValidationError } from '@intelgraph/domain';
import { databaseTargets } from '@intelgraph/persistence/testing';
import { FakeClock, actorOf, openStoreFixture, type StoreFixture } from './support/store.fixture.js';

const cycle = (fencingToken: number, n: number) => ({ fencingToken, monitor: { n }, analysis: {}, plan: {}, execution: {}, knowledge: {} });

describe.each(databaseTargets())('store batch reads on $name', (target) => {
  let f: StoreFixture;
  const clock = new FakeClock();
  beforeAll(async () => {
    f = await openStoreFixture(target, { clock });
  });
  afterAll(async () => {
    await f.dispose();
  });

  it('loops.latestCycles: the latest cycle per loop in id order; null without a cycle, when absent or of another tenant', async () => {
    const tenant = await f.newTenant();
    const other = await f.newTenant();
    const admin = actorOf(tenant);
    const foreignAdmin = actorOf(other);
    const a = await f.store.loops.create(admin, { name: 'a' });
    const b = await f.store.loops.create(admin, { name: 'b' });
    const empty = await f.store.loops.create(admin, { name: 'empty' });
    const foreign = await f.store.loops.create(foreignAdmin, { name: 'foreign' });
    const leaseA = await f.store.loops.acquireLease(admin, a.id, { owner: 'w', ttlMs: 60_000 });
    await f.store.loops.recordCycle(admin, a.id, cycle(leaseA.fencingToken, 1));
    const a2 = await f.store.loops.recordCycle(admin, a.id, cycle(leaseA.fencingToken, 2));
    const leaseB = await f.store.loops.acquireLease(admin, b.id, { owner: 'w', ttlMs: 60_000 });
    const b1 = await f.store.loops.recordCycle(admin, b.id, cycle(leaseB.fencingToken, 1));
    const leaseF = await f.store.loops.acquireLease(foreignAdmin, foreign.id, { owner: 'w', ttlMs: 60_000 });
    await f.store.loops.recordCycle(foreignAdmin, foreign.id, cycle(leaseF.fencingToken, 1));

    const got = await f.store.loops.latestCycles(admin, [b.id, foreign.id, a.id, empty.id, uuidv7(), b.id]);
    expect(got.map((c) => c?.id ?? null)).toEqual([b1.id, null, a2.id, null, null, b1.id]);
    expect(got[2]).toEqual(a2);
    expect(got[2]).toMatchObject({ loopId: a.id, sequence: 2, fencingToken: leaseA.fencingToken, monitor: { n: 2 } });
    expect(await f.store.loops.latestCycles(admin, [])).toEqual([]);
  });

  it('agents.getMany: agents in id order; null when absent, of another tenant or above the clearance', async () => {
    const tenant = await f.newTenant();
    const other = await f.newTenant();
    const admin = actorOf(tenant);
    const reg = (subject: string, classification: 'internal' | 'restricted', actor = admin) =>
      f.store.agents.register(actor, { name: subject, subject, role: 'worker', model: 'm', capabilities: ['c'], routingWeight: 10, classification });
    const open = await reg('open', 'internal');
    const secret = await reg('secret', 'restricted');
    const foreign = await reg('foreign', 'internal', actorOf(other));

    const ids = [secret.id, foreign.id, open.id, uuidv7()];
    expect(await f.store.agents.getMany(admin, ids)).toEqual([secret, null, open, null]);
    expect(await f.store.agents.getMany(actorOf(tenant, { clearance: 'internal' }), ids)).toEqual([null, null, open, null]);
  });

  it('proposals.votesFor: the votes of each proposal (oldest first) in id order; empty when absent or of another tenant', async () => {
    const tenant = await f.newTenant();
    const other = await f.newTenant();
    const admin = actorOf(tenant);
    const voter = (t: string, subject: string) => actorOf(t, { subject, roles: ['analyst'], mfa: false });
    const voters = [{ voterId: 'v1', weight: 2 }, { voterId: 'v2', weight: 1 }, { voterId: 'v3', weight: 1 }, { voterId: 'v4', weight: 1 }];
    const deadline = new Date(clock.now().getTime() + 3_600_000).toISOString();
    const open = (actor = admin) => f.store.proposals.open(actor, { title: 't', voters, quorum: 1, threshold: 'unanimous', deadline });
    const p = await open();
    const q = await open();
    const silent = await open();
    const foreign = await open(actorOf(other));
    await f.store.proposals.vote(voter(tenant, 'v2'), p.id, 'yes');
    clock.advance(1000);
    await f.store.proposals.vote(voter(tenant, 'v1'), p.id, 'yes');
    await f.store.proposals.vote(voter(tenant, 'v3'), q.id, 'no');
    await f.store.proposals.vote(voter(other, 'v1'), foreign.id, 'yes');

    const got = await f.store.proposals.votesFor(admin, [q.id, foreign.id, p.id, silent.id, uuidv7()]);
    expect(got).toEqual([await f.store.proposals.votes(admin, q.id), [], await f.store.proposals.votes(admin, p.id), [], []]);
    expect(got[2]!.map((v) => [v.voterId, v.weight])).toEqual([['v2', 1], ['v1', 2]]);
    expect(got[0]).toEqual([expect.objectContaining({ proposalId: q.id, voterId: 'v3', choice: 'no', weight: 1 })]);
  });

  it('playbooks.versionsByIds: versions in id order; null when absent or of another tenant', async () => {
    const tenant = await f.newTenant();
    const other = await f.newTenant();
    const admin = actorOf(tenant);
    const steps = [{ key: 'isolate', action: 'host.isolate', params: { host: 'h1' } }];
    const pb = await f.store.playbooks.create(admin, { name: 'p' });
    const v1 = await f.store.playbooks.createVersion(admin, pb.id, { steps });
    const v2 = await f.store.playbooks.createVersion(admin, pb.id, { steps });
    const foreignPb = await f.store.playbooks.create(actorOf(other), { name: 'p' });
    const foreign = await f.store.playbooks.createVersion(actorOf(other), foreignPb.id, { steps });

    expect(await f.store.playbooks.versionsByIds(admin, [v2.id, foreign.id, v1.id, uuidv7()])).toEqual([v2, null, v1, null]);
  });

  it('checks the policy and validates the ids', async () => {
    const tenant = await f.newTenant();
    const nobody = actorOf(tenant, { roles: [] });
    const id = uuidv7();
    await expect(f.store.loops.latestCycles(nobody, [id])).rejects.toBeInstanceOf(PolicyDeniedError);
    await expect(f.store.agents.getMany(nobody, [id])).rejects.toBeInstanceOf(PolicyDeniedError);
    await expect(f.store.proposals.votesFor(nobody, [id])).rejects.toBeInstanceOf(PolicyDeniedError);
    await expect(f.store.playbooks.versionsByIds(nobody, [id])).rejects.toBeInstanceOf(PolicyDeniedError);
    await expect(f.store.agents.getMany(actorOf(tenant), ['not-a-uuid'])).rejects.toBeInstanceOf(ValidationError);
  });
});
