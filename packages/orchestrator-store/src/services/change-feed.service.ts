import type { JsonObject } from '@intelgraph/domain';
import type { Actor } from '../core/actor.types.js';
import type { CommandRunner } from '../core/command.runner.js';

/** One committed change, as the outbox recorded it. `sequence` is its audit event's sequence. */
export interface ChangeEvent {
  readonly tenantId: string;
  readonly sequence: number;
  readonly id: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly eventType: string;
  readonly payload: JsonObject;
  readonly createdAt: Date;
}

/** Options of {@link ChangeFeed.watch}. */
export interface WatchOptions {
  /** Stops the iteration when aborted. */
  readonly signal?: AbortSignal | undefined;
  /** Poll interval in milliseconds (default 200). */
  readonly pollMs?: number | undefined;
  /** Rows read per poll (default 100). */
  readonly batchSize?: number | undefined;
}

interface OutboxRow {
  tenant_id: string;
  sequence: string | number;
  id: string;
  aggregate_type: string;
  aggregate_id: string;
  event_type: string;
  payload: JsonObject;
  created_at: Date | string;
}

/**
 * The tenant's change feed over `outbox_events`. Sequences come from the audit chain, whose head
 * row lock is held until commit, so rows become visible in sequence order: reading
 * `sequence > cursor` never skips or repeats a change. Sequences of denied attempts (audited
 * without an outbox row) are simply absent. Watching requires `audit:read`.
 */
export class ChangeFeed {
  constructor(private readonly runner: CommandRunner) {}

  /** Yields changes after `fromSequence`, in order, polling until `signal` aborts. */
  async *watch(actor: Actor, fromSequence: number, options: WatchOptions = {}): AsyncGenerator<ChangeEvent, void, undefined> {
    await this.runner.query({ actor, resource: { type: 'audit' }, run: () => Promise.resolve(undefined) });
    const pollMs = options.pollMs ?? 200;
    const batch = options.batchSize ?? 100;
    let cursor = fromSequence;
    while (!options.signal?.aborted) {
      const rows = await this.runner.read(actor.tenantId, (tx) =>
        tx.sql.query<OutboxRow>(
          `SELECT tenant_id, sequence, id, aggregate_type, aggregate_id, event_type, payload, created_at
           FROM outbox_events WHERE tenant_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3`,
          [actor.tenantId, cursor, batch],
        ),
      );
      for (const row of rows) {
        if (options.signal?.aborted) return;
        cursor = Number(row.sequence);
        yield {
          tenantId: row.tenant_id,
          sequence: cursor,
          id: row.id,
          aggregateType: row.aggregate_type,
          aggregateId: row.aggregate_id,
          eventType: row.event_type,
          payload: row.payload,
          createdAt: new Date(row.created_at),
        };
      }
      if (rows.length < batch) await sleep(pollMs, options.signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
