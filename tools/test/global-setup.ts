/**
 * Jest global setup: starts one embedded PostgreSQL (PGlite) served over the pg wire protocol, for
 * the embedded-path tests, and publishes its URL as PGLITE_URL. Real PostgreSQL is used when
 * DATABASE_URL is set. Runs once per jest process even with several projects (idempotent).
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

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
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 32 });
  await server.start();
  // A second, disposable instance for tests that must own a whole database (migrations down and up).
  const scratchDb = await PGlite.create();
  const scratchServer = new PGLiteSocketServer({ db: scratchDb, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await scratchServer.start();
  g.__ORCH_EMBEDDED__ = { db, server, scratchDb, scratchServer };
  process.env['PGLITE_URL'] = `postgres://postgres@${server.getServerConn()}/postgres`;
  process.env['PGLITE_SCRATCH_URL'] = `postgres://postgres@${scratchServer.getServerConn()}/postgres`;
}
