/**
 * Jest global setup: starts one embedded PostgreSQL (PGlite) served over the pg wire protocol, for
 * the embedded-path tests, and publishes its URL as PGLITE_URL. Real PostgreSQL is used when
 * DATABASE_URL is set. Runs once per jest process even with several projects (idempotent).
 */
import { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { servePGliteOverWire as ServePGliteOverWire } from '@intelgraph/persistence';

// The same wire server the product's embedded mode uses (keeps extended-protocol messages together).
// Loaded by its .ts path: jest resolves global setup's imports without the moduleNameMapper that
// maps `.js` specifiers to TypeScript sources.
// eslint-disable-next-line @typescript-eslint/no-require-imports, @nx/enforce-module-boundaries -- see above
const { servePGliteOverWire } = require('../../packages/persistence/src/data-source/pglite-wire.server.ts') as { servePGliteOverWire: typeof ServePGliteOverWire };

interface EmbeddedHandle {
  db: PGlite;
  server: PGLiteSocketServer;
  scratchDb: PGlite;
  scratchServer: PGLiteSocketServer;
}

export default async function globalSetup(): Promise<void> {
  const g = globalThis as { __ORCH_EMBEDDED__?: EmbeddedHandle };
  if (g.__ORCH_EMBEDDED__ || process.env['PGLITE_URL_EXTERNAL']) return;
  const db = await PGlite.create();
  const server = await servePGliteOverWire(db, { maxConnections: 32 });
  // A second, disposable instance for tests that must own a whole database (migrations down and up).
  const scratchDb = await PGlite.create();
  const scratchServer = await servePGliteOverWire(scratchDb, { maxConnections: 4 });
  g.__ORCH_EMBEDDED__ = { db, server, scratchDb, scratchServer };
  process.env['PGLITE_URL'] = `postgres://postgres@${server.getServerConn()}/postgres`;
  process.env['PGLITE_SCRATCH_URL'] = `postgres://postgres@${scratchServer.getServerConn()}/postgres`;
}
