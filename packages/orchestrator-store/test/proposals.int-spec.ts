import { ConflictError, InvalidTransitionError, PolicyDeniedError, ValidationError } from '@intelgraph/domain';
import { databaseTargets } from '@intelgraph/persistence/testing';
import type { Actor } from '../src/core/actor.types.js';
import { FakeClock, actorOf, countRows, openStoreFixture, type StoreFixture } from './support/store.fixture.js';

describe.each(databaseTargets())('ProposalService on $name', (target) => {
  let f: StoreFixture;
  const clock = new FakeClock();
  beforeAll(async () => {
    f = await openStoreFixture(target, { clock });
  });
  afterAll(async () => {
    await f.dispose();
  });

  const voter = (tenant: string, subject: string): Actor => actorOf(tenant, { subject, roles: ['analyst'], mfa: false });
  const inAnHour = (): string => new Date(clock.now().getTime() + 3_600_000).toISOString();

  it('validates the opening: unique voters, positive weights, quorum range, future deadline', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    const bad = await f.store.proposals
      .open(admin, { title: 't', voters: [{ voterId: 'a', weight: 0 }, { voterId: 'a', weight: 1 }], quorum: 1.5, threshold: 'simple_majority', deadline: inAnHour() })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).fields.map((x) => x.path).sort()).toEqual(['quorum', 'voters.0.weight', 'voters.1.voterId']);
    const past = new Date(clock.now().getTime() - 1000).toISOString();
    await expect(f.store.proposals.open(admin, { title: 't', voters: [{ voterId: 'a', weight: 1 }], quorum: 1, threshold: 'unanimous', deadline: past })).rejects.toBeInstanceOf(ValidationError);
  });

  it('denies an ineligible voter (audited), allows changing a vote, and closes early once decided', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    const voters = [{ voterId: 'v1', weight: 1 }, { voterId: 'v2', weight: 1 }, { voterId: 'v3', weight: 1 }];
    const p = await f.store.proposals.open(admin, { title: 'deploy', voters, quorum: 0.5, threshold: 'two_thirds', deadline: inAnHour() });
    await expect(f.store.proposals.vote(voter(tenant, 'mallory'), p.id, 'yes')).rejects.toBeInstanceOf(PolicyDeniedError);
    expect(await countRows(f.dataSource, 'audit_events', tenant, `AND outcome = 'denied' AND action = 'proposal:vote'`)).toBe(1);
    expect((await f.store.proposals.vote(voter(tenant, 'v1'), p.id, 'no')).closedAs).toBeNull();
    expect((await f.store.proposals.vote(voter(tenant, 'v1'), p.id, 'yes')).closedAs).toBeNull();
    await expect(f.store.proposals.close(admin, p.id)).rejects.toBeInstanceOf(ConflictError);
    const decided = await f.store.proposals.vote(voter(tenant, 'v2'), p.id, 'yes');
    expect(decided.closedAs).toBe('accepted');
    expect(decided.proposal).toMatchObject({ status: 'accepted', tally: { yes: 2, no: 0, abstain: 0 } });
    await expect(f.store.proposals.vote(voter(tenant, 'v3'), p.id, 'no')).rejects.toBeInstanceOf(InvalidTransitionError);
    expect((await f.store.proposals.votes(admin, p.id)).map((v) => v.voterId).sort()).toEqual(['v1', 'v2']);
    // open, 3 votes, 1 early close
    expect(await countRows(f.dataSource, 'audit_events', tenant, `AND outcome = 'allowed'`)).toBe(5);
    expect(await countRows(f.dataSource, 'outbox_events', tenant, `AND event_type = 'proposal:close'`)).toBe(1);
  });

  it('expires at the deadline (vote refused, proposal closed), closes overdue ones, and cancels', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    const voters = [{ voterId: 'v1', weight: 2 }, { voterId: 'v2', weight: 3 }];
    const late = await f.store.proposals.open(admin, { title: 'a', voters, quorum: 1, threshold: 'simple_majority', deadline: inAnHour() });
    const swept = await f.store.proposals.open(admin, { title: 'b', voters, quorum: 0.3, threshold: 'unanimous', deadline: inAnHour() });
    const cancelled = await f.store.proposals.open(admin, { title: 'c', voters, quorum: 1, threshold: 'unanimous', deadline: inAnHour() });
    expect((await f.store.proposals.vote(voter(tenant, 'v2'), swept.id, 'yes')).closedAs).toBeNull();
    expect((await f.store.proposals.cancel(admin, cancelled.id)).status).toBe('cancelled');
    clock.advance(3_600_000);
    await expect(f.store.proposals.vote(voter(tenant, 'v1'), late.id, 'yes')).rejects.toBeInstanceOf(ConflictError);
    expect((await f.store.proposals.get(admin, late.id)).status).toBe('expired');
    const closed = await f.store.proposals.closeOverdue(admin, 10);
    expect(closed.map((p) => [p.id, p.status])).toEqual([[swept.id, 'accepted']]);
    await expect(f.store.proposals.cancel(admin, swept.id)).rejects.toBeInstanceOf(InvalidTransitionError);
  });

  it('keeps the tally exact under 20 concurrent voters, with one audit event per vote', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    const voters = Array.from({ length: 20 }, (_, i) => ({ voterId: `v${i}`, weight: i + 1 }));
    const choices = ['yes', 'no', 'abstain'] as const;
    // unanimous with quorum 1: stays open until the last vote, so every vote lands while open.
    const p = await f.store.proposals.open(admin, { title: 'race', voters, quorum: 1, threshold: 'unanimous', deadline: inAnHour() });
    const choiceOf = (i: number): (typeof choices)[number] => choices[i % 3]!;
    const cast = (i: number) => f.store.proposals.vote(voter(tenant, `v${i}`), p.id, choiceOf(i));
    if (target.name === 'postgres') await Promise.all(voters.map((_, i) => cast(i)));
    else for (let i = 0; i < voters.length; i++) await cast(i);
    const expected = { yes: 0, no: 0, abstain: 0 };
    voters.forEach((v, i) => (expected[choiceOf(i)] += v.weight));
    const after = await f.store.proposals.get(admin, p.id);
    expect(after.tally).toEqual(expected);
    expect(after.status).toBe('rejected');
    expect(await f.store.proposals.votes(admin, p.id)).toHaveLength(20);
    const perVote: Array<{ n: number }> = await f.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE tenant_id = $1 AND action = 'proposal:vote' AND changes ? 'voterId' GROUP BY changes->>'voterId'`,
      [tenant],
    );
    expect(perVote).toHaveLength(20);
    expect(perVote.every((r) => r.n === 1)).toBe(true);
  });
});
