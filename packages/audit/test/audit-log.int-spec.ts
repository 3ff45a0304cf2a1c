import { CLOCK, ValidationError, uuidv7, type AuditEvent, type AuditEventInput } from '@intelgraph/domain';
import { TypeOrmTenantUnitOfWork } from '@intelgraph/persistence';
import { databaseTargets, newTenantId, openTestDataSource } from '@intelgraph/persistence/testing';
import { Container } from 'inversify';
import type { DataSource } from 'typeorm';
import {
  AUDIT_LOG,
  AuditChainVerifier,
  GENESIS_HASH,
  PostgresAuditLog,
  appendStandalone,
  auditModule,
  computeAuditHash,
  deniedAuditInput,
  type AuditLog,
} from '../src/index.js';
import { deferred, rows, sampleInput, steppingClock } from './support.js';

describe.each(databaseTargets())(`${PostgresAuditLog.name} on $name`, (target) => {
  let ds: DataSource;
  let uow: TypeOrmTenantUnitOfWork;
  let log: PostgresAuditLog;
  let verifier: AuditChainVerifier;
  // PGlite runs one transaction at a time, so lock contention exists only on PostgreSQL: the case
  // is declared for that target alone (not skipped elsewhere).
  const postgresOnly = (name: string, fn: () => Promise<void>): void => {
    if (target.name === 'postgres') it(name, fn);
  };

  beforeAll(async () => {
    ds = await openTestDataSource(target);
    uow = new TypeOrmTenantUnitOfWork(ds);
    log = new PostgresAuditLog();
    verifier = new AuditChainVerifier(uow);
  });
  afterAll(async () => {
    await ds.destroy();
  });

  const rowCount = async (tenant: string): Promise<number> =>
    (await rows<{ n: number }>(ds, `SELECT count(*)::int AS n FROM audit_events WHERE tenant_id = $1`, [tenant]))[0]!.n;

  it('appends a gapless chain from sequence 1 with genesis prevHash, hashes that recompute from the stored rows, and a matching head', async () => {
    const tenant = newTenantId();
    expect(await uow.run(tenant, (tx) => log.head(tx))).toBeNull();
    const written: AuditEvent[] = [];
    for (let i = 0; i < 3; i++) written.push(await uow.run(tenant, (tx) => log.append(tx, sampleInput({ changes: { i, nested: { b: 1, a: [1.5, 'x', null] } } }))));
    expect(written.map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(written[0]!.prevHash).toBe(GENESIS_HASH);
    expect(written[1]!.prevHash).toBe(written[0]!.hash);
    expect(written[2]!.prevHash).toBe(written[1]!.hash);
    for (const e of written) expect(computeAuditHash(e)).toBe(e.hash);

    const page = await uow.run(tenant, (tx) => log.query(tx, { order: 'asc' }, {}));
    expect(page.items).toEqual(written);
    for (const e of page.items) expect(computeAuditHash(e)).toBe(e.hash);
    expect(await uow.run(tenant, (tx) => log.head(tx))).toEqual({ sequence: 3, hash: written[2]!.hash });
    expect(await verifier.verify(tenant)).toMatchObject({ ok: true, count: 3, head: { sequence: 3, hash: written[2]!.hash } });
  });

  it('stores occurredAt at millisecond precision so the hash recomputes from the row', async () => {
    const tenant = newTenantId();
    const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
    const clocked = new PostgresAuditLog({ clock: { now: () => at } });
    const e = await uow.run(tenant, (tx) => clocked.append(tx, sampleInput()));
    const [row] = await rows<{ t: string }>(ds, `SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS t FROM audit_events WHERE tenant_id = $1`, [tenant]);
    expect(row?.t).toBe('2026-01-02T03:04:05.678000');
    expect(e.occurredAt.toISOString()).toBe('2026-01-02T03:04:05.678Z');
  });

  it('appends several events in one transaction, committed together', async () => {
    const tenant = newTenantId();
    const events = await uow.run(tenant, async (tx) => [await log.append(tx, sampleInput()), await log.append(tx, sampleInput({ action: 'task.cancel' }))]);
    expect(events.map((e) => e.sequence)).toEqual([1, 2]);
    expect(await verifier.verify(tenant)).toMatchObject({ ok: true, count: 2 });
  });

  it('appendMany writes exactly the links k single appends would (sequences, ids, times, hashes), around single appends, and the verifier passes', async () => {
    const [single, batched] = [newTenantId(), newTenantId()];
    const idList = Array.from({ length: 6 }, () => uuidv7());
    const start = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
    const logFor = (): PostgresAuditLog => {
      let n = 0;
      return new PostgresAuditLog({ clock: steppingClock(start, 7), ids: { next: () => idList[n++]! } });
    };
    const inputs = [
      sampleInput(),
      sampleInput({ action: 'task.cancel', resourceId: null, requestId: null, actor: { subject: 'agent:x', roles: [] } }),
      sampleInput({ outcome: 'failed', changes: { nested: { b: 1, a: [1.5, 'x', null] } } }),
      sampleInput({ decision: { allow: true, reasons: [], policyVersion: 'v2', decisionId: null } }),
    ];
    const one = logFor();
    const expected: AuditEvent[] = [];
    for (const input of [inputs[0]!, ...inputs, inputs[1]!]) expected.push(await uow.run(single, (tx) => one.append(tx, input)));

    const many = logFor();
    const got: AuditEvent[] = [];
    got.push(await uow.run(batched, (tx) => many.append(tx, inputs[0]!)));
    got.push(...(await uow.run(batched, (tx) => many.appendMany(tx, inputs))));
    expect(await uow.run(batched, (tx) => many.appendMany(tx, []))).toEqual([]);
    got.push(...(await uow.run(batched, (tx) => many.appendMany(tx, [inputs[1]!]))));

    // The single appends' chain, re-hashed for the other tenant, is what appendMany wrote.
    let prevHash = GENESIS_HASH;
    const rehashed = expected.map((e) => {
      const { hash: _ignored, ...rest } = e;
      const unhashed = { ...rest, tenantId: batched, prevHash };
      prevHash = computeAuditHash(unhashed);
      return { ...unhashed, hash: prevHash };
    });
    expect(got).toEqual(rehashed);
    const stored = await uow.run(batched, (tx) => log.query(tx, { order: 'asc' }, {}));
    expect(stored.items).toEqual(rehashed);
    for (const e of stored.items) expect(computeAuditHash(e)).toBe(e.hash);
    expect(await uow.run(batched, (tx) => log.head(tx))).toEqual({ sequence: 6, hash: rehashed[5]!.hash });
    expect(await verifier.verify(batched)).toMatchObject({ ok: true, count: 6, head: { sequence: 6, hash: rehashed[5]!.hash } });
    expect(await verifier.verify(single)).toMatchObject({ ok: true, count: 6 });
  });

  it('appendMany validates every input before writing any, and rolls back as a whole', async () => {
    const tenant = newTenantId();
    await expect(uow.run(tenant, (tx) => log.appendMany(tx, [sampleInput(), sampleInput({ action: '' })]))).rejects.toThrow(ValidationError);
    await expect(
      uow.run(tenant, async (tx) => {
        await log.appendMany(tx, [sampleInput(), sampleInput()]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await rowCount(tenant)).toBe(0);
    expect(await uow.run(tenant, (tx) => log.head(tx))).toBeNull();
    const events = await uow.run(tenant, (tx) => log.appendMany(tx, [sampleInput(), sampleInput(), sampleInput()]));
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(await verifier.verify(tenant)).toMatchObject({ ok: true, count: 3 });
  });

  it('leaves no audit row and no head change when the transaction rolls back, and the next append reuses the sequence', async () => {
    const tenant = newTenantId();
    const first = await uow.run(tenant, (tx) => log.append(tx, sampleInput()));
    let rolledBack: AuditEvent | undefined;
    await expect(
      uow.run(tenant, async (tx) => {
        rolledBack = await log.append(tx, sampleInput({ action: 'task.delete' }));
        throw new Error('mutation failed after auditing');
      }),
    ).rejects.toThrow('mutation failed after auditing');
    expect(rolledBack?.sequence).toBe(2);
    expect(await rowCount(tenant)).toBe(1);
    expect(await rows(ds, `SELECT id FROM audit_events WHERE tenant_id = $1 AND id = $2`, [tenant, rolledBack!.id])).toHaveLength(0);
    expect(await uow.run(tenant, (tx) => log.head(tx))).toEqual({ sequence: 1, hash: first.hash });
    const next = await uow.run(tenant, (tx) => log.append(tx, sampleInput()));
    expect(next).toMatchObject({ sequence: 2, prevHash: first.hash });
    expect(await verifier.verify(tenant)).toMatchObject({ ok: true, count: 2 });
  });

  it('rolls back a first-ever append completely (no head row left behind)', async () => {
    const tenant = newTenantId();
    await expect(
      uow.run(tenant, async (tx) => {
        await log.append(tx, sampleInput());
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await rowCount(tenant)).toBe(0);
    expect(await uow.run(tenant, (tx) => log.head(tx))).toBeNull();
    expect(await verifier.verify(tenant)).toMatchObject({ ok: true, count: 0, head: null });
  });

  it('records a denied attempt in its own transaction with outcome denied and the decision reasons', async () => {
    const tenant = newTenantId();
    // the mutation's transaction is refused and rolls back ...
    const attempt = {
      actor: { subject: 'agent:7', roles: ['reader'] },
      action: 'loop.delete',
      resourceType: 'loop',
      resourceId: 'loop-9',
      decision: { allow: false, reasons: ['role reader may not delete loops', 'loop is classified restricted'], policyVersion: 'v2', decisionId: 'dec-9' },
      requestId: 'req-9',
    };
    await expect(uow.run(tenant, async () => Promise.reject(new Error('denied')))).rejects.toThrow('denied');
    // ... and the denial is audited on its own
    const denied = await appendStandalone(uow, tenant, deniedAuditInput(attempt));
    expect(denied).toMatchObject({ sequence: 1, outcome: 'denied', decision: { allow: false, reasons: attempt.decision.reasons } });
    const page = await uow.run(tenant, (tx) => log.query(tx, { outcome: 'denied' }, {}));
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ action: 'loop.delete', actor: attempt.actor, outcome: 'denied', decision: attempt.decision, changes: {} });
    expect(await verifier.verify(tenant)).toMatchObject({ ok: true, count: 1 });
  });

  it('refuses invalid input before writing anything', async () => {
    const tenant = newTenantId();
    const bad = { ...sampleInput(), outcome: 'maybe', action: '' } as unknown as AuditEventInput;
    await expect(uow.run(tenant, (tx) => log.append(tx, bad))).rejects.toBeInstanceOf(ValidationError);
    expect(await rowCount(tenant)).toBe(0);
  });

  describe('query', () => {
    const tenant = newTenantId();
    const start = new Date(Date.UTC(2026, 1, 1, 0, 0, 0));
    let all: AuditEvent[];
    beforeAll(async () => {
      const clocked = new PostgresAuditLog({ clock: steppingClock(start, 60_000) }); // one event a minute
      all = [];
      for (let i = 0; i < 30; i++) {
        const input = sampleInput({
          actor: { subject: `user:${['alice', 'bob', 'carol'][i % 3]}`, roles: ['operator'] },
          action: i % 2 === 0 ? 'task.update' : 'task.create',
          resourceType: i % 5 === 0 ? 'loop' : 'task',
          resourceId: `r-${i % 4}`,
          outcome: i % 7 === 0 ? 'denied' : 'allowed',
        });
        all.push(await uow.run(tenant, (tx) => clocked.append(tx, input)));
      }
    });

    const collect = async (filter: Parameters<AuditLog['query']>[1], limit: number): Promise<{ items: AuditEvent[]; pages: number }> => {
      const items: AuditEvent[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await uow.run(tenant, (tx) => log.query(tx, filter, { cursor, limit }));
        pages++;
        expect(page.items.length).toBeLessThanOrEqual(limit);
        items.push(...page.items);
        cursor = page.nextCursor;
        if (cursor !== null) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      } while (cursor !== null);
      return { items, pages };
    };
    const seqs = (events: readonly AuditEvent[]): number[] => events.map((e) => e.sequence);

    it('pages newest first by default and oldest first on request, without gaps or repeats', async () => {
      const desc = await collect({}, 7);
      expect(seqs(desc.items)).toEqual(seqs(all).reverse());
      expect(desc.pages).toBe(5);
      const asc = await collect({ order: 'asc' }, 7);
      expect(asc.items).toEqual(all);
    });

    it('filters by actor', async () => {
      const { items, pages } = await collect({ actor: 'user:bob' }, 3);
      expect(seqs(items)).toEqual(seqs(all.filter((e) => e.actor.subject === 'user:bob')).reverse());
      expect(items).toHaveLength(10);
      expect(pages).toBe(4);
    });

    it('filters by time range (from inclusive, to exclusive)', async () => {
      const from = new Date(start.getTime() + 5 * 60_000);
      const to = new Date(start.getTime() + 17 * 60_000);
      const { items } = await collect({ from, to, order: 'asc' }, 4);
      expect(seqs(items)).toEqual(seqs(all.filter((e) => e.occurredAt >= from && e.occurredAt < to)));
      expect(seqs(items)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    });

    it('filters by resource type and id, action and outcome, combined', async () => {
      const byResource = await collect({ resourceType: 'task', resourceId: 'r-1' }, 2);
      expect(seqs(byResource.items)).toEqual(seqs(all.filter((e) => e.resourceType === 'task' && e.resourceId === 'r-1')).reverse());
      const byAction = await collect({ action: 'task.create', actor: 'user:alice' }, 2);
      expect(seqs(byAction.items)).toEqual(seqs(all.filter((e) => e.action === 'task.create' && e.actor.subject === 'user:alice')).reverse());
      const denied = await collect({ outcome: 'denied' }, 50);
      expect(seqs(denied.items)).toEqual([29, 22, 15, 8, 1]);
      expect((await collect({ action: 'nope' }, 5)).items).toEqual([]);
    });

    it('refuses a cursor it did not issue and a bad limit with ValidationError', async () => {
      for (const cursor of ['garbage!', Buffer.from('{"s":-1}').toString('base64url'), Buffer.from('[3]').toString('base64url'), 'e30']) {
        await expect(uow.run(tenant, (tx) => log.query(tx, {}, { cursor }))).rejects.toBeInstanceOf(ValidationError);
      }
      await expect(uow.run(tenant, (tx) => log.query(tx, {}, { limit: 0 }))).rejects.toBeInstanceOf(ValidationError);
      await expect(uow.run(tenant, (tx) => log.query(tx, { from: new Date('x') }, {}))).rejects.toBeInstanceOf(ValidationError);
    });

    it("never shows another tenant's events", async () => {
      const other = newTenantId();
      await uow.run(other, (tx) => log.append(tx, sampleInput()));
      const page = await uow.run(other, (tx) => log.query(tx, {}, { limit: 200 }));
      expect(page.items).toHaveLength(1);
      expect(page.items[0]!.tenantId).toBe(other);
    });
  });

  it('gives a gapless valid chain for 50 appends from 10 concurrent transactions, each transaction contiguous', async () => {
    const tenant = newTenantId();
    const perTx = await Promise.all(
      Array.from({ length: 10 }, (_, w) =>
        uow.run(tenant, async (tx) => {
          const mine: number[] = [];
          for (let i = 0; i < 5; i++) mine.push((await log.append(tx, sampleInput({ requestId: `w${w}-${i}` }))).sequence);
          return mine;
        }),
      ),
    );
    const all = perTx.flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    for (const mine of perTx) expect(mine).toEqual([mine[0]!, mine[0]! + 1, mine[0]! + 2, mine[0]! + 3, mine[0]! + 4]);
    expect(await verifier.verify(tenant, { batchSize: 7 })).toMatchObject({ ok: true, count: 50, head: { sequence: 50 } });
  });

  postgresOnly('serializes only on the tenant head row, from the append to commit: other tenants do not wait, the same tenant does', async () => {
    const a = newTenantId();
    const b = newTenantId();
    const aLocked = deferred();
    const release = deferred();
    const holder = uow.run(a, async (tx) => {
      await log.append(tx, sampleInput());
      aLocked.resolve();
      await release.promise; // keeps A's head row locked
    });
    await aLocked.promise;
    try {
      // another tenant appends and commits while A holds its head
      let timer: NodeJS.Timeout | undefined;
      const other = await Promise.race([
        uow.run(b, (tx) => log.append(tx, sampleInput())),
        new Promise<'blocked'>((r) => (timer = setTimeout(() => r('blocked'), 5000))),
      ]).finally(() => clearTimeout(timer));
      expect(other).not.toBe('blocked');
      // the same tenant waits for A's commit
      let done = false;
      const sameTenant = uow.run(a, (tx) => log.append(tx, sampleInput())).then((e) => ((done = true), e));
      await new Promise((r) => setTimeout(r, 300));
      expect(done).toBe(false);
      release.resolve();
      await holder;
      expect((await sameTenant).sequence).toBe(2);
    } finally {
      release.resolve();
      await holder.catch(() => undefined);
    }
  });

  it('measures append throughput (informational; numbers go to the README)', async () => {
    const n = target.name === 'postgres' ? 400 : 200;
    const concurrency = 10;
    const oneTenant = newTenantId();
    const tenants = Array.from({ length: concurrency }, () => newTenantId());
    const run = async (tenantOf: (worker: number) => string): Promise<number> => {
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async (_, w) => {
          for (let i = 0; i < n / concurrency; i++) await uow.run(tenantOf(w), (tx) => log.append(tx, sampleInput()));
        }),
      );
      return Math.round((n / (performance.now() - t0)) * 1000);
    };
    const same = await run(() => oneTenant);
    const spread = await run((w) => tenants[w]!);
    console.log(`[audit throughput on ${target.name}] ${n} single-append transactions, ${concurrency} concurrent: one tenant ${same}/s, ${concurrency} tenants ${spread}/s`);
    expect(await verifier.verify(oneTenant)).toMatchObject({ ok: true, count: n });
  }, 120_000);

  it('is bound by auditModule() under AUDIT_LOG, using the container clock', async () => {
    const at = new Date(Date.UTC(2026, 5, 1));
    const container = new Container();
    container.bind(CLOCK).toConstantValue({ now: () => at });
    container.load(auditModule());
    const bound = container.get(AUDIT_LOG);
    expect(bound).toBeInstanceOf(PostgresAuditLog);
    expect(container.get(AUDIT_LOG)).toBe(bound);
    const e = await uow.run(newTenantId(), (tx) => bound.append(tx, sampleInput()));
    expect(e.occurredAt).toEqual(at);

    const replacement = {} as AuditLog;
    const swapped = new Container();
    swapped.load(auditModule({ log: replacement }));
    expect(swapped.get(AUDIT_LOG)).toBe(replacement);
  });
});
