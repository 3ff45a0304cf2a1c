import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AbacEngine } from '../src/abac-engine.service.js';
import type { PolicyInput } from '../src/policy.types.js';

const script = join(__dirname, '..', '..', '..', 'tools', 'policy', 'opa-vectors.mjs');

interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(opaUrl: string): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script], { env: { ...process.env, OPA_URL: opaUrl, OPA_TIMEOUT_MS: '2000' } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

/** A stand-in OPA answering from the in-process engine; `tamper` may alter an answer. */
function fakeOpa(tamper: (input: PolicyInput, decision: ReturnType<AbacEngine['evaluate']>) => unknown): Server {
  const engine = new AbacEngine();
  return createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/data/intelgraph/abac/decision') {
        res.writeHead(404).end('{}');
        return;
      }
      const { input } = JSON.parse(body) as { input: PolicyInput };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: tamper(input, engine.evaluate(input)) }));
    });
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('tools/policy/opa-vectors.mjs', () => {
  it('passes every vector against an OPA that decides like the engine', async () => {
    const server = fakeOpa((_input, decision) => decision);
    try {
      const sut = await run(await listen(server));
      expect(sut.stderr).toBe('');
      expect(sut.stdout).toMatch(/^opa-vectors: \d+ passed, 0 failed$/m);
      expect(sut.code).toBe(0);
    } finally {
      await close(server);
    }
  });

  it('reports a mismatch and exits 1', async () => {
    const server = fakeOpa((input, decision) => (input.action === 'audit:read' ? { ...decision, allow: !decision.allow } : decision));
    try {
      const sut = await run(await listen(server));
      expect(sut.stderr).toMatch(/MISMATCH matrix: auditor may audit:read\n {2}allow: got false, want true/);
      expect(sut.stdout).toMatch(/passed, [1-9]\d* failed/);
      expect(sut.code).toBe(1);
    } finally {
      await close(server);
    }
  });

  it('exits 1 when OPA cannot be reached', async () => {
    const server = createServer();
    const url = await listen(server);
    await close(server);
    const sut = await run(url);
    expect(sut.stderr).toMatch(/request failed/);
    expect(sut.code).toBe(1);
  });
});
