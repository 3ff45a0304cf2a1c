import { InvalidTransitionError, NotFoundError, PolicyDeniedError, uuidv7, ValidationError, VersionConflictError } from '@intelgraph/domain';
import type { AgentFilter, EligibleVoter, NewAgent, NewTask, Page, PageRequest, Repositories, VoteChoice } from '@intelgraph/domain';
import type { DataSource } from 'typeorm';
import { TypeOrmTenantUnitOfWork } from '../src/index.js';
import { databaseTargets, newTenantId, openTestDataSource } from '../src/testing.js';

const HOUR = 3_600_000;
const ago = (ms: number, from = new Date()): Date => new Date(from.getTime() - ms);
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const newAgent = (i: number, over: Partial<NewAgent> = {}): NewAgent => ({
  id: uuidv7(), name: `agent-${i}`, subject: `sub-${i}`, role: 'worker', model: 'm-1', capabilities: ['code'], routingWeight: 100, classification: 'internal', heartbeatTtlMs: 30_000, ...over,
});
const newTask = (over: Partial<NewTask> = {}): NewTask => ({
  id: uuidv7(), queue: 'q', kind: 'k', payload: { n: 1 }, priority: 0, runAt: ago(60_000), classification: 'internal', maxAttempts: 5, idempotencyKey: null, assignedAgentId: null, ...over,
});
type Variant = { id: string; key: string; weight: number };
const variants = (): [Variant, Variant, Variant] => [{ id: uuidv7(), key: 'control', weight: 40 }, { id: uuidv7(), key: 'treatment', weight: 40 }, { id: uuidv7(), key: 'holdout', weight: 20 }];
const newExperiment = (i: number) => ({ id: uuidv7(), name: `exp-${i}`, hypothesis: 'faster', classification: 'internal' as const, variants: variants(), guardrail: null });
const newChannel = (i: number, members = ['alice', 'bob']) => ({ id: uuidv7(), name: `ch-${i}`, classification: 'internal' as const, members });
const newProposal = (i: number, voters: EligibleVoter[], deadline = new Date(Date.now() + HOUR)) => ({
  id: uuidv7(), title: `p-${i}`, description: '', classification: 'internal' as const, quorum: 0.5, threshold: 'simple_majority' as const, deadline, voters, openedBy: 'alice',
});
const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const sampleStd = (xs: number[]): number => Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1));

type Row = { readonly id: string; readonly version: number };
interface AggregateCase {
  readonly name: string;
  readonly field: string;
  readonly value: unknown;
  create(r: Repositories, i: number): Promise<Row>;
  get(r: Repositories, id: string): Promise<Row | null>;
  list(r: Repositories, page: PageRequest): Promise<Page<Row>>;
  update(r: Repositories, id: string, version: number): Promise<Row>;
}
const CASES: AggregateCase[] = [
  { name: 'agents', field: 'role', value: 'lead', create: (r, i) => r.agents.create(newAgent(i)), get: (r, id) => r.agents.get(id), list: (r, p) => r.agents.list({}, p), update: (r, id, v) => r.agents.update(id, v, { role: 'lead' }) },
  { name: 'experiments', field: 'status', value: 'running', create: (r, i) => r.experiments.create(newExperiment(i)), get: (r, id) => r.experiments.get(id), list: (r, p) => r.experiments.list({}, p), update: (r, id, v) => r.experiments.update(id, v, { status: 'running' }) },
  { name: 'playbooks', field: 'description', value: 'changed', create: (r, i) => r.playbooks.create({ id: uuidv7(), name: `pb-${i}`, description: '', classification: 'internal' }), get: (r, id) => r.playbooks.get(id), list: (r, p) => r.playbooks.list({}, p), update: (r, id, v) => r.playbooks.update(id, v, { description: 'changed' }) },
  { name: 'tasks', field: 'priority', value: 7, create: (r) => r.tasks.create(newTask()), get: (r, id) => r.tasks.get(id), list: (r, p) => r.tasks.list({ queue: 'q' }, p), update: (r, id, v) => r.tasks.update(id, v, { priority: 7 }) },
  { name: 'channels', field: 'status', value: 'archived', create: (r, i) => r.channels.create(newChannel(i)), get: (r, id) => r.channels.get(id), list: (r, p) => r.channels.list({}, p), update: (r, id, v) => r.channels.update(id, v, { status: 'archived' }) },
  { name: 'proposals', field: 'status', value: 'cancelled', create: (r, i) => r.proposals.create(newProposal(i, [{ voterId: 'a', weight: 1 }])), get: (r, id) => r.proposals.get(id), list: (r, p) => r.proposals.list({}, p), update: (r, id, v) => r.proposals.update(id, v, { status: 'cancelled' }) },
];

describe.each(databaseTargets())('repositories on $name', (target) => {
  let ds: DataSource;
  let uow: TypeOrmTenantUnitOfWork;
  const run = <T>(tenant: string, work: (r: Repositories) => Promise<T>): Promise<T> => uow.run(tenant, (tx) => work(tx.repositories));
  /** Follows the cursors to the last page (at most 10), returning each page's items. */
  const pages = async <T>(fetch: (cursor: string | null) => Promise<Page<T>>, out: T[][] = [], cursor: string | null = null): Promise<T[][]> => {
    const page = await fetch(cursor);
    out.push([...page.items]);
    return page.nextCursor === null || out.length >= 10 ? out : pages(fetch, out, page.nextCursor);
  };
  beforeAll(async () => void (uow = new TypeOrmTenantUnitOfWork((ds = await openTestDataSource(target)))));
  afterAll(async () => ds.destroy());

  it.each(CASES)('$name: create, get, list in pages, optimistic update, not found, tenant isolation', async (c) => {
    const tenant = newTenantId();
    const other = newTenantId();
    const created = await run(tenant, async (r) => { const rows: Row[] = []; for (const i of range(1, 7)) rows.push(await c.create(r, i)); return rows; });
    const first = created[0] as Row;
    expect(first.version).toBe(1);
    await expect(run(tenant, (r) => c.get(r, first.id))).resolves.toEqual(first);
    const listed = await pages((cursor) => run(tenant, (r) => c.list(r, { cursor, limit: 3 })));
    expect(listed.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(listed.flat()).toEqual(created);
    const updated = await run(tenant, (r) => c.update(r, first.id, 1));
    expect(updated.version).toBe(2);
    expect((updated as unknown as Record<string, unknown>)[c.field]).toEqual(c.value);
    await expect(run(tenant, (r) => c.update(r, first.id, 1))).rejects.toBeInstanceOf(VersionConflictError);
    await expect(run(tenant, (r) => c.get(r, first.id))).resolves.toEqual(updated);
    await expect(run(tenant, (r) => c.update(r, uuidv7(), 1))).rejects.toBeInstanceOf(NotFoundError);
    await expect(run(other, (r) => c.get(r, first.id))).resolves.toBeNull();
    await expect(run(other, (r) => c.list(r, {}))).resolves.toEqual({ items: [], nextCursor: null });
    await expect(run(other, (r) => c.update(r, first.id, 2))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('agents: filters by status, capabilities and heartbeat reachability; finds by subject', async () => {
    const [t, now] = [newTenantId(), new Date()];
    const [a, b, c] = await run(t, async (r) => [
      await r.agents.create(newAgent(1, { capabilities: ['plan', 'code'] })),
      await r.agents.create(newAgent(2, { capabilities: ['code'], heartbeatTtlMs: 1000 })),
      await r.agents.create(newAgent(3, { capabilities: ['plan', 'code', 'review'] })),
    ] as const);
    await run(t, async (r) => {
      await r.agents.update(a.id, 1, { lastHeartbeatAt: ago(5000, now) });
      await r.agents.update(b.id, 1, { lastHeartbeatAt: ago(5000, now) });
      await r.agents.update(c.id, 1, { lastHeartbeatAt: now, status: 'suspended' });
    });
    const ids = async (f: AgentFilter): Promise<string[]> => (await run(t, (r) => r.agents.list(f, {}))).items.map((x) => x.id);
    await expect(ids({ capabilities: ['plan', 'code'] })).resolves.toEqual([a.id, c.id]);
    await expect(ids({ capabilities: ['review'] })).resolves.toEqual([c.id]);
    await expect(ids({ status: 'suspended' })).resolves.toEqual([c.id]);
    await expect(ids({ reachableAt: now })).resolves.toEqual([a.id]);
    await expect(ids({ reachableAt: ago(-60_000, now) })).resolves.toEqual([]);
    await expect(ids({ status: 'active', capabilities: ['code'] })).resolves.toEqual([a.id, b.id]);
    await expect(run(t, (r) => r.agents.getBySubject('sub-2'))).resolves.toMatchObject({ id: b.id, capabilities: ['code'], lastHeartbeatAt: ago(5000, now) });
  });

  it('experiments: loads variants and computes count, mean and stddev per variant in the database', async () => {
    const t = newTenantId();
    const input = newExperiment(1);
    const [control, treatment, holdout] = input.variants;
    await expect(run(t, (r) => r.experiments.create(input))).resolves.toMatchObject({ variants: input.variants, guardrail: null, status: 'draft' });
    await expect(run(t, (r) => r.experiments.get(input.id))).resolves.toMatchObject({ variants: input.variants });
    const values = { control: [1.5, 2, 3.25, 4, 9], treatment: [10, 12] };
    const obs = (variantId: string, metric: string, value: number) => ({ id: uuidv7(), experimentId: input.id, variantId, metric, value, recordedAt: new Date() });
    await run(t, (r) =>
      r.experiments.addObservations([...values.control.map((v) => obs(control.id, 'latency', v)), ...values.treatment.map((v) => obs(treatment.id, 'latency', v)), obs(control.id, 'errors', 1)]),
    );
    const results = await run(t, (r) => r.experiments.results(input.id, 'latency'));
    expect(results).toHaveLength(3);
    const byKey = new Map(results.map((x) => [x.variantKey, x]));
    expect(byKey.get('control')).toMatchObject({ variantId: control.id, metric: 'latency', count: 5 });
    expect(byKey.get('control')?.mean).toBeCloseTo(mean(values.control), 10);
    expect(byKey.get('control')?.stddev).toBeCloseTo(sampleStd(values.control), 10);
    expect(byKey.get('treatment')?.mean).toBeCloseTo(11, 10);
    expect(byKey.get('treatment')?.stddev).toBeCloseTo(sampleStd(values.treatment), 10);
    expect(byKey.get('holdout')).toEqual({ variantId: holdout.id, variantKey: 'holdout', metric: 'latency', count: 0, mean: null, stddev: null });
    const all = await run(t, (r) => r.experiments.results(input.id));
    expect(all.filter((x) => x.variantId === control.id).map((x) => [x.metric, x.count])).toEqual([['errors', 1], ['latency', 5]]);
    await expect(run(newTenantId(), (r) => r.experiments.results(input.id))).resolves.toEqual([]);
  });

  it('playbooks: numbers versions 1, 2, 3 even when created concurrently; versions and runs update optimistically', async () => {
    const t = newTenantId();
    const pb = await run(t, (r) => r.playbooks.create({ id: uuidv7(), name: 'pb', description: 'd', classification: 'internal' }));
    const steps = [{ key: 's1', action: 'notify', params: { to: 'ops' } }];
    const triggers = [{ type: 'manual' as const, spec: '' }];
    const versions = await Promise.all(range(1, 3).map(() => run(t, (r) => r.playbooks.createVersion({ id: uuidv7(), playbookId: pb.id, steps, triggers }))));
    expect(versions.map((v) => v.number).sort()).toEqual([1, 2, 3]);
    const v4 = await run(t, (r) => r.playbooks.createVersion({ id: uuidv7(), playbookId: pb.id, steps: [], triggers: [] }));
    expect(v4).toMatchObject({ number: 4, status: 'draft', steps: [], triggers: [], version: 1, publishedAt: null });
    await expect(run(t, (r) => r.playbooks.getVersion(versions[0]?.id ?? ''))).resolves.toMatchObject({ steps, triggers });
    const listed = await pages((cursor) => run(t, (r) => r.playbooks.listVersions({ playbookId: pb.id }, { cursor, limit: 2 })));
    expect(listed.map((p) => p.length)).toEqual([2, 2]);
    const published = await run(t, (r) => r.playbooks.updateVersion(v4.id, 1, { status: 'published', publishedAt: new Date() }));
    expect(published).toMatchObject({ status: 'published', version: 2 });
    await expect(run(t, (r) => r.playbooks.listVersions({ playbookId: pb.id, status: 'published' }, {}))).resolves.toMatchObject({ items: [{ id: v4.id }] });
    await expect(run(t, (r) => r.playbooks.createVersion({ id: uuidv7(), playbookId: uuidv7(), steps, triggers }))).rejects.toBeInstanceOf(NotFoundError);
    const runRow = await run(t, (r) => r.playbooks.createRun({ id: uuidv7(), playbookId: pb.id, versionId: v4.id, startedBy: 'alice' }));
    expect(runRow).toMatchObject({ status: 'running', stepResults: [], version: 1, finishedAt: null });
    const stepResults = [{ stepKey: 's1', status: 'succeeded' as const, output: { ok: true }, finishedAt: new Date().toISOString() }];
    const done = await run(t, (r) => r.playbooks.updateRun(runRow.id, 1, { status: 'succeeded', stepResults, finishedAt: new Date() }));
    expect(done).toMatchObject({ status: 'succeeded', stepResults, version: 2 });
    await expect(run(t, (r) => r.playbooks.updateRun(runRow.id, 1, { status: 'failed' }))).rejects.toBeInstanceOf(VersionConflictError);
    await expect(run(t, (r) => r.playbooks.listRuns({ playbookId: pb.id, status: 'succeeded' }, {}))).resolves.toEqual({ items: [done], nextCursor: null });
    await expect(run(t, (r) => r.playbooks.getRun(runRow.id))).resolves.toEqual(done);
  });

  it('tasks: claim takes due tasks by priority then run_at, honours assignment, one fresh lease token each', async () => {
    const [t, now] = [newTenantId(), new Date()];
    const [me, other] = await run(t, async (r) => [await r.agents.create(newAgent(1)), await r.agents.create(newAgent(2))] as const);
    const tasks = await run(t, async (r) => [
      await r.tasks.create(newTask({ priority: 1, runAt: ago(10_000, now), idempotencyKey: 'k1' })),
      await r.tasks.create(newTask({ priority: 5, runAt: ago(5000, now) })),
      await r.tasks.create(newTask({ priority: 5, runAt: ago(20_000, now) })),
      await r.tasks.create(newTask({ priority: 9, runAt: ago(-60_000, now) })),
      await r.tasks.create(newTask({ priority: 9, runAt: ago(1000, now), assignedAgentId: other.id })),
      await r.tasks.create(newTask({ priority: 3, runAt: ago(1000, now), assignedAgentId: me.id })),
      await r.tasks.create(newTask({ priority: 8, runAt: ago(1000, now), queue: 'elsewhere' })),
    ] as const);
    await expect(run(t, (r) => r.tasks.findByIdempotencyKey('q', 'k1'))).resolves.toEqual(tasks[0]);
    await expect(run(t, (r) => r.tasks.findByIdempotencyKey('elsewhere', 'k1'))).resolves.toBeNull();
    const tokens: string[] = [];
    const newLeaseToken = (): string => tokens[tokens.push(uuidv7()) - 1] as string;
    const claimed = await run(t, (r) => r.tasks.claim({ queue: 'q', agentId: me.id, limit: 3, leaseMs: 30_000, now, newLeaseToken }));
    expect(claimed.map((x) => x.id)).toEqual([tasks[2].id, tasks[1].id, tasks[5].id]);
    for (const x of claimed) {
      expect(x).toMatchObject({ status: 'claimed', claimedBy: me.id, attempts: 1, version: 2, leaseExpiresAt: new Date(now.getTime() + 30_000) });
      expect(tokens).toContain(x.leaseToken);
    }
    expect(new Set(claimed.map((x) => x.leaseToken)).size).toBe(3);
    const rest = await run(t, (r) => r.tasks.claim({ queue: 'q', agentId: me.id, limit: 10, leaseMs: 30_000, now, newLeaseToken: uuidv7 }));
    expect(rest.map((x) => x.id)).toEqual([tasks[0].id]);
    await run(t, (r) => r.tasks.update(tasks[0].id, 2, { status: 'retry_wait', runAt: ago(1, now) }));
    await expect(run(t, (r) => r.tasks.claim({ queue: 'q', agentId: me.id, limit: 5, leaseMs: 1000, now, newLeaseToken: uuidv7 }))).resolves.toMatchObject([{ id: tasks[0].id, attempts: 2, version: 4 }]);
    await expect(run(t, (r) => r.tasks.list({ claimedBy: me.id }, {}))).resolves.toMatchObject({ items: [{}, {}, {}, {}] });
  });

  it('tasks: never hands the same task to two concurrent claimers', async () => {
    const t = newTenantId();
    const agent = await run(t, (r) => r.agents.create(newAgent(1)));
    await run(t, async (r) => { for (const i of range(1, 30)) await r.tasks.create(newTask({ priority: i % 4 })); });
    const now = new Date();
    const results = await Promise.all(range(1, 8).map(() => run(t, (r) => r.tasks.claim({ queue: 'q', agentId: agent.id, limit: 5, leaseMs: 60_000, now, newLeaseToken: uuidv7 }))));
    const ids = results.flat().map((x) => x.id);
    expect(results.every((batch) => batch.length <= 5)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(30);
    expect(new Set(results.flat().map((x) => x.leaseToken)).size).toBe(30);
    await expect(run(t, (r) => r.tasks.list({ status: 'queued' }, {}))).resolves.toEqual({ items: [], nextCursor: null });
  });

  it('tasks: lockExpired finds lapsed leases; purgeFinished deletes finished tasks older than the cutoff', async () => {
    const [t, now] = [newTenantId(), new Date()];
    const agent = await run(t, (r) => r.agents.create(newAgent(1)));
    const created = await run(t, async (r) => [await r.tasks.create(newTask()), await r.tasks.create(newTask()), await r.tasks.create(newTask()), await r.tasks.create(newTask())] as const);
    await run(t, (r) => r.tasks.claim({ queue: 'q', agentId: agent.id, limit: 3, leaseMs: 1000, now, newLeaseToken: uuidv7 }));
    await expect(run(t, (r) => r.tasks.lockExpired(new Date(now.getTime() + 500), 10))).resolves.toEqual([]);
    await expect(run(t, (r) => r.tasks.lockExpired(new Date(now.getTime() + 2000), 2))).resolves.toHaveLength(2);
    const expired = await run(t, (r) => r.tasks.lockExpired(new Date(now.getTime() + 2000), 10));
    expect(expired.map((x) => x.status)).toEqual(['claimed', 'claimed', 'claimed']);
    const [a, b, c] = expired.map((x) => x.id) as [string, string, string];
    await run(t, async (r) => {
      await r.tasks.update(a, 2, { status: 'succeeded', finishedAt: ago(48 * HOUR, now) });
      await r.tasks.update(b, 2, { status: 'dead', finishedAt: ago(HOUR, now) });
      await r.tasks.update(c, 2, { status: 'failed', finishedAt: ago(36 * HOUR, now) });
    });
    await expect(run(newTenantId(), (r) => r.tasks.purgeFinished(now))).resolves.toBe(0);
    await expect(run(t, (r) => r.tasks.purgeFinished(ago(24 * HOUR, now)))).resolves.toBe(2);
    const left = await run(t, (r) => r.tasks.list({}, {}));
    expect(left.items.map((x) => x.id).sort()).toEqual([b, created[3].id].sort());
  });

  it('channels: gapless sequences under 20 concurrent posters, reads from a cursor, monotonic acknowledgements', async () => {
    const t = newTenantId();
    const ch = await run(t, (r) => r.channels.create(newChannel(1)));
    const solo = await run(t, (r) => r.channels.create(newChannel(2, ['alice'])));
    expect(ch).toMatchObject({ lastSequence: 0, status: 'active', version: 1 });
    const posted = await Promise.all(range(1, 20).map((i) => run(t, (r) => r.channels.appendMessage({ id: uuidv7(), channelId: ch.id, sender: 'alice', body: { i } }))));
    expect(posted.map((m) => m.sequence).sort((x, y) => x - y)).toEqual(range(1, 20));
    await expect(run(t, (r) => r.channels.get(ch.id))).resolves.toMatchObject({ lastSequence: 20, version: 1 });
    const after15 = await run(t, (r) => r.channels.readMessages(ch.id, 15, 100));
    expect(after15.map((m) => m.sequence)).toEqual(range(16, 20));
    expect(after15[0]).toEqual(posted.find((m) => m.sequence === 16));
    expect(after15[0]).toMatchObject({ tenantId: t, channelId: ch.id, sender: 'alice' });
    await expect(run(t, (r) => r.channels.readMessages(ch.id, 0, 5))).resolves.toHaveLength(5);
    await expect(run(t, (r) => r.channels.acknowledge(ch.id, 'bob', 10))).resolves.toMatchObject({ channelId: ch.id, memberId: 'bob', ackedSequence: 10 });
    await expect(run(t, (r) => r.channels.acknowledge(ch.id, 'bob', 4))).resolves.toMatchObject({ ackedSequence: 10 });
    await expect(run(t, (r) => r.channels.acknowledge(ch.id, 'bob', 21))).rejects.toMatchObject({ constructor: ValidationError, fields: [{ path: 'sequence' }] });
    await expect(run(t, (r) => r.channels.acknowledge(ch.id, 'carol', 1))).rejects.toBeInstanceOf(NotFoundError);
    await expect(run(t, (r) => r.channels.acknowledge(uuidv7(), 'bob', 0))).rejects.toBeInstanceOf(NotFoundError);
    await expect(run(t, (r) => r.channels.getMember(ch.id, 'bob'))).resolves.toMatchObject({ ackedSequence: 10 });
    await expect(run(t, (r) => r.channels.getMember(ch.id, 'carol'))).resolves.toBeNull();
    await run(t, (r) => r.channels.addMembers(ch.id, ['carol', 'bob']));
    const members = await run(t, (r) => r.channels.listMembers(ch.id));
    expect(members.map((m) => [m.memberId, m.ackedSequence])).toEqual([['alice', 0], ['bob', 10], ['carol', 0]]);
    const memberOf = async (memberId: string): Promise<string[]> => (await run(t, (r) => r.channels.list({ memberId }, {}))).items.map((x) => x.id);
    await expect(memberOf('alice')).resolves.toEqual([ch.id, solo.id]);
    await expect(memberOf('carol')).resolves.toEqual([ch.id]);
    await expect(memberOf('nobody')).resolves.toEqual([]);
    await run(t, (r) => r.channels.update(ch.id, 1, { status: 'archived' }));
    await expect(run(t, (r) => r.channels.appendMessage({ id: uuidv7(), channelId: ch.id, sender: 'a', body: 1 }))).rejects.toBeInstanceOf(InvalidTransitionError);
    await expect(run(t, (r) => r.channels.addMembers(ch.id, ['dave']))).rejects.toBeInstanceOf(InvalidTransitionError);
    await expect(run(t, (r) => r.channels.appendMessage({ id: uuidv7(), channelId: uuidv7(), sender: 'a', body: 1 }))).rejects.toBeInstanceOf(NotFoundError);
    await expect(run(t, (r) => r.channels.acknowledge(ch.id, 'carol', 20))).resolves.toMatchObject({ ackedSequence: 20 });
    await expect(run(t, (r) => r.channels.list({ status: 'archived', memberId: 'alice' }, {}))).resolves.toMatchObject({ items: [{ id: ch.id }] });
    await expect(run(t, (r) => r.channels.purgeMessages(ago(HOUR)))).resolves.toBe(0);
    await expect(run(t, (r) => r.channels.purgeMessages(new Date(Date.now() + 1000)))).resolves.toBe(20);
  });

  it('proposals: castVote upserts a vote with the frozen weight and keeps the tally; others are refused', async () => {
    const t = newTenantId();
    const at = new Date();
    const p = await run(t, (r) => r.proposals.create(newProposal(1, [{ voterId: 'c', weight: 5 }, { voterId: 'a', weight: 3 }, { voterId: 'b', weight: 2 }])));
    expect(p).toMatchObject({ totalWeight: 10, tally: { yes: 0, no: 0, abstain: 0 }, status: 'open', quorum: 0.5, threshold: 'simple_majority', closedAt: null });
    expect(p.voters).toEqual([{ voterId: 'a', weight: 3 }, { voterId: 'b', weight: 2 }, { voterId: 'c', weight: 5 }]);
    await expect(run(t, (r) => r.proposals.castVote(p.id, 'a', 'yes', at))).resolves.toEqual({ proposalId: p.id, voterId: 'a', choice: 'yes', weight: 3, castAt: at });
    await run(t, (r) => r.proposals.castVote(p.id, 'b', 'abstain', at));
    await expect(run(t, (r) => r.proposals.get(p.id))).resolves.toMatchObject({ tally: { yes: 3, no: 0, abstain: 2 }, version: 3 });
    await run(t, (r) => r.proposals.castVote(p.id, 'a', 'no', new Date(at.getTime() + 1000)));
    await expect(run(t, (r) => r.proposals.get(p.id))).resolves.toMatchObject({ tally: { yes: 0, no: 3, abstain: 2 }, version: 4 });
    const votes = await run(t, (r) => r.proposals.listVotes(p.id));
    expect(votes.map((v) => [v.voterId, v.choice, v.weight])).toEqual([['b', 'abstain', 2], ['a', 'no', 3]]);
    await expect(run(t, (r) => r.proposals.castVote(p.id, 'zed', 'yes', at))).rejects.toMatchObject({ constructor: PolicyDeniedError, action: 'proposal:vote', reasons: ['not_eligible_voter'] });
    await expect(run(t, (r) => r.proposals.castVote(uuidv7(), 'a', 'yes', at))).rejects.toBeInstanceOf(NotFoundError);
    await expect(run(newTenantId(), (r) => r.proposals.listVotes(p.id))).resolves.toEqual([]);
  });

  it('batch reads: latestCycles, agents.getMany, getVersions, listVotesOf return only rows of the tenant', async () => {
    const t = newTenantId();
    const other = newTenantId();
    const at = new Date();
    const cycleOf = (loopId: string, sequence: number) => ({
      id: uuidv7(), loopId, parentId: null, sequence, monitor: { n: sequence }, analysis: {}, plan: {}, execution: {}, knowledge: {}, recordedBy: 'w', fencingToken: 7,
    });
    const seed = (tenant: string) =>
      run(tenant, async (r) => {
        const loop = await r.loops.create({ id: uuidv7(), name: 'l', description: '', classification: 'internal', config: {} });
        const bare = await r.loops.create({ id: uuidv7(), name: 'bare', description: '', classification: 'internal', config: {} });
        await r.loops.appendCycle(cycleOf(loop.id, 1));
        const latest = await r.loops.appendCycle(cycleOf(loop.id, 2));
        await r.loops.update(loop.id, loop.version, { latestCycleId: latest.id });
        const agent = await r.agents.create(newAgent(1, { subject: `s-${uuidv7()}` }));
        const pb = await r.playbooks.create({ id: uuidv7(), name: 'pb', description: '', classification: 'internal' });
        const version = await r.playbooks.createVersion({ id: uuidv7(), playbookId: pb.id, steps: [], triggers: [] });
        const proposal = await r.proposals.create(newProposal(1, [{ voterId: 'a', weight: 3 }, { voterId: 'b', weight: 2 }]));
        const vb = await r.proposals.castVote(proposal.id, 'b', 'no', at);
        const va = await r.proposals.castVote(proposal.id, 'a', 'yes', new Date(at.getTime() + 1000));
        return { loop, bare, latest, agent, version, proposal, votes: [vb, va] };
      });
    const mine = await seed(t);
    const theirs = await seed(other);
    const got = await run(t, async (r) => ({
      cycles: await r.loops.latestCycles([mine.loop.id, mine.bare.id, theirs.loop.id, uuidv7()]),
      agents: await r.agents.getMany([mine.agent.id, theirs.agent.id]),
      versions: await r.playbooks.getVersions([mine.version.id, theirs.version.id]),
      votes: await r.proposals.listVotesOf([theirs.proposal.id, mine.proposal.id]),
      none: [await r.loops.latestCycles([]), await r.agents.getMany([]), await r.playbooks.getVersions([]), await r.proposals.listVotesOf([])],
    }));
    expect(got.cycles).toEqual([mine.latest]);
    expect(got.cycles[0]).toMatchObject({ sequence: 2, fencingToken: 7, monitor: { n: 2 } });
    expect(got.agents).toEqual([mine.agent]);
    expect(got.versions).toEqual([mine.version]);
    expect(got.votes).toEqual(mine.votes);
    expect(got.none).toEqual([[], [], [], []]);
  });

  it('proposals: the tally is exact after 20 concurrent voters that each lock the proposal first', async () => {
    const t = newTenantId();
    const voters = range(1, 20).map((i) => ({ voterId: `v${i}`, weight: i }));
    const choices: VoteChoice[] = ['yes', 'no', 'abstain'];
    const p = await run(t, (r) => r.proposals.create(newProposal(1, voters)));
    const vote = (voterId: string, choice: VoteChoice) => run(t, async (r) => (await r.proposals.get(p.id, { forUpdate: true })) && r.proposals.castVote(p.id, voterId, choice, new Date()));
    await Promise.all(voters.map((v, i) => vote(v.voterId, choices[i % 3] as VoteChoice)));
    const expected = { yes: 0, no: 0, abstain: 0 };
    voters.forEach((v, i) => (expected[choices[i % 3] as VoteChoice] += v.weight));
    await expect(run(t, (r) => r.proposals.get(p.id))).resolves.toMatchObject({ tally: expected, totalWeight: 210, version: 21 });
    await expect(run(t, (r) => r.proposals.listVotes(p.id))).resolves.toHaveLength(20);
  });

  it('proposals: lockOverdue returns open proposals whose deadline passed, with their voters', async () => {
    const [t, now] = [newTenantId(), new Date()];
    const voters = [{ voterId: 'a', weight: 1 }];
    const [due, , cancelled] = await run(t, async (r) => [
      await r.proposals.create(newProposal(1, voters, ago(HOUR, now))),
      await r.proposals.create(newProposal(2, voters, ago(-HOUR, now))),
      await r.proposals.create(newProposal(3, voters, ago(HOUR, now))),
    ] as const);
    await run(t, (r) => r.proposals.update(cancelled.id, 1, { status: 'cancelled', closedAt: now }));
    await expect(run(t, (r) => r.proposals.lockOverdue(now, 10))).resolves.toEqual([due]);
    await expect(run(t, (r) => r.proposals.list({ status: 'cancelled' }, {}))).resolves.toMatchObject({ items: [{ id: cancelled.id, closedAt: now, voters }] });
  });
});
