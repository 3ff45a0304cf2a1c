import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { servePGliteOverWire } from './pglite-wire.server.js';

/** An embedded PostgreSQL (PGlite) served over the pg wire protocol on a loopback port. */
export interface EmbeddedPostgres {
  readonly url: string;
  readonly maxConnections: number;
  stop(): Promise<void>;
}

/**
 * Starts PGlite with its files in `dataDir` (or in memory for `memory://`) and serves it on
 * 127.0.0.1 on a free port. PGlite has a single backend: one transaction runs at a time, and
 * session state is shared by every connection, which is why the unit of work sets tenant and
 * role transaction-locally only.
 */
export async function startEmbeddedPostgres(dataDir: string, maxConnections = 8): Promise<EmbeddedPostgres> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(inMemory ? undefined : dataDir);
  const server = await servePGliteOverWire(db, { maxConnections });
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    maxConnections,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
