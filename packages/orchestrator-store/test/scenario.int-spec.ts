/**
 * End-to-end scenario, written as a user of the library writes it: only the public entries
 * (`@intelgraph/orchestrator-store`, `@intelgraph/domain`, `@intelgraph/audit`,
 * `@intelgraph/persistence/testing`). Tenant A goes through every capability of the store while
 * tenant B, with the same roles, sees none of it; at the end every committed change of A has
 * exactly one `allowed` audit event and one outbox row, and A's chain verifies.
 */
import { AuditChainVerifier } from '@intelgraph/audit';
import {
  NotFoundError,
  PLATFORM_TENANT_ID,
  PolicyDeniedError,
  TENANT_UNIT_OF_WORK,
  type ChannelMessage,
  type Clock,
  type PlaybookStep,
} from '@intelgraph/domain';
import { databaseTargets, openTestDataSource } from '@intelgraph/persistence/testing';
// The scenario deliberately uses the package's public entry, as a consumer would.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createOrchestratorContainer, type Actor, type ChangeEvent, type OrchestratorContainer, type OrchestratorStore } from '@intelgraph/orchestrator-store';
import type { DataSource } from 'typeorm';

class ManualClock implements Clock {
  private current = new Date('2031-06-01T00:00:00.000Z');
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

const platformAdmin: Actor = { subject: 'platform-admin', tenantId: PLATFORM_TENANT_ID, roles: ['platform_admin'], clearance: 'restricted', mfa: true };
const admin = (tenantId: string, overrides: Partial<Actor> = {}): Actor => ({ subject: 'admin@t', tenantId, roles: ['tenant_admin'], clearance: 'restricted', mfa: true, ...overrides });
const agentActor = (tenantId: string, subject: string): Actor => ({ subject, tenantId, roles: ['agent'], clearance: 'internal', mfa: false });

async function take<T>(source: AsyncIterable<T>, count: number): Promise<T[]> {
  const out: T[] = [];
  if (count === 0) return out;
  for await (const item of source) {
    out.push(item);
    if (out.length >= count) break;
  }
  return out;
}

describe.each(databaseTargets())('orchestrator store scenario on $name', (target) => {
  let dataSource: DataSource;
  let built: OrchestratorContainer;
  let store: OrchestratorStore;
  const clock = new ManualClock();

  beforeAll(async () => {
    dataSource = await openTestDataSource(target);
    built = await createOrchestratorContainer({ database: { dataSource }, clock });
    store = built.store;
  });
  afterAll(async () => {
    await built.close();
    await dataSource.destroy();
  });

  const slugs: Record<string, string> = {};
  const provision = async (label: string): Promise<string> => {
    const slug = `scn-${label}-${process.pid}-${Date.now().toString(36)}`;
    slugs[label] = slug;
    return (await store.tenants.provision(platformAdmin, { slug, name: slug })).id;
  };
  const rows = async (sql: string, params: unknown[]): Promise<number> => {
    const r: Array<{ n: number }> = await dataSource.query(sql, params);
    return r[0]?.n ?? 0;
  };

  it('drives tenant A through every capability; tenant B sees none of it; audit and outbox agree one to one', async () => {
    const tenantA = await provision('a');
    const tenantB = await provision('b');
    // The database is shared with other suites, so look the new tenants up rather than expecting them on one page.
    expect((await store.tenants.getBySlug(platformAdmin, slugs['a'] ?? '')).id).toBe(tenantA);
    expect((await store.tenants.getBySlug(platformAdmin, slugs['b'] ?? '')).id).toBe(tenantB);
    await expect(store.tenants.getBySlug(admin(tenantA), slugs['b'] ?? '')).rejects.toBeInstanceOf(NotFoundError);
    const a = admin(tenantA);
    const b = admin(tenantB);
    const ids: Record<string, string> = {};

    // Tenant
    const retained = await store.tenants.updateRetention(a, { finishedTaskDays: 90, channelMessageDays: 90, auditDays: 3650 });
    expect(retained.retention).toEqual({ finishedTaskDays: 90, channelMessageDays: 90, auditDays: 3650 });

    // Loops
    const loop = await store.loops.create(a, { name: 'capacity', config: { target: 0.7 } });
    ids['loop'] = loop.id;
    const configured = await store.loops.configure(a, loop.id, { expectedVersion: loop.version, config: { target: 0.8 }, description: 'cpu' });
    expect(configured).toMatchObject({ config: { target: 0.8 }, description: 'cpu' });
    expect((await store.loops.pause(a, loop.id)).status).toBe('paused');
    expect((await store.loops.resume(a, loop.id)).status).toBe('active');
    const lease = await store.loops.acquireLease(a, loop.id, { owner: 'worker-1', ttlMs: 60_000 });
    const cycle = (n: number) => ({ fencingToken: lease.fencingToken, monitor: { n }, analysis: {}, plan: {}, execution: {}, knowledge: {} });
    const c1 = await store.loops.recordCycle(a, loop.id, cycle(1));
    const c2 = await store.loops.recordCycle(a, loop.id, cycle(2));
    const c3 = await store.loops.recordCycle(a, loop.id, cycle(3));
    expect([c1.parentId, c2.parentId, c3.parentId]).toEqual([null, c1.id, c2.id]);
    expect((await store.loops.latestCycle(a, loop.id))?.id).toBe(c3.id);
    expect((await store.loops.cycles(a, loop.id)).items.map((c) => c.sequence)).toEqual([3, 2, 1]);
    await expect(store.loops.retire(admin(tenantA, { mfa: false }), loop.id)).rejects.toBeInstanceOf(PolicyDeniedError);
    expect((await store.loops.retire(a, loop.id)).status).toBe('retired');

    // Agents
    const worker = await store.agents.register(a, { name: 'worker', subject: 'agent-w', role: 'worker', model: 'm1', capabilities: ['code', 'test'], routingWeight: 1, heartbeatTtlMs: 1000 });
    const reviewer = await store.agents.register(a, { name: 'reviewer', subject: 'agent-r', role: 'reviewer', model: 'm1', capabilities: ['review'], routingWeight: 1, heartbeatTtlMs: 1000 });
    ids['agent'] = worker.id;
    const updated = await store.agents.update(a, reviewer.id, { expectedVersion: reviewer.version, model: 'm2', capabilities: ['review', 'code'] });
    expect(updated).toMatchObject({ model: 'm2', capabilities: ['review', 'code'] });
    await expect(store.agents.route(admin(tenantA, { mfa: false }), worker.id, { expectedVersion: worker.version, routingWeight: 5 })).rejects.toBeInstanceOf(PolicyDeniedError);
    expect((await store.agents.route(a, worker.id, { expectedVersion: worker.version, routingWeight: 5 })).routingWeight).toBe(5);
    await store.agents.heartbeat(agentActor(tenantA, 'agent-w'), worker.id);
    await store.agents.heartbeat(a, reviewer.id);
    expect((await store.agents.list(a, { reachable: true })).items.map((x) => x.id).sort()).toEqual([worker.id, reviewer.id].sort());
    clock.advance(1500);
    expect((await store.agents.list(a, { reachable: true })).items).toEqual([]);
    expect((await store.agents.list(a, { reachable: false })).items.map((x) => x.id).sort()).toEqual([worker.id, reviewer.id].sort());
    await store.agents.heartbeat(agentActor(tenantA, 'agent-w'), worker.id);
    expect((await store.agents.list(a, { reachable: true })).items.map((x) => x.id)).toEqual([worker.id]);
    expect((await store.agents.suspend(a, reviewer.id)).status).toBe('suspended');
    expect((await store.agents.list(a, { status: 'suspended' })).items.map((x) => x.id)).toEqual([reviewer.id]);
    expect((await store.agents.resume(a, reviewer.id)).status).toBe('active');
    expect((await store.agents.list(a, { capabilities: ['code'] })).items.map((x) => x.id).sort()).toEqual([worker.id, reviewer.id].sort());
    expect((await store.agents.retire(a, reviewer.id)).status).toBe('retired');
    expect((await store.agents.list(a, { capabilities: ['code'], status: 'active' })).items.map((x) => x.id)).toEqual([worker.id]);
    expect((await store.agents.get(a, reviewer.id)).status).toBe('retired');

    // Experiments
    const variants = [{ key: 'control', weight: 50 }, { key: 'treatment', weight: 50 }];
    const exp = await store.experiments.create(a, { name: 'latency', hypothesis: 'faster', variants });
    ids['experiment'] = exp.id;
    expect((await store.experiments.start(a, exp.id, { expectedVersion: exp.version })).status).toBe('running');
    for (const [variantKey, value] of [['control', 10], ['control', 30], ['treatment', 5]] as const) await store.experiments.observe(a, exp.id, { variantKey, metric: 'ms', value });
    const results = await store.experiments.results(a, exp.id, 'ms');
    expect(results.find((r) => r.variantKey === 'control')).toMatchObject({ count: 2, mean: 20 });
    expect(results.find((r) => r.variantKey === 'treatment')).toMatchObject({ count: 1, mean: 5 });
    const guarded = await store.experiments.create(a, { name: 'errors', variants, guardrail: { metric: 'error_rate', threshold: 0.1, direction: 'above' } });
    await store.experiments.start(a, guarded.id);
    const tripped = await store.experiments.observe(a, guarded.id, { variantKey: 'treatment', metric: 'error_rate', value: 0.5 });
    expect(tripped.guardrailBreach?.variantKey).toBe('treatment');
    expect((await store.experiments.get(a, guarded.id)).status).toBe('aborted');
    expect((await store.experiments.conclude(a, exp.id, { conclusion: 'treatment wins' })).status).toBe('concluded');

    // Playbooks
    const pb = await store.playbooks.create(a, { name: 'contain' });
    ids['playbook'] = pb.id;
    const steps: PlaybookStep[] = [{ key: 'isolate', action: 'host.isolate', params: { host: 'h1' } }, { key: 'notify', action: 'chat.post', params: {} }];
    const v1 = await store.playbooks.createVersion(a, pb.id, { steps: [steps[0]!] });
    const v1b = await store.playbooks.updateVersion(a, v1.id, { expectedVersion: v1.version, steps });
    expect(v1b.steps).toHaveLength(2);
    await expect(store.playbooks.publish(admin(tenantA, { mfa: false }), pb.id, v1.id)).rejects.toBeInstanceOf(PolicyDeniedError);
    expect((await store.playbooks.publish(a, pb.id, v1.id)).publishedVersionId).toBe(v1.id);
    expect((await store.playbooks.listVersions(a, pb.id)).items).toHaveLength(1);
    expect((await store.playbooks.enable(a, pb.id)).status).toBe('enabled');
    const run = await store.playbooks.startRun(a, pb.id);
    ids['run'] = run.id;
    await store.playbooks.recordStep(a, run.id, { stepKey: 'isolate', status: 'succeeded', output: { ok: true } });
    await store.playbooks.recordStep(a, run.id, { stepKey: 'notify', status: 'skipped' });
    expect((await store.playbooks.finishRun(a, run.id, { status: 'succeeded' })).status).toBe('succeeded');
    expect((await store.playbooks.getRun(a, run.id)).stepResults.map((s) => [s.stepKey, s.status])).toEqual([['isolate', 'succeeded'], ['notify', 'skipped']]);
    expect((await store.playbooks.listRuns(a, pb.id)).items.map((r) => r.id)).toEqual([run.id]);
    expect((await store.playbooks.disable(a, pb.id)).status).toBe('disabled');
    expect((await store.playbooks.deprecate(a, pb.id)).status).toBe('deprecated');

    // Tasks
    const w = agentActor(tenantA, 'agent-w');
    const later = await store.tasks.enqueue(a, { queue: 'build', kind: 'compile', payload: { n: 0 }, runAt: new Date(clock.now().getTime() + 60_000) });
    const low = await store.tasks.enqueue(a, { queue: 'build', kind: 'compile', payload: { n: 1 }, priority: 1, idempotencyKey: 'build-1', maxAttempts: 2 });
    const high = await store.tasks.enqueue(a, { queue: 'build', kind: 'compile', payload: { n: 2 }, priority: 9 });
    ids['task'] = low.id;
    expect((await store.tasks.enqueue(a, { queue: 'build', kind: 'compile', payload: { n: 3 }, idempotencyKey: 'build-1' })).id).toBe(low.id);
    const claimed = await store.tasks.claim(w, { queue: 'build', agentId: worker.id, limit: 5, leaseMs: 10_000 });
    expect(claimed.map((t) => t.id)).toEqual([high.id, low.id]); // priority first; `later` is not due
    const [cHigh, cLow] = claimed;
    const extended = await store.tasks.extend(w, high.id, { leaseToken: cHigh!.leaseToken!, leaseMs: 20_000 });
    expect(extended.leaseExpiresAt!.getTime()).toBe(clock.now().getTime() + 20_000);
    expect((await store.tasks.complete(w, high.id, { leaseToken: cHigh!.leaseToken!, result: { ok: true } })).status).toBe('succeeded');
    expect((await store.tasks.fail(w, low.id, { leaseToken: cLow!.leaseToken!, error: 'boom' })).status).toBe('retry_wait');
    clock.advance(10 * 60_000);
    // `later` is due now too; it is claimed and its lease left to expire.
    const again = await store.tasks.claim(w, { queue: 'build', agentId: worker.id, limit: 5, leaseMs: 1000 });
    expect(again.map((t) => t.id).sort()).toEqual([later.id, low.id].sort());
    const lowAgain = again.find((t) => t.id === low.id)!;
    await store.tasks.extend(w, low.id, { leaseToken: lowAgain.leaseToken!, leaseMs: 60_000 });
    expect((await store.tasks.fail(w, low.id, { leaseToken: lowAgain.leaseToken!, error: 'boom again' })).status).toBe('dead');
    expect((await store.tasks.listDead(a)).items.map((t) => t.id)).toEqual([low.id]);
    expect(await store.tasks.redrive(a, low.id)).toMatchObject({ status: 'queued', attempts: 0 });
    expect((await store.tasks.cancel(a, low.id)).status).toBe('cancelled');
    clock.advance(2000); // the 1 s lease on `later` expires
    expect((await store.tasks.reclaimExpired(a)).map((t) => [t.id, t.status])).toEqual([[later.id, 'queued']]);
    expect((await store.tasks.list(a, { queue: 'build' })).items.map((t) => t.status).sort()).toEqual(['cancelled', 'queued', 'succeeded']);

    // Channels
    const ch = await store.channels.create(a, { name: 'ops', members: ['agent-w'] });
    ids['channel'] = ch.id;
    for (let i = 1; i <= 3; i++) await store.channels.post(i === 2 ? w : a, ch.id, { i });
    expect((await store.channels.read(w, ch.id, { after: 1 })).map((m) => m.sequence)).toEqual([2, 3]);
    expect((await store.channels.ack(w, ch.id, 2)).ackedSequence).toBe(2);
    const subscribed = await take<ChannelMessage>(store.channels.subscribe(w, ch.id, { fromSequence: 1, pollIntervalMs: 50 }), 2);
    expect(subscribed.map((m) => m.body)).toEqual([{ i: 2 }, { i: 3 }]);
    expect((await store.channels.members(a, ch.id)).map((m) => m.memberId).sort()).toEqual(['admin@t', 'agent-w']);
    expect((await store.channels.archive(a, ch.id)).status).toBe('archived');

    // Proposals
    const inAnHour = (): string => new Date(clock.now().getTime() + 3_600_000).toISOString();
    const voters = [{ voterId: 'v1', weight: 1 }, { voterId: 'v2', weight: 1 }, { voterId: 'v3', weight: 1 }];
    const voter = (s: string): Actor => ({ subject: s, tenantId: tenantA, roles: ['analyst'], clearance: 'internal', mfa: false });
    const early = await store.proposals.open(a, { title: 'deploy', voters, quorum: 0.5, threshold: 'two_thirds', deadline: inAnHour() });
    ids['proposal'] = early.id;
    expect((await store.proposals.vote(voter('v1'), early.id, 'yes')).closedAs).toBeNull();
    expect((await store.proposals.vote(voter('v2'), early.id, 'yes')).closedAs).toBe('accepted');
    expect((await store.proposals.votes(a, early.id)).map((v) => v.voterId).sort()).toEqual(['v1', 'v2']);
    const overdue = await store.proposals.open(a, { title: 'rollback', voters, quorum: 0.3, threshold: 'simple_majority', deadline: inAnHour() });
    await store.proposals.vote(voter('v3'), overdue.id, 'no');
    clock.advance(3_600_000);
    expect((await store.proposals.closeOverdue(a)).map((p) => [p.id, p.status])).toEqual([[overdue.id, 'rejected']]);
    expect((await store.proposals.list(a)).items).toHaveLength(2);

    // Audit query
    const loopEvents = await store.audit.query(a, { resourceType: 'loop', resourceId: loop.id, order: 'asc' });
    expect(loopEvents.items.map((e) => e.action)).toEqual([
      'loop:create', 'loop:configure', 'loop:pause', 'loop:resume', 'loop:acquire_lease',
      'loop:record_cycle', 'loop:record_cycle', 'loop:record_cycle', 'loop:retire', 'loop:retire',
    ]);
    expect(loopEvents.items.map((e) => e.outcome)).toEqual([...Array.from({ length: 8 }, () => 'allowed'), 'denied', 'allowed']);

    // Change feed: from 0, every outbox event of A, in order.
    const outboxCount = await rows(`SELECT count(*)::int AS n FROM outbox_events WHERE tenant_id = $1`, [tenantA]);
    const controller = new AbortController();
    const changes = await take<ChangeEvent>(store.changes.watch(a, 0, { signal: controller.signal, pollMs: 20 }), outboxCount);
    controller.abort();
    expect(changes).toHaveLength(outboxCount);
    const outboxSequences: Array<{ sequence: string | number }> = await dataSource.query(`SELECT sequence FROM outbox_events WHERE tenant_id = $1 ORDER BY sequence`, [tenantA]);
    expect(changes.map((c) => c.sequence)).toEqual(outboxSequences.map((r) => Number(r.sequence)));
    expect(changes.every((c) => c.tenantId === tenantA)).toBe(true);

    // Tenant B, same roles: lists are empty, A's ids are not found, writes to them are not found.
    expect((await store.loops.list(b)).items).toEqual([]);
    expect((await store.agents.list(b)).items).toEqual([]);
    expect((await store.experiments.list(b)).items).toEqual([]);
    expect((await store.playbooks.list(b)).items).toEqual([]);
    expect((await store.tasks.list(b)).items).toEqual([]);
    expect((await store.tasks.listDead(b)).items).toEqual([]);
    expect((await store.channels.list(b)).items).toEqual([]);
    expect((await store.proposals.list(b)).items).toEqual([]);
    const notFound: Array<[string, () => Promise<unknown>]> = [
      ['loops.get', () => store.loops.get(b, ids['loop']!)],
      ['loops.cycles', () => store.loops.cycles(b, ids['loop']!)],
      ['loops.latestCycle', () => store.loops.latestCycle(b, ids['loop']!)],
      ['loops.pause', () => store.loops.pause(b, ids['loop']!)],
      ['agents.get', () => store.agents.get(b, ids['agent']!)],
      ['agents.heartbeat', () => store.agents.heartbeat(b, ids['agent']!)],
      ['experiments.get', () => store.experiments.get(b, ids['experiment']!)],
      ['experiments.results', () => store.experiments.results(b, ids['experiment']!)],
      ['playbooks.get', () => store.playbooks.get(b, ids['playbook']!)],
      ['playbooks.listVersions', () => store.playbooks.listVersions(b, ids['playbook']!)],
      ['playbooks.getRun', () => store.playbooks.getRun(b, ids['run']!)],
      ['tasks.get', () => store.tasks.get(b, ids['task']!)],
      ['tasks.redrive', () => store.tasks.redrive(b, ids['task']!)],
      ['channels.get', () => store.channels.get(b, ids['channel']!)],
      ['channels.read', () => store.channels.read(b, ids['channel']!)],
      ['channels.members', () => store.channels.members(b, ids['channel']!)],
      ['proposals.get', () => store.proposals.get(b, ids['proposal']!)],
      ['proposals.votes', () => store.proposals.votes(b, ids['proposal']!)],
      ['tenants.get', () => store.tenants.get(b, tenantA)],
    ];
    for (const [name, call] of notFound) {
      const error = await call().then(
        () => new Error(`${name} succeeded for tenant B`),
        (e: unknown) => e,
      );
      expect([name, error]).toEqual([name, expect.any(NotFoundError)]);
    }
    await expect(take(store.changes.watch(b, 0, { pollMs: 20, signal: AbortSignal.timeout(300) }), 1)).resolves.toEqual([]);
    expect((await store.audit.query(b)).items).toEqual([]);
    // B writes once: its chain holds exactly that, and verifies on its own.
    const own = await store.loops.create(b, { name: 'b-only' });
    const bAudit = await store.audit.query(b);
    expect(bAudit.items.map((e) => [e.sequence, e.action, e.resourceId])).toEqual([[1, 'loop:create', own.id]]);
    expect(await store.audit.verify(b)).toMatchObject({ ok: true, count: 1 });

    // Every committed change of A: exactly one allowed audit event and one outbox row, joined on sequence.
    const allowed = await rows(`SELECT count(*)::int AS n FROM audit_events WHERE tenant_id = $1 AND outcome = 'allowed'`, [tenantA]);
    expect(allowed).toBe(outboxCount);
    const joined = await rows(
      `SELECT count(*)::int AS n FROM audit_events a JOIN outbox_events o ON o.tenant_id = a.tenant_id AND o.sequence = a.sequence
       WHERE a.tenant_id = $1 AND a.outcome = 'allowed'`,
      [tenantA],
    );
    expect(joined).toBe(outboxCount);
    const orphans = await rows(
      `SELECT count(*)::int AS n FROM outbox_events o LEFT JOIN audit_events a ON a.tenant_id = o.tenant_id AND a.sequence = o.sequence
       WHERE o.tenant_id = $1 AND (a.sequence IS NULL OR a.outcome <> 'allowed')`,
      [tenantA],
    );
    expect(orphans).toBe(0);
    const denied = await rows(`SELECT count(*)::int AS n FROM audit_events WHERE tenant_id = $1 AND outcome = 'denied'`, [tenantA]);
    expect(denied).toBe(3); // retire, route and publish without MFA
    const verifier = new AuditChainVerifier(built.container.get(TENANT_UNIT_OF_WORK));
    expect(await verifier.verify(tenantA)).toMatchObject({ ok: true, count: allowed + denied });
    expect(await verifier.verify(tenantB)).toMatchObject({ ok: true, count: 1 });
  });

  if (target.name === 'postgres') {
    it('keeps a channel gapless under 10 concurrent posters × 10 messages', async () => {
      const tenant = await provision('posters');
      const a = admin(tenant);
      const posters = Array.from({ length: 10 }, (_, i) => `poster-${i}`);
      const ch = await store.channels.create(a, { name: 'busy', members: posters });
      const sent = await Promise.all(
        posters.map(async (p) => {
          const out: number[] = [];
          for (let i = 0; i < 10; i++) out.push((await store.channels.post(agentActor(tenant, p), ch.id, { p, i })).sequence);
          return out;
        }),
      );
      const all = sent.flat().sort((x, y) => x - y);
      expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      const read = await store.channels.read(a, ch.id, { after: 0, limit: 200 });
      expect(read.map((m) => m.sequence)).toEqual(all);
      // each poster's own messages keep their order
      for (const p of posters) {
        const mine = read.filter((m) => (m.body as { p: string }).p === p).map((m) => (m.body as { i: number }).i);
        expect(mine).toEqual(Array.from({ length: 10 }, (_, i) => i));
      }
      expect(await rows(`SELECT count(*)::int AS n FROM outbox_events WHERE tenant_id = $1 AND event_type = 'channel:post'`, [tenant])).toBe(100);
    });


  }
});
