/**
 * `node bench/dist/main.js [--quick] [--only a,b]`: runs the comparisons against PostgreSQL
 * (`DATABASE_URL`) and Redis (`REDIS_URL`), prints the table to stdout, writes results/latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { audit } from './cases/audit.js';
import { policyDecision } from './cases/policy.js';
import { queueThroughput } from './cases/queue.js';
import { scale } from './cases/scale.js';
import { SkipError, http } from './cases/http.js';
import { storeRead, storeWrite } from './cases/store.js';
import { openContext, settingsFrom, type BenchContext } from './context.js';
import { badness, progress, type BenchResult } from './util.js';

const CASES: ReadonlyArray<readonly [string, (ctx: BenchContext) => Promise<BenchResult[]>]> = [
  ['policy', policyDecision],
  ['store-write', storeWrite],
  ['store-read', storeRead],
  ['audit', audit],
  ['queue', queueThroughput],
  ['scale', scale],
  ['http', http],
];

async function machine(ctx: BenchContext): Promise<Record<string, unknown>> {
  const pgVersion = (await ctx.pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? 'unknown';
  const info = await ctx.redis.info('server');
  const redisVersion = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    postgres: pgVersion,
    redis: redisVersion,
    quick: ctx.settings.quick,
    date: new Date().toISOString(),
  };
}

export function table(results: readonly BenchResult[]): string {
  const header = ['name', 'value', 'unit', 'baseline', 'baseline value', 'ratio', 'better'];
  const rows = results.map((r) => [r.name, String(r.value), r.unit, r.baseline, String(r.baselineValue), r.ratio.toFixed(3), r.better]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const settings = settingsFrom(process.argv.slice(2));
  const started = Date.now();
  progress(`${settings.quick ? 'quick' : 'full'} run on ${settings.databaseUrl.replace(/\/\/[^@]*@/, '//…@')}`);
  const ctx = await openContext(settings);
  const results: BenchResult[] = [];
  const skipped: string[] = []; // failures
  try {
    const info = await machine(ctx);
    for (const [name, run] of CASES) {
      if (settings.only.length > 0 && !settings.only.includes(name)) continue;
      const t0 = Date.now();
      progress(`── ${name}`);
      try {
        results.push(...(await run(ctx)));
      } catch (error) {
        if (error instanceof SkipError) {
          ctx.skipped.push(`${name}: ${error.message}`);
          progress(`${name} skipped: ${error.message}`);
          continue;
        }
        skipped.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        progress(`${name} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
      progress(`${name} took ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    }
    const worst = [...results].sort((a, b) => badness(b) - badness(a))[0];
    const out = { machine: info, results, ...(ctx.skipped.length ? { skipped: ctx.skipped } : {}), ...(skipped.length ? { failed: skipped } : {}), ...(worst ? { worst: worst.name } : {}) };
    const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'latest.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    process.stdout.write(`${table(results)}\n`);
    if (worst) process.stdout.write(`\nworst ratio: ${worst.name} (${worst.ratio} ${worst.unit}, better ${worst.better})\n`);
    for (const note of ctx.skipped) process.stdout.write(`skipped: ${note}\n`);
    if (skipped.length) process.stdout.write(`failed: ${skipped.join('; ')}\n`);
    progress(`done in ${((Date.now() - started) / 1000).toFixed(1)}s → ${file}`);
  } finally {
    await ctx.close();
  }
  if (skipped.length) process.exitCode = 1;
}

await main();
