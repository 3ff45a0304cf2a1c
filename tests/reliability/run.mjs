#!/usr/bin/env node
// Runs the reliability suite and prints one summary line with the real counters the tests wrote.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const out = join(here, '.results');
mkdirSync(out, { recursive: true });
const counters = join(out, 'counters.jsonl');
const jestJson = join(out, 'jest.json');
rmSync(counters, { force: true });
rmSync(jestJson, { force: true });

const real = !!process.env.DATABASE_URL && !!process.env.REDIS_URL;
const started = Date.now();
// Without real services, the two-process file declares nothing, so it is left out rather than skipped.
const ignore = real ? [] : ['--testPathIgnorePatterns', 'multi-process'];
const jest = spawnSync(process.execPath, [join(root, 'node_modules/jest/bin/jest.js'), '-c', join(here, 'jest.config.cjs'), '--json', `--outputFile=${jestJson}`, ...ignore, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, RELIABILITY_COUNTERS: counters },
});

const sum = { requests: 0, leaks: 0, fiveXX: 0, lost: 0, doubleClaims: 0 };
const parts = [];
if (existsSync(counters)) {
  for (const line of readFileSync(counters, 'utf8').split('\n').filter(Boolean)) {
    const c = JSON.parse(line);
    parts.push(`${c.part} (${c.mode}): requests ${c.requests}, leaks ${c.leaks}, 5xx ${c.fiveXX}, lost ${c.lost}, double-claims ${c.doubleClaims}`);
    for (const k of Object.keys(sum)) sum[k] += Number(c[k] ?? 0);
  }
}
let jestOk = jest.status === 0;
let failed = [];
if (existsSync(jestJson)) {
  const r = JSON.parse(readFileSync(jestJson, 'utf8'));
  // A skipped test proves nothing; the suite declares what can run instead of skipping.
  jestOk = jestOk && r.success && r.numPendingTests === 0;
  failed = r.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === 'failed').map((a) => a.fullName));
  console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped, ${r.numTotalTestSuites} files`);
} else jestOk = false;
console.log('parts that ran:');
for (const p of parts) console.log(`  ${p}`);
if (!real) console.log('embedded mode: not run (need DATABASE_URL and REDIS_URL): Redis stop, PostgreSQL backend kill, PostgreSQL restart, two-process concurrency');
for (const f of failed) console.log(`FAILED: ${f}`);
// The request floor applies in both modes: the fuzzed bad-input part alone makes more than
// MIN_REQUESTS on the embedded path too, so fewer means a part stopped early.
const MIN_REQUESTS = 10_000;
const enough = sum.requests >= MIN_REQUESTS;
console.log(`mode: ${real ? 'real services (DATABASE_URL + REDIS_URL)' : 'embedded (PGlite, in-memory cache)'}; requests >= ${MIN_REQUESTS} required: ${enough ? 'yes' : 'NO'}`);
console.log(`runtime: ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`reliability: requests ${sum.requests}, leaks ${sum.leaks}, 5xx ${sum.fiveXX}, lost ${sum.lost}, double-claims ${sum.doubleClaims}`);
const ok = jestOk && sum.leaks === 0 && sum.fiveXX === 0 && sum.lost === 0 && sum.doubleClaims === 0 && enough;
process.exit(ok ? 0 : 1);
