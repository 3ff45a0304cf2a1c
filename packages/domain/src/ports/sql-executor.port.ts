/** Runs SQL inside the current transaction. Parameters are always bound, never interpolated. */
export interface SqlExecutor {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}
