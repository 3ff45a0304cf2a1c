/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- GraphQL reply bodies are untyped JSON */
import { databaseTargets } from '@intelgraph/persistence/testing';
import type { DataSource } from 'typeorm';
import { call, startHarness, token, type Harness, type Reply } from './api.harness.js';

/** Records the SQL statements of the transactions run through `dataSource`, leaving out the change-feed polls (outbox reads). */
function recordStatements(dataSource: DataSource): { stop(): string[] } {
  const original = dataSource.createQueryRunner.bind(dataSource);
  const runners: string[][] = [];
  dataSource.createQueryRunner = ((...args: Parameters<DataSource['createQueryRunner']>) => {
    const runner = original(...args);
    const seen: string[] = [];
    runners.push(seen);
    const query = runner.query.bind(runner);
    runner.query = ((sql: string, ...rest: unknown[]) => {
      seen.push(sql);
      return (query as (...a: unknown[]) => Promise<unknown>)(sql, ...rest);
    }) as typeof runner.query;
    return runner;
  });
  return {
    stop() {
      dataSource.createQueryRunner = original;
      // A change-feed poll still open when the request ended has not read the outbox yet: only
      // finished transactions count.
      const finished = runners.filter((r) => /^(COMMIT|ROLLBACK)$/.test(r.at(-1) ?? ''));
      return finished.filter((r) => !r.some((s) => s.includes('outbox_events'))).flat();
    },
  };
}

describe.each(databaseTargets())('GraphQL aggregates ($name database)', (target) => {
  let h: Harness;
  let tenant: string;
  let op: string;
  let admin: string;
  const gql = async (t: string, query: string, variables: Record<string, unknown> = {}): Promise<Reply> => {
    const r = await call(h.baseUrl, 'POST', '/graphql', { token: t, body: { query, variables } });
    expect(r.body.errors).toBeUndefined();
    return r;
  };

  beforeAll(async () => {
    h = await startHarness(target);
    tenant = await h.tenant();
    op = await token({ tid: tenant, roles: ['operator'] });
    admin = await token({ tid: tenant, roles: ['tenant_admin'], mfa: true });
  });
  afterAll(async () => {
    await h.close();
  });

  it('runs the loop commands and reads cycles, with Loop.latestCycle', async () => {
    const { body } = await gql(op, 'mutation { createLoop(name: "l1", config: {t: 1}) { id status } }');
    const id = body.data.createLoop.id;
    const lease = await gql(op, 'mutation($id: ID!) { acquireLoopLease(id: $id, owner: "alice", ttlMs: 30000) { fencingToken loop { id } } }', { id });
    const fencingToken = lease.body.data.acquireLoopLease.fencingToken;
    const empty = { monitor: {}, analysis: {}, plan: {}, execution: {}, knowledge: { k: 1 } };
    const cycle = await gql(op, 'mutation($id: ID!, $in: JSON!) { recordCycle(loopId: $id, input: $in) { id sequence knowledge } }', { id, in: { fencingToken, ...empty } });
    expect(cycle.body.data.recordCycle).toMatchObject({ sequence: 1, knowledge: { k: 1 } });
    const read = await gql(op, 'query($id: ID!) { loop(id: $id) { cycleCount latestCycle { id sequence } } loopCycles(loopId: $id) { items { id } } }', { id });
    expect(read.body.data.loop).toEqual({ cycleCount: 1, latestCycle: { id: cycle.body.data.recordCycle.id, sequence: 1 } });
    expect(read.body.data.loopCycles.items).toHaveLength(1);
    const paused = await gql(op, 'mutation($id: ID!) { pauseLoop(id: $id) { status } }', { id });
    expect(paused.body.data.pauseLoop.status).toBe('paused');
    const resumed = await gql(op, 'mutation($id: ID!) { resumeLoop(id: $id) { status } }', { id });
    expect(resumed.body.data.resumeLoop.status).toBe('active');
    expect((await gql(op, '{ loops(status: "active") { items { id } } }')).body.data.loops.items).toEqual(expect.arrayContaining([{ id }]));
  });

  it('registers and heartbeats agents, claims, completes and fails tasks, with Task.claimedByAgent', async () => {
    const reg = await gql(op, 'mutation($in: JSON!) { registerAgent(input: $in) { id subject status } }', {
      in: { name: 'w', subject: 'gql-worker', role: 'executor', model: 'm', capabilities: ['x'], routingWeight: 1 },
    });
    const agentId = reg.body.data.registerAgent.id;
    const agentToken = await token({ tid: tenant, sub: 'gql-worker', roles: ['agent'] });
    const hb = await gql(agentToken, 'mutation($id: ID!) { heartbeatAgent(id: $id) { id lastHeartbeatAt } }', { id: agentId });
    expect(hb.body.data.heartbeatAgent.lastHeartbeatAt).toBeTruthy();
    await gql(op, 'mutation { a: enqueueTask(queue: "gq1", kind: "k", payload: {n: 1}) { id } b: enqueueTask(queue: "gq1", kind: "k", payload: {n: 2}) { id } }');
    const claimed = await gql(agentToken, 'mutation($a: ID!) { claimTasks(queue: "gq1", agentId: $a, limit: 2, leaseMs: 30000) { id leaseToken status } }', { a: agentId });
    const [t1, t2] = claimed.body.data.claimTasks;
    expect(t1.status).toBe('claimed');
    const done = await gql(agentToken, 'mutation($id: ID!, $l: ID!) { completeTask(id: $id, leaseToken: $l, result: {ok: true}) { status result } }', { id: t1.id, l: t1.leaseToken });
    expect(done.body.data.completeTask).toEqual({ status: 'succeeded', result: { ok: true } });
    const failed = await gql(agentToken, 'mutation($id: ID!, $l: ID!) { failTask(id: $id, leaseToken: $l, error: "boom", retryable: false) { status lastError } }', { id: t2.id, l: t2.leaseToken });
    expect(failed.body.data.failTask).toMatchObject({ lastError: 'boom' });
    const listed = await gql(op, '{ tasks(queue: "gq1") { items { id status claimedByAgent { id subject } } } deadTasks { items { id } } agents { items { id } } }');
    expect(listed.body.data.tasks.items.find((t: { id: string }) => t.id === t1.id).claimedByAgent).toEqual({ id: agentId, subject: 'gql-worker' });
    expect(Array.isArray(listed.body.data.deadTasks.items)).toBe(true);
    expect((await gql(op, 'query($id: ID!) { agent(id: $id) { name } }', { id: agentId })).body.data.agent.name).toBe('w');
  });

  it('creates, starts and observes experiments and reads results', async () => {
    const created = await gql(op, 'mutation($in: JSON!) { createExperiment(input: $in) { id status variants { key } } }', { in: { name: 'ab', variants: [{ key: 'a', weight: 50 }, { key: 'b', weight: 50 }] } });
    const id = created.body.data.createExperiment.id;
    expect((await gql(op, 'mutation($id: ID!) { startExperiment(id: $id) { status } }', { id })).body.data.startExperiment.status).toBe('running');
    const obs = await gql(op, 'mutation($id: ID!) { observeExperiment(id: $id, input: {variantKey: "a", metric: "m", value: 2}) { observationId experiment { id } guardrailBreach { metric } } }', { id });
    expect(obs.body.data.observeExperiment.guardrailBreach).toBeNull();
    const results = await gql(op, 'query($id: ID!) { experimentResults(experimentId: $id, metric: "m") { variantKey count mean } experiment(id: $id) { name } experiments { items { id } } }', { id });
    expect(results.body.data.experimentResults).toEqual(expect.arrayContaining([{ variantKey: 'a', count: 1, mean: 2 }]));
  });

  it('creates, versions and publishes playbooks, with Playbook.publishedVersion', async () => {
    const pb = await gql(op, 'mutation { createPlaybook(input: {name: "pb"}) { id } }');
    const id = pb.body.data.createPlaybook.id;
    const v = await gql(op, 'mutation($id: ID!) { createPlaybookVersion(playbookId: $id, input: {steps: [{key: "s1", action: "noop", params: {}}]}) { id number } }', { id });
    const versionId = v.body.data.createPlaybookVersion.id;
    const pub = await gql(admin, 'mutation($id: ID!, $v: ID!) { publishPlaybook(playbookId: $id, versionId: $v) { publishedVersionId } }', { id, v: versionId });
    expect(pub.body.data.publishPlaybook.publishedVersionId).toBe(versionId);
    const read = await gql(op, 'query($id: ID!) { playbooks { items { id publishedVersion { id number status } } } playbookVersions(playbookId: $id) { items { id } } playbookRuns(playbookId: $id) { items { id } } playbook(id: $id) { name } }', { id });
    expect(read.body.data.playbooks.items.find((p: { id: string }) => p.id === id).publishedVersion).toEqual({ id: versionId, number: 1, status: 'published' });
    expect(read.body.data.playbookRuns.items).toEqual([]);
  });

  it('creates channels, posts and acknowledges messages', async () => {
    const ch = await gql(op, 'mutation { createChannel(input: {name: "ops", members: ["alice"]}) { id } }');
    const id = ch.body.data.createChannel.id;
    const msg = await gql(op, 'mutation($id: ID!) { postMessage(channelId: $id, body: {text: "hi"}) { sequence body } }', { id });
    expect(msg.body.data.postMessage).toEqual({ sequence: 1, body: { text: 'hi' } });
    const ack = await gql(op, 'mutation($id: ID!) { ackChannel(channelId: $id, sequence: 1) { ackedSequence } }', { id });
    expect(ack.body.data.ackChannel.ackedSequence).toBe(1);
    const read = await gql(op, 'query($id: ID!) { channelMessages(channelId: $id) { sequence sender } channel(id: $id) { lastSequence } channels { items { id } } }', { id });
    expect(read.body.data.channelMessages).toEqual([{ sequence: 1, sender: 'alice' }]);
  });

  it('opens proposals, votes and closes them, with Proposal.votes; reads the audit trail', async () => {
    const deadlineMs = Date.now() + 1_500;
    const deadline = new Date(deadlineMs).toISOString();
    const open = await gql(op, 'mutation($in: JSON!) { openProposal(input: $in) { id status } }', {
      in: { title: 'P', voters: [{ voterId: 'alice', weight: 1 }, { voterId: 'bob', weight: 1 }], quorum: 1, threshold: 'unanimous', deadline },
    });
    const id = open.body.data.openProposal.id;
    await gql(op, 'mutation($id: ID!) { castVote(proposalId: $id, choice: "yes") { vote { choice } closedAs } }', { id });
    await new Promise((r) => setTimeout(r, Math.max(0, deadlineMs - Date.now() + 100)));
    const closed = await gql(admin, 'mutation($id: ID!) { closeProposal(id: $id) { status } }', { id });
    expect(closed.body.data.closeProposal.status).not.toBe('open');
    const read = await gql(op, 'query($id: ID!) { proposals { items { id votes { voterId choice } } } proposalVotes(proposalId: $id) { voterId } proposal(id: $id) { tally { yes } } }', { id });
    expect(read.body.data.proposals.items.find((p: { id: string }) => p.id === id).votes).toEqual([{ voterId: 'alice', choice: 'yes' }]);
    const audit = await gql(await token({ tid: tenant, roles: ['auditor'] }), 'query($id: String) { auditEvents(resourceId: $id) { items { action outcome } } }', { id });
    expect(audit.body.data.auditEvents.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['proposal:open', 'proposal:vote', 'proposal:close']));
  });

  it('batches nested fields: the statements of a page with latestCycle and claimedByAgent do not grow with its size', async () => {
    const t = await h.tenant();
    const actor = { subject: 'alice', tenantId: t, roles: ['operator'], clearance: 'internal' as const, mfa: true };
    const store = h.created.orchestrator.store;
    for (let i = 0; i < 12; i++) {
      const loop = await store.loops.create(actor, { name: `n${i}` });
      const lease = await store.loops.acquireLease(actor, loop.id, { owner: 'alice', ttlMs: 30_000 });
      await store.loops.recordCycle(actor, loop.id, { fencingToken: lease.fencingToken, monitor: {}, analysis: {}, plan: {}, execution: {}, knowledge: {} });
      const agent = await store.agents.register(actor, { name: `a${i}`, subject: `bw-${i}`, role: 'executor', model: 'm', capabilities: [], routingWeight: 1 });
      await store.tasks.enqueue(actor, { queue: 'nq', kind: 'k', payload: {} });
      await store.tasks.claim({ ...actor, subject: `bw-${i}`, roles: ['agent'] }, { queue: 'nq', agentId: agent.id, limit: 1, leaseMs: 60_000 });
    }
    const op2 = await token({ tid: t, roles: ['operator'] });
    const run = async (n: number): Promise<string[]> => {
      const rec = recordStatements(h.dataSource);
      const r = await gql(op2, `{ loops(limit: ${n}) { items { id latestCycle { id sequence } } } tasks(queue: "nq", limit: ${n}) { items { id claimedByAgent { id name } } } }`);
      const statements = rec.stop();
      expect(r.body.data.loops.items).toHaveLength(n);
      expect(r.body.data.loops.items.every((l: { latestCycle: unknown }) => l.latestCycle !== null)).toBe(true);
      expect(r.body.data.tasks.items).toHaveLength(n);
      expect(r.body.data.tasks.items.every((x: { claimedByAgent: unknown }) => x.claimedByAgent !== null)).toBe(true);
      return statements;
    };
    // Starts the tenant's change-feed watcher (and so its first transaction) before measuring.
    await gql(op2, '{ loops(limit: 1) { items { id } } }');
    await new Promise((r) => setTimeout(r, 300));
    const small = await run(3);
    const large = await run(12);
    expect(large.length).toBe(small.length);
    expect(large.filter((s) => s.includes('"loop_cycles"'))).toHaveLength(1);
    expect(large.filter((s) => /FROM "agents"/.test(s))).toHaveLength(1);
  });
});
