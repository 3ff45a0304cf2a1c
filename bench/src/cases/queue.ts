/**
 * queue-throughput: enqueue → claim → complete of N tasks with 4 concurrent producers and 4
 * workers, via the store vs pg-boss vs graphile-worker on the same database (own schemas).
 */
import type { Actor } from '@intelgraph/orchestrator-store';
import { Logger, makeWorkerUtils, run, type WorkerUtils } from 'graphile-worker';
import PgBoss from 'pg-boss';
import type { BenchContext } from '../context.js';
import { median, nowMs, progress, result, runConcurrent, type BenchResult } from '../util.js';

const CONCURRENCY = 4;
const CLAIM_BATCH = 10;
const LEASE_MS = 60_000;

type System = 'store' | 'pg-boss' | 'graphile-worker';

interface Runner {
  readonly name: System;
  /** Enqueues then drains `n` tasks; returns tasks/s over the whole round. */
  round(n: number): Promise<number>;
  close(): Promise<void>;
}

async function storeRunner(ctx: BenchContext): Promise<Runner> {
  const actor: Actor = await ctx.newTenant('queue');
  const agent = await ctx.store.agents.register(actor, { name: 'bench-agent', subject: actor.subject, role: 'worker', model: 'none', capabilities: [], routingWeight: 1 });
  let roundNo = 0;
  return {
    name: 'store',
    async round(n) {
      const queue = `q${roundNo++}`;
      const t0 = nowMs();
      await runConcurrent(n, CONCURRENCY, (i) => ctx.store.tasks.enqueue(actor, { queue, kind: 'bench', payload: { i } }));
      let done = 0;
      const worker = async (): Promise<void> => {
        for (;;) {
          const claimed = await ctx.store.tasks.claim(actor, { queue, agentId: agent.id, limit: CLAIM_BATCH, leaseMs: LEASE_MS });
          if (claimed.length === 0) return;
          for (const t of claimed) {
            await ctx.store.tasks.complete(actor, t.id, { leaseToken: t.leaseToken as string, result: { ok: true } });
            done++;
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      if (done !== n) throw new Error(`store queue: completed ${done} of ${n}`);
      return n / ((nowMs() - t0) / 1000);
    },
    close: () => Promise.resolve(),
  };
}

async function pgBossRunner(ctx: BenchContext): Promise<Runner> {
  const boss = new PgBoss({ connectionString: ctx.settings.databaseUrl, schema: 'bench_pgboss', max: 10, supervise: false, schedule: false });
  boss.on('error', (e: unknown) => progress(`pg-boss error: ${String(e)}`));
  await boss.start();
  let roundNo = 0;
  return {
    name: 'pg-boss',
    async round(n) {
      const queue = `bench-${process.pid}-${Date.now().toString(36)}-${roundNo++}`;
      await boss.createQueue(queue);
      const t0 = nowMs();
      await runConcurrent(n, CONCURRENCY, (i) => boss.send(queue, { i }));
      let done = 0;
      const worker = async (): Promise<void> => {
        for (;;) {
          const jobs = await boss.fetch<{ i: number }>(queue, { batchSize: CLAIM_BATCH });
          if (jobs.length === 0) return;
          for (const job of jobs) {
            await boss.complete(queue, job.id, { ok: true });
            done++;
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      if (done !== n) throw new Error(`pg-boss: completed ${done} of ${n}`);
      const rate = n / ((nowMs() - t0) / 1000);
      await boss.deleteQueue(queue).catch(() => undefined);
      return rate;
    },
    close: () => boss.stop({ graceful: false, wait: true }),
  };
}

async function graphileRunner(ctx: BenchContext): Promise<Runner> {
  const schema = 'bench_graphile_worker';
  const utils: WorkerUtils = await makeWorkerUtils({ connectionString: ctx.settings.databaseUrl, schema });
  await utils.migrate();
  let roundNo = 0;
  return {
    name: 'graphile-worker',
    async round(n) {
      const queueTask = `bench_${roundNo++}`;
      const t0 = nowMs();
      await runConcurrent(n, CONCURRENCY, (i) => utils.addJob(queueTask, { i }));
      let done = 0;
      let resolveAll: () => void = () => undefined;
      const all = new Promise<void>((r) => (resolveAll = r));
      const runner = await run({
        connectionString: ctx.settings.databaseUrl,
        schema,
        concurrency: CONCURRENCY,
        noHandleSignals: true,
        pollInterval: 1000,
        taskList: { [queueTask]: () => Promise.resolve() },
        logger: quietLogger(),
      });
      runner.events.on('job:complete', () => {
        done++;
        if (done === n) resolveAll();
      });
      await all;
      const rate = n / ((nowMs() - t0) / 1000);
      await runner.stop();
      return rate;
    },
    close: async () => {
      await utils.release();
    },
  };
}

/** graphile-worker's logger, silenced below errors (progress goes to our own stderr lines). */
function quietLogger(): Logger {
  return new Logger(() => (level, message) => {
    if (String(level) === 'error') process.stderr.write(`[graphile-worker] ${message}\n`);
  });
}

export async function queueThroughput(ctx: BenchContext): Promise<BenchResult[]> {
  const { quick } = ctx.settings;
  const total = quick ? 1_000 : 10_000;
  const rounds = 3;
  const perRound = Math.ceil(total / rounds);
  const runners = [await storeRunner(ctx), await pgBossRunner(ctx), await graphileRunner(ctx)];
  try {
    for (const r of runners) await r.round(quick ? 20 : 200); // warm-up
    const rates = new Map<System, number[]>(runners.map((r) => [r.name, []]));
    for (let round = 0; round < rounds; round++) {
      // rotate the order each round so no system always runs first
      const order = runners.map((_, i) => runners[(i + round) % runners.length] as Runner);
      for (const r of order) {
        const rate = await r.round(perRound);
        rates.get(r.name)?.push(rate);
        progress(`queue-throughput: round ${round + 1}/${rounds} ${r.name} ${perRound} tasks → ${rate.toFixed(0)} tasks/s`);
      }
    }
    const m = (s: System): number => median(rates.get(s) ?? []);
    const note = `${rounds} rounds × ${perRound} tasks, ${CONCURRENCY} producers + ${CONCURRENCY} workers, claim batch ${CLAIM_BATCH}, one complete per task`;
    return [
      result('queue-throughput-vs-pg-boss', 'tasks/s', 'higher', m('store'), 'pg-boss', m('pg-boss'), note),
      result('queue-throughput-vs-graphile-worker', 'tasks/s', 'higher', m('store'), 'graphile-worker', m('graphile-worker'), note),
    ];
  } finally {
    for (const r of runners) await r.close().catch((e: unknown) => progress(`close ${r.name}: ${String(e)}`));
  }
}
