#!/usr/bin/env node
// Replays the policy decision vectors against a running OPA and reports every mismatch.
//
//   opa run --server --addr 127.0.0.1:8181 packages/policy/rego
//   OPA_URL=http://127.0.0.1:8181 node tools/policy/opa-vectors.mjs [path/to/decisions.json]
//
// Each vector's input is POSTed to ${OPA_URL}/v1/data/intelgraph/abac/decision; `allow`,
// `reasons` (and `obligations` where the vector states them) must equal the expected ones, and
// `policyVersion` must equal the one in packages/policy/rego/data.json. Exit code 1 on any
// mismatch or request failure, 0 otherwise. Env: OPA_URL (default http://127.0.0.1:8181),
// OPA_TIMEOUT_MS (per request, default 5000), OPA_CONCURRENCY (default 8).
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = resolve(here, '../../packages/policy');
const vectorsPath = resolve(process.argv[2] ?? resolve(packageDir, 'vectors/decisions.json'));
const baseUrl = (process.env.OPA_URL ?? 'http://127.0.0.1:8181').replace(/\/+$/, '');
const timeoutMs = Number(process.env.OPA_TIMEOUT_MS ?? 5000);
const concurrency = Math.max(1, Number(process.env.OPA_CONCURRENCY ?? 8));
const endpoint = `${baseUrl}/v1/data/intelgraph/abac/decision`;

/** Asks OPA for one decision; resolves to its `result`, or throws with a reason. */
async function decide(input) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ input }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
  const body = JSON.parse(text);
  if (body === null || typeof body !== 'object' || body.result === undefined) {
    throw new Error('no result: is the intelgraph.abac policy loaded?');
  }
  return body.result;
}

/** Differences between what OPA answered and what the vector expects. */
function compare(vector, result, policyVersion) {
  const problems = [];
  const { expected } = vector;
  if (result?.allow !== expected.allow) problems.push(`allow: got ${JSON.stringify(result?.allow)}, want ${expected.allow}`);
  if (!isDeepStrictEqual(result?.reasons, expected.reasons)) {
    problems.push(`reasons: got ${JSON.stringify(result?.reasons)}, want ${JSON.stringify(expected.reasons)}`);
  }
  if (expected.obligations !== undefined && !isDeepStrictEqual(result?.obligations, expected.obligations)) {
    problems.push(`obligations: got ${JSON.stringify(result?.obligations)}, want ${JSON.stringify(expected.obligations)}`);
  }
  if (result?.policyVersion !== policyVersion) {
    problems.push(`policyVersion: got ${JSON.stringify(result?.policyVersion)}, want ${JSON.stringify(policyVersion)}`);
  }
  return problems;
}

async function main() {
  const vectors = JSON.parse(await readFile(vectorsPath, 'utf8'));
  const data = JSON.parse(await readFile(resolve(packageDir, 'rego/data.json'), 'utf8'));
  const policyVersion = data.intelgraph.abac.policyVersion;
  if (!Array.isArray(vectors) || vectors.length === 0) throw new Error(`${vectorsPath}: expected a non-empty array of vectors`);

  const failures = [];
  let next = 0;
  async function worker() {
    while (next < vectors.length) {
      const vector = vectors[next++];
      try {
        const problems = compare(vector, await decide(vector.input), policyVersion);
        if (problems.length > 0) failures.push({ name: vector.name, problems });
      } catch (error) {
        failures.push({ name: vector.name, problems: [`request failed: ${error instanceof Error ? error.message : String(error)}`] });
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, vectors.length) }, () => worker()));

  for (const failure of failures) {
    console.error(`MISMATCH ${failure.name}`);
    for (const problem of failure.problems) console.error(`  ${problem}`);
  }
  console.log(`opa-vectors: ${vectors.length - failures.length} passed, ${failures.length} failed`);
  process.exitCode = failures.length === 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(`opa-vectors: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
