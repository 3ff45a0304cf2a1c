/** Stops the embedded database started by global-setup. */
import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as { __ORCH_EMBEDDED__?: { db: PGlite; server: PGLiteSocketServer } };
  const handle = g.__ORCH_EMBEDDED__;
  if (!handle) return;
  g.__ORCH_EMBEDDED__ = undefined;
  await handle.server.stop();
  await handle.db.close();
}
