import type { SqlExecutor } from '@intelgraph/domain';
import type { QueryRunner } from 'typeorm';
import { translatePgError } from '../util/pg-error.util.js';

/** Runs bound SQL on the unit of work's query runner; constraint violations become domain errors. */
export class QueryRunnerSqlExecutor implements SqlExecutor {
  constructor(private readonly runner: QueryRunner) {}

  async query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    try {
      // The structured result gives rows for every command (the plain one wraps UPDATE/DELETE as [rows, count]).
      const result = await this.runner.query(sql, [...params], true);
      return (result.records ?? []) as T[];
    } catch (error) {
      throw translatePgError(error);
    }
  }
}
