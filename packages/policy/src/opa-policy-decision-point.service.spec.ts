import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UnavailableError } from '@intelgraph/domain';
import { OPA_DECISION_PATH, OpaPolicyDecisionPoint } from './opa-policy-decision-point.service.js';
import type { PolicyInput } from './policy.types.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

const TENANT = '0195f7a2-1c3d-7e4f-8a5b-6c7d8e9f0a1b';
const INPUT: PolicyInput = {
  subject: { id: 'user-1', tenantId: TENANT, roles: ['operator'], clearance: 'internal', mfa: true },
  action: 'loop:pause',
  resource: { type: 'loop', id: 'loop-1', tenantId: TENANT },
};

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

describe(OpaPolicyDecisionPoint.name, () => {
  let server: Server;
  let url: string;
  let handler: Handler;
  const seen: { method: string | undefined; path: string | undefined; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method, path: req.url, body });
        handler(req, body, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });

  beforeEach(() => {
    seen.length = 0;
  });

  it('posts { input } to the decision path and returns an allow with its decision id', async () => {
    handler = (_req, _body, res) =>
      json(res, 200, { decision_id: 'd-123', result: { allow: true, reasons: ['role_permitted'], obligations: ['audit'], policyVersion: '2026.11.1' } });
    const sut = new OpaPolicyDecisionPoint({ url });
    await expect(sut.decide(INPUT)).resolves.toEqual({ allow: true, reasons: ['role_permitted'], obligations: ['audit'], policyVersion: '2026.11.1', decisionId: 'd-123' });
    expect(seen).toEqual([{ method: 'POST', path: OPA_DECISION_PATH, body: JSON.stringify({ input: INPUT }) }]);
  });

  it('returns a deny as OPA gave it, without a decision id when OPA sends none', async () => {
    handler = (_req, _body, res) => json(res, 200, { result: { allow: false, reasons: ['mfa_required'], obligations: [], policyVersion: '2026.11.1' } });
    const sut = new OpaPolicyDecisionPoint({ url: `${url}/` });
    const decision = await sut.decide(INPUT);
    expect(decision).toEqual({ allow: false, reasons: ['mfa_required'], obligations: [], policyVersion: '2026.11.1' });
    expect('decisionId' in decision).toBe(false);
  });

  it('fails closed on a 500', async () => {
    handler = (_req, _body, res) => json(res, 500, { code: 'internal_error' });
    const sut = new OpaPolicyDecisionPoint({ url });
    await expect(sut.decide(INPUT)).rejects.toThrow(UnavailableError);
    await expect(sut.decide(INPUT)).rejects.toThrow(/opa unavailable: HTTP 500/);
  });

  it('fails closed when OPA does not answer within the timeout', async () => {
    handler = () => undefined; // never answers
    const sut = new OpaPolicyDecisionPoint({ url, timeoutMs: 100 });
    const started = Date.now();
    await expect(sut.decide(INPUT)).rejects.toThrow(/opa unavailable: no answer within 100 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.each([
    ['no result (policy not loaded)', {}, /no result/],
    ['allow is a string', { result: { allow: 'true', reasons: [], obligations: [], policyVersion: 'v' } }, /allow/],
    ['reasons missing', { result: { allow: true, obligations: [], policyVersion: 'v' } }, /reasons/],
    ['obligations not strings', { result: { allow: true, reasons: ['role_permitted'], obligations: [1], policyVersion: 'v' } }, /obligations/],
    ['policy version missing', { result: { allow: true, reasons: ['role_permitted'], obligations: [] } }, /policyVersion/],
    ['result is an array', { result: [true] }, /result is not an object/],
    ['decision id is a number', { decision_id: 7, result: { allow: true, reasons: [], obligations: [], policyVersion: 'v' } }, /decision_id/],
  ])('fails closed on a malformed body: %s', async (_label, body, message) => {
    handler = (_req, _body, res) => json(res, 200, body);
    const sut = new OpaPolicyDecisionPoint({ url });
    const error: unknown = await sut.decide(INPUT).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).dependency).toBe('opa');
    expect((error as Error).message).toMatch(message);
  });

  it('fails closed on a body that is not JSON', async () => {
    handler = (_req, _body, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('allow');
    const sut = new OpaPolicyDecisionPoint({ url });
    await expect(sut.decide(INPUT)).rejects.toThrow(/answer is not JSON/);
  });

  it('fails closed when the connection is refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const sut = new OpaPolicyDecisionPoint({ url: `http://127.0.0.1:${port}` });
    const error: unknown = await sut.decide(INPUT).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toMatch(/opa unavailable: request failed/);
    expect((error as Error).cause).toBeDefined();
  });

  it('reports readiness from GET /health', async () => {
    handler = (req, _body, res) => (req.url === '/health' ? json(res, 200, {}) : json(res, 404, {}));
    const sut = new OpaPolicyDecisionPoint({ url });
    await expect(sut.readiness()).resolves.toEqual({ ok: true, detail: 'opa healthy: {}' });
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(['GET /health']);
  });

  it('reports not ready, without throwing, when OPA is unhealthy or silent', async () => {
    handler = (_req, _body, res) => json(res, 500, { error: 'not ready' });
    const unhealthy = await new OpaPolicyDecisionPoint({ url }).readiness();
    expect(unhealthy.ok).toBe(false);
    expect(unhealthy.detail).toMatch(/HTTP 500/);
    handler = () => undefined;
    const silent = await new OpaPolicyDecisionPoint({ url, timeoutMs: 50 }).readiness();
    expect(silent.ok).toBe(false);
    expect(silent.detail).toMatch(/no answer within 50 ms/);
  });

  it('rejects a non-positive timeout and an invalid URL', () => {
    expect(() => new OpaPolicyDecisionPoint({ url, timeoutMs: 0 })).toThrow(RangeError);
    expect(() => new OpaPolicyDecisionPoint({ url: 'not a url' })).toThrow();
  });
});
