/** How to reach the database. With no `url`, an embedded PostgreSQL (PGlite) is started. */
export interface DatabaseSettings {
  /** `postgres://…`; unset means embedded PGlite. */
  readonly url?: string | undefined;
  /** Where embedded PGlite keeps its files; `memory://` for a throwaway in-memory database. */
  readonly dataDir?: string | undefined;
  /** Upper bound of the connection pool (embedded: also the server's connection limit). */
  readonly poolMax?: number | undefined;
  /** Per-statement timeout in milliseconds (PostgreSQL only). */
  readonly statementTimeoutMs?: number | undefined;
  /** Shown in `pg_stat_activity`. */
  readonly applicationName?: string | undefined;
  /** Apply pending migrations when the data source opens (always on for the embedded database). */
  readonly migrate?: boolean | undefined;
}

/** Reads settings from the environment (`DATABASE_URL`, `ORCH_DATA_DIR`, `DB_POOL_MAX`, `DB_STATEMENT_TIMEOUT_MS`). */
export function databaseSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseSettings {
  return {
    url: env['DATABASE_URL'] || undefined,
    dataDir: env['ORCH_DATA_DIR'] || '.data',
    poolMax: env['DB_POOL_MAX'] ? Number(env['DB_POOL_MAX']) : undefined,
    statementTimeoutMs: env['DB_STATEMENT_TIMEOUT_MS'] ? Number(env['DB_STATEMENT_TIMEOUT_MS']) : undefined,
    applicationName: env['DB_APPLICATION_NAME'] || 'intelgraph-orchestrator-store',
  };
}
