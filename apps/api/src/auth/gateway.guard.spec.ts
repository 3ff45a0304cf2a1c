import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PolicyDeniedError, UnavailableError } from '@intelgraph/domain';
import type { PolicyDecisionPoint, PolicyInput } from '@intelgraph/policy';
import { SignJWT } from 'jose';
import { Metrics } from '../metrics/metrics.service.js';
import { GatewayGuard } from './gateway.guard.js';
import { JwtVerifier } from './jwt-verifier.service.js';
import { Action, Public } from './policy.decorators.js';

const SECRET = 'unit-test-secret-of-sufficient-length';

class Handlers {
  @Action('loop:create') create(): void {}
  @Public() open(): void {}
  undeclared(): void {}
}

function context(handler: keyof Handlers, authorization?: string): { ctx: ExecutionContext; req: Record<string, unknown> } {
  const req: Record<string, unknown> = { headers: authorization ? { authorization } : {} };
  const ctx = {
    getHandler: () => Handlers.prototype[handler],
    getClass: () => Handlers,
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({}) }),
  } as unknown as ExecutionContext;
  return { ctx, req };
}

async function bearer(claims: Record<string, unknown>): Promise<string> {
  const t = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').setExpirationTime('5m').sign(new TextEncoder().encode(SECRET));
  return `Bearer ${t}`;
}

describe(GatewayGuard.name, () => {
  const inputs: PolicyInput[] = [];
  let answer: PolicyDecisionPoint['decide'] = (input) => {
    inputs.push(input);
    return Promise.resolve({ allow: true, reasons: ['role_permitted'], obligations: ['audit'], policyVersion: 't' });
  };
  const pdp: PolicyDecisionPoint = { decide: (i) => answer(i) };
  const sut = new GatewayGuard(new Reflector(), new JwtVerifier({ secret: SECRET }), pdp, new Metrics());

  it('refuses a handler with neither @Action nor @Public with 403 handler_not_declared', async () => {
    await expect(sut.canActivate(context('undeclared', await bearer({ tid: 't1' })).ctx)).rejects.toMatchObject({ status: 403, response: { error: 'handler_not_declared' } });
  });

  it('lets @Public handlers through without a token', async () => {
    await expect(sut.canActivate(context('open').ctx)).resolves.toBe(true);
  });

  it('sets the actor from the claims and asks the decision point about the action on the actor’s tenant', async () => {
    const { ctx, req } = context('create', await bearer({ tid: 't1', roles: ['operator'], clr: 'confidential', mfa: true }));
    await expect(sut.canActivate(ctx)).resolves.toBe(true);
    expect(req['actor']).toMatchObject({ subject: 'alice', tenantId: 't1', roles: ['operator'], clearance: 'confidential', mfa: true });
    expect(inputs.at(-1)).toMatchObject({ action: 'loop:create', resource: { type: 'loop', tenantId: 't1' }, subject: { id: 'alice', tenantId: 't1' } });
  });

  it('throws PolicyDeniedError with the reasons on deny, and fails closed when the decision point is unavailable', async () => {
    answer = () => Promise.resolve({ allow: false, reasons: ['role_not_permitted'], obligations: [], policyVersion: 't' });
    await expect(sut.canActivate(context('create', await bearer({ tid: 't1' })).ctx)).rejects.toBeInstanceOf(PolicyDeniedError);
    answer = () => Promise.reject(new UnavailableError('opa', 'connection refused'));
    await expect(sut.canActivate(context('create', await bearer({ tid: 't1' })).ctx)).rejects.toBeInstanceOf(UnavailableError);
  });

  it('refuses a token without a tenant claim with 401', async () => {
    await expect(sut.canActivate(context('create', await bearer({ roles: ['operator'] })).ctx)).rejects.toMatchObject({ status: 401 });
  });
});
