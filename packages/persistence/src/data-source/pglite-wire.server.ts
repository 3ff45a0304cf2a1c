import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** Front-end messages of the extended query protocol: Parse, Bind, Describe, Execute, Close, Flush. */
const EXTENDED = new Set([...'PBDECH'].map((c) => c.charCodeAt(0)));
/** Messages that end a query cycle: Sync, and a simple Query. */
const CYCLE_END = new Set([...'SQ'].map((c) => c.charCodeAt(0)));

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData(data: Uint8Array): void;
  resolve(bytes: number): void;
  reject(error: unknown): void;
}

/** The parts of pglite-socket's (unexported) query queue this module takes over. */
interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGlite & {
    runExclusive<T>(fn: () => Promise<T>): Promise<T>;
    execProtocolRawStream(message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }): Promise<void>;
  };
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

/**
 * Serves `db` over the PostgreSQL wire protocol on a loopback port.
 *
 * PGlite has one backend, so pglite-socket runs one message at a time from any connection and keeps
 * a connection's messages together only while a transaction is open. Outside a transaction, an
 * extended-protocol query (Parse, Bind, Execute … Sync: what node-postgres sends for every
 * parameterized statement) could interleave with another connection's and lose the unnamed
 * prepared statement. This server's queue also keeps a connection's messages together from its
 * first extended-protocol message to its Sync, and never stalls after a failed message.
 */
export async function servePGliteOverWire(db: PGlite, options: { maxConnections: number; port?: number }): Promise<PGLiteSocketServer> {
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: options.port ?? 0, maxConnections: options.maxConnections });
  const queue = (server as unknown as { queryQueue?: QueryQueue }).queryQueue;
  if (!queue || !Array.isArray(queue.queue) || typeof queue.clearQueueForHandler !== 'function') {
    throw new Error('pglite-socket internals changed: cannot install the message queue; check the pinned @electric-sql/pglite-socket version');
  }
  let midCycle = false;

  queue.processQueue = async function processQueue(this: QueryQueue): Promise<void> {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const sticky = this.lastHandlerId !== null && (midCycle || this.db.isInTransaction());
        const index = sticky ? this.queue.findIndex((m) => m.handlerId === this.lastHandlerId) : 0;
        if (index === -1) break; // the connection's next message calls processQueue again
        const [item] = this.queue.splice(index, 1);
        if (!item) break;
        this.lastHandlerId = item.handlerId;
        const type = item.message[0] ?? 0;
        if (EXTENDED.has(type)) midCycle = true;
        else if (CYCLE_END.has(type)) midCycle = false;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
          item.resolve(bytes);
        } catch (error) {
          midCycle = false;
          item.reject(error);
        }
      }
    } finally {
      this.processing = false;
    }
  }.bind(queue);

  const originalClear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number): void => {
    if (queue.lastHandlerId === handlerId) midCycle = false;
    originalClear(handlerId);
  };

  await server.start();
  return server;
}
