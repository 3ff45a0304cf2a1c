import type { AuditEventInput, Clock, SqlExecutor } from '@intelgraph/domain';
import type { DataSource } from 'typeorm';

/** A plausible allowed event; override any field. */
export function sampleInput(overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    actor: { subject: 'user:alice', roles: ['operator'] },
    action: 'task.update',
    resourceType: 'task',
    resourceId: 'task-1',
    outcome: 'allowed',
    decision: { allow: true, reasons: ['role operator may update tasks'], policyVersion: 'v1', decisionId: 'dec-1' },
    requestId: 'req-1',
    changes: { status: { from: 'queued', to: 'claimed' } },
    ...overrides,
  };
}

/** A clock that moves forward `stepMs` on every read. */
export function steppingClock(start: Date, stepMs: number): Clock & { reads: number } {
  let t = start.getTime();
  const clock = {
    reads: 0,
    now(): Date {
      clock.reads++;
      const d = new Date(t);
      t += stepMs;
      return d;
    },
  };
  return clock;
}

/** The data source's own (superuser) connection as a `SqlExecutor`, outside any tenant transaction. */
export function superuserSql(ds: DataSource): SqlExecutor {
  return { query: <T>(sql: string, params: readonly unknown[] = []) => ds.query<T[]>(sql, [...params]) };
}

/**
 * Runs `statements` as the superuser in one transaction with the append-only trigger disabled
 * (DDL is transactional: no other session ever sees it disabled).
 */
export async function tamper(ds: DataSource, statements: ReadonlyArray<readonly [string, readonly unknown[]]>): Promise<void> {
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.query('BEGIN');
    try {
      await qr.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
      for (const [sql, params] of statements) await qr.query(sql, [...params]);
      await qr.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
      await qr.query('COMMIT');
    } catch (error) {
      await qr.query('ROLLBACK');
      throw error;
    }
  } finally {
    await qr.release();
  }
}

/** A promise and its resolver. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Rows of a query run on the data source's own (superuser) connection. */
export function rows<T>(ds: DataSource, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  return ds.query<T[]>(sql, [...params]);
}
