/** Development-only HS256 secret; `tools/token` signs with the same value. Refused in production. */
export const DEV_JWT_SECRET = 'intelgraph-dev-secret-not-for-production';

/** Everything the app reads from the environment. */
export interface ApiSettings {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly redisUrl: string | undefined;
  readonly opaUrl: string | undefined;
  readonly jwt: JwtSettings;
  readonly production: boolean;
  /** How often the maintenance pass runs (`MAINTENANCE_INTERVAL_MS`, default 60000; 0 turns it off). */
  readonly maintenanceIntervalMs?: number | undefined;
}

/** How bearer tokens are verified: an HS256 secret or a JWKS (RS256/ES256). */
export interface JwtSettings {
  readonly secret?: string | undefined;
  readonly jwksUrl?: string | undefined;
  readonly issuer?: string | undefined;
  readonly audience?: string | undefined;
}

/**
 * Reads the settings. Throws when production has no way to verify tokens: a production app never
 * falls back to the development secret.
 */
export function apiSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ApiSettings {
  const production = env['NODE_ENV'] === 'production';
  const jwksUrl = env['JWT_JWKS_URL'] || undefined;
  let secret = env['JWT_SECRET'] || undefined;
  if (!secret && !jwksUrl) {
    if (production) throw new Error('JWT_SECRET or JWT_JWKS_URL must be set when NODE_ENV=production');
    secret = DEV_JWT_SECRET;
  }
  return {
    port: env['PORT'] ? Number(env['PORT']) : 3000,
    host: env['HOST'] || '127.0.0.1',
    databaseUrl: env['DATABASE_URL'] || undefined,
    dataDir: env['ORCH_DATA_DIR'] || '.data',
    redisUrl: env['REDIS_URL'] || undefined,
    opaUrl: env['OPA_URL'] || undefined,
    jwt: { secret, jwksUrl, issuer: env['JWT_ISSUER'] || undefined, audience: env['JWT_AUDIENCE'] || undefined },
    production,
    maintenanceIntervalMs: env['MAINTENANCE_INTERVAL_MS'] !== undefined && env['MAINTENANCE_INTERVAL_MS'] !== '' ? Number(env['MAINTENANCE_INTERVAL_MS']) : 60_000,
  };
}
