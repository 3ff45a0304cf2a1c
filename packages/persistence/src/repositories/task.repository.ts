import {
  ValidationError,
  type ClaimRequest,
  type CoordinationTask,
  type GetOptions,
  type Id,
  type NewTask,
  type Page,
  type PageRequest,
  type SqlExecutor,
  type TaskFilter,
  type TaskPatch,
  type TaskRepository as TaskRepositoryPort,
} from '@intelgraph/domain';
import { MAX_PAGE_SIZE } from '../util/cursor.util.js';
import { TableGateway } from '../util/table.util.js';

const FINISHED = ['succeeded', 'failed', 'cancelled', 'dead'];

function batchLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) throw ValidationError.field('limit', `must be an integer 1..${MAX_PAGE_SIZE}`);
  return Math.min(limit, MAX_PAGE_SIZE);
}

/** The coordination queue: tasks, claims under `FOR UPDATE SKIP LOCKED`, lease expiry and purging. */
export class TaskRepository implements TaskRepositoryPort {
  private readonly tasks: TableGateway<CoordinationTask>;

  constructor(
    private readonly sql: SqlExecutor,
    private readonly tenantId: string,
  ) {
    this.tasks = new TableGateway({ table: 'tasks', resourceType: 'task', jsonb: ['payload', 'result'] }, sql, tenantId);
  }

  create(input: NewTask): Promise<CoordinationTask> {
    return this.tasks.insert({ ...input });
  }

  get(id: Id, options: GetOptions = {}): Promise<CoordinationTask | null> {
    return this.tasks.findOne({ id }, options.forUpdate);
  }

  findByIdempotencyKey(queue: string, key: string): Promise<CoordinationTask | null> {
    return this.tasks.findOne({ queue, idempotencyKey: key });
  }

  list(filter: TaskFilter, page: PageRequest): Promise<Page<CoordinationTask>> {
    return this.tasks.page({ queue: filter.queue, status: filter.status, claimedBy: filter.claimedBy }, page);
  }

  update(id: Id, expectedVersion: number, patch: TaskPatch): Promise<CoordinationTask> {
    return this.tasks.update({ id }, expectedVersion, { ...patch });
  }

  /**
   * One statement: locks up to `limit` due tasks (skipping rows other claimers hold), numbers them
   * in claim order and gives the n-th the n-th of `limit` fresh lease tokens.
   */
  async claim(request: ClaimRequest): Promise<CoordinationTask[]> {
    const limit = batchLimit(request.limit);
    if (!Number.isFinite(request.leaseMs) || request.leaseMs <= 0) throw ValidationError.field('leaseMs', 'must be a positive number');
    const tokens = Array.from({ length: limit }, () => request.newLeaseToken());
    const rows = await this.sql.query(
      `WITH "locked" AS MATERIALIZED (
         SELECT "tenant_id", "id", "priority", "run_at" FROM "tasks"
         WHERE "tenant_id" = $1 AND "queue" = $2 AND "status" IN ('queued', 'retry_wait') AND "run_at" <= $3
           AND ("assigned_agent_id" IS NULL OR "assigned_agent_id" = $4)
         ORDER BY "priority" DESC, "run_at", "id" LIMIT $5
         FOR UPDATE SKIP LOCKED
       ), "picked" AS (
         SELECT "tenant_id", "id", row_number() OVER (ORDER BY "priority" DESC, "run_at", "id") AS "n" FROM "locked"
       ), "claimed" AS (
         UPDATE "tasks" t SET "status" = 'claimed', "claimed_by" = $4, "lease_token" = k."token",
           "lease_expires_at" = $3::timestamptz + $6 * interval '1 millisecond', "attempts" = t."attempts" + 1,
           "version" = t."version" + 1, "updated_at" = now()
         FROM "picked" p JOIN unnest($7::uuid[]) WITH ORDINALITY AS k("token", "n") ON k."n" = p."n"
         WHERE t."tenant_id" = $1 AND t."tenant_id" = p."tenant_id" AND t."id" = p."id"
         RETURNING t.*
       )
       SELECT * FROM "claimed" ORDER BY "priority" DESC, "run_at", "id"`,
      [this.tenantId, request.queue, request.now, request.agentId, limit, request.leaseMs, tokens],
    );
    return rows.map((r) => this.tasks.map(r));
  }

  async lockExpired(now: Date, limit: number): Promise<CoordinationTask[]> {
    const rows = await this.sql.query(
      `SELECT * FROM "tasks" WHERE "tenant_id" = $1 AND "status" = 'claimed' AND "lease_expires_at" < $2
       ORDER BY "lease_expires_at", "id" LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [this.tenantId, now, batchLimit(limit)],
    );
    return rows.map((r) => this.tasks.map(r));
  }

  async purgeFinished(before: Date): Promise<number> {
    const rows = await this.sql.query<{ n: number }>(
      `WITH "gone" AS (
         DELETE FROM "tasks" WHERE "tenant_id" = $1 AND "status" = ANY($2::text[]) AND "finished_at" < $3 RETURNING 1
       ) SELECT count(*)::integer AS "n" FROM "gone"`,
      [this.tenantId, FINISHED, before],
    );
    return rows[0]?.n ?? 0;
  }
}
