/* eslint-disable @typescript-eslint/no-unsafe-member-access -- HTTP reply bodies are untyped JSON */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { databaseTargets } from '@intelgraph/persistence/testing';
import { apiSettingsFromEnv, DEV_JWT_SECRET } from '../src/config/api.settings.js';
import { call, startHarness, token } from './api.harness.js';

describe('settings and the token tool', () => {
  it('refuses to start in production without JWT_SECRET or JWT_JWKS_URL, and uses the dev secret elsewhere', () => {
    expect(() => apiSettingsFromEnv({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET or JWT_JWKS_URL/);
    expect(apiSettingsFromEnv({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32) }).jwt.secret).toBe('s'.repeat(32));
    expect(apiSettingsFromEnv({}).jwt.secret).toBe(DEV_JWT_SECRET);
    // tools/token signs with the same development secret (it is a separate project and cannot import the app).
    expect(readFileSync(join(__dirname, '../../../tools/token/token.ts'), 'utf8')).toContain(`'${DEV_JWT_SECRET}'`);
    expect(apiSettingsFromEnv({})).toMatchObject({ port: 3000, host: '127.0.0.1', dataDir: '.data' });
  });
});

describe.each(databaseTargets())('with OPA unreachable ($name database)', (target) => {
  it('fails closed with 503 and readiness names the policy check', async () => {
    const h = await startHarness(target, { env: { OPA_URL: 'http://127.0.0.1:9' } });
    try {
      const tenant = await h.tenant().catch(() => '00000000-0000-0000-0000-00000000000a');
      const r = await call(h.baseUrl, 'GET', '/api/v1/loops', { token: await token({ tid: tenant }) });
      expect(r.status).toBe(503);
      expect(r.body.error).toBe('unavailable');
      const ready = await call(h.baseUrl, 'GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.failed).toEqual(['policy']);
      expect(ready.body.checks.policy.detail).toEqual(expect.any(String));
    } finally {
      await h.close();
    }
  });
});
