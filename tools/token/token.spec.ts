import { decodeJwt, jwtVerify } from 'jose';
import { DEV_JWT_SECRET, main } from './token.js';

describe('token tool', () => {
  function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    return main(argv, env, (s) => (out += s), (s) => (err += s)).then((code) => ({ code, out, err }));
  }

  it('prints only a signed HS256 token with the requested claims, verifiable with the API’s dev secret', async () => {
    const sut = await run(['--tenant', 't1', '--roles', 'operator,agent', '--subject', 'bob', '--mfa', '--clearance', 'confidential', '--ttl', '60']);
    expect(sut.code).toBe(0);
    const lines = sut.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const { payload, protectedHeader } = await jwtVerify(lines[0] ?? '', new TextEncoder().encode(DEV_JWT_SECRET), { algorithms: ['HS256'] });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({ sub: 'bob', tid: 't1', roles: ['operator', 'agent'], clr: 'confidential', mfa: true });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(60);
  });

  it('signs with JWT_SECRET when set', async () => {
    const sut = await run(['--tenant', 't1', '--roles', 'viewer'], { JWT_SECRET: 'x'.repeat(32) });
    await expect(jwtVerify(sut.out.trim(), new TextEncoder().encode('x'.repeat(32)))).resolves.toBeDefined();
    expect(decodeJwt(sut.out.trim()).mfa).toBe(false);
  });

  it('refuses with exit 1 in production and 2 on bad arguments', async () => {
    expect((await run(['--tenant', 't1', '--roles', 'operator'], { NODE_ENV: 'production' })).code).toBe(1);
    expect((await run(['--roles', 'operator'])).code).toBe(2);
    expect((await run(['--tenant', 't', '--roles', 'r', '--clearance', 'secret'])).code).toBe(2);
    expect((await run(['--tenant', 't', '--roles', 'r', '--bogus'])).code).toBe(2);
  });
});
