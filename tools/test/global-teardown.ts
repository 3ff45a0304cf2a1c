/** Stops the embedded database started by global-setup. */
import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as { __ORCH_EMBEDDED__?: { db: PGlite; server: PGLiteSocketServer; scratchDb: PGlite; scratchServer: PGLiteSocketServer } };
  const handle = g.__ORCH_EMBEDDED__;
  if (!handle) return;
  g.__ORCH_EMBEDDED__ = undefined;
  await Promise.all([handle.server.stop(), handle.scratchServer.stop()]);
  await Promise.all([handle.db.close(), handle.scratchDb.close()]);
}
