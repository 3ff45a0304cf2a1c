import {
  LeaseLostError,
  TASK_LIMITS,
  backoffDelayMs,
  taskMachine,
  type CoordinationTask,
  type Page,
  type PageRequest,
  type TaskPatch,
  type TenantTransaction,
} from '@intelgraph/domain';
import { z } from 'zod';
import type { Actor } from '../core/actor.types.js';
import { found, hasAnyRole, visiblePage } from '../core/actor.util.js';
import type { CommandRunner } from '../core/command.runner.js';
import type { CommandEffect, ResourceDescriptor } from '../core/command.types.js';
import { classificationSchema, idSchema, pageSchema } from '../core/schemas.util.js';
import { parseInput } from '../core/validation.util.js';
import { AGENT_SUPERVISOR_ROLES } from './agent.service.js';

const queueSchema = z.string().min(1).max(100);
const enqueueSchema = z.object({
  queue: queueSchema,
  kind: z.string().min(1).max(100),
  payload: z.json().refine((p) => Buffer.byteLength(JSON.stringify(p), 'utf8') <= TASK_LIMITS.maxPayloadBytes, `must be at most ${TASK_LIMITS.maxPayloadBytes} bytes of JSON`),
  priority: z.number().int().min(TASK_LIMITS.minPriority).max(TASK_LIMITS.maxPriority).default(0),
  runAt: z.date().optional(),
  maxAttempts: z.number().int().min(1).max(TASK_LIMITS.maxAttempts).default(5),
  idempotencyKey: z.string().min(1).max(200).nullish(),
  assignedAgentId: idSchema.nullish(),
  classification: classificationSchema.default('internal'),
});
const claimSchema = z.object({ queue: queueSchema, agentId: idSchema, limit: z.number().int().min(1).max(100), leaseMs: z.number().int().min(100).max(86_400_000) });
const extendSchema = z.object({ leaseToken: idSchema, leaseMs: z.number().int().min(100).max(86_400_000) });
const completeSchema = z.object({ leaseToken: idSchema, result: z.json().default(null) });
const failSchema = z.object({ leaseToken: idSchema, error: z.string().min(1).max(10_000), retryable: z.boolean().default(true) });
const listSchema = pageSchema.extend({ queue: queueSchema.optional(), status: z.enum(['queued', 'claimed', 'succeeded', 'failed', 'retry_wait', 'dead', 'cancelled']).optional() });

export type EnqueueTaskInput = z.input<typeof enqueueSchema>;
export type ClaimTasksInput = z.input<typeof claimSchema>;
export type ExtendTaskInput = z.input<typeof extendSchema>;
export type CompleteTaskInput = z.input<typeof completeSchema>;
export type FailTaskInput = z.input<typeof failSchema>;
export type ListTasksInput = z.input<typeof listSchema>;

const taskEffect = (t: CoordinationTask): CommandEffect => ({
  resourceType: 'task',
  resourceId: t.id,
  changes: { status: t.status, attempts: t.attempts, claimedBy: t.claimedBy },
});

/** A work queue: enqueue (idempotent), claim with leases (SKIP LOCKED), complete, fail with backoff, dead letters, redrive. */
export class TaskService {
  constructor(private readonly runner: CommandRunner) {}

  /** Adds a task (`task:enqueue`); the same idempotency key in the same queue returns the existing task, unaudited. */
  async enqueue(actor: Actor, input: EnqueueTaskInput): Promise<CoordinationTask> {
    const out = await this.runner.execute<{ task: CoordinationTask; created: boolean }, z.output<typeof enqueueSchema>>({
      actor,
      action: 'task:enqueue',
      schema: enqueueSchema,
      input,
      resource: (_tx, i) => Promise.resolve({ type: 'task', classification: i.classification }),
      effects: (r) => (r.created ? [{ ...taskEffect(r.task), changes: { queue: r.task.queue, kind: r.task.kind, status: r.task.status } }] : []),
      run: async (tx, i) => {
        if (i.idempotencyKey) {
          const existing = await tx.repositories.tasks.findByIdempotencyKey(i.queue, i.idempotencyKey);
          if (existing) return { task: existing, created: false };
        }
        if (i.assignedAgentId) found(await tx.repositories.agents.get(i.assignedAgentId), 'agent', i.assignedAgentId);
        const task = await tx.repositories.tasks.create({
          id: this.runner.ids.next(),
          queue: i.queue,
          kind: i.kind,
          payload: i.payload,
          priority: i.priority,
          runAt: i.runAt ?? this.runner.clock.now(),
          classification: i.classification,
          maxAttempts: i.maxAttempts,
          idempotencyKey: i.idempotencyKey ?? null,
          assignedAgentId: i.assignedAgentId ?? null,
        });
        return { task, created: true };
      },
    });
    return out.task;
  }

  /** One task (`task:read`; an agent reads only tasks it holds). */
  async get(actor: Actor, id: string): Promise<CoordinationTask> {
    return this.runner.query({ actor, schema: idSchema, input: id, resource: (tx, i) => this.describe(tx, i), run: (tx, i) => this.load(tx, i) });
  }

  /** Tasks by queue and status (`task:read`). */
  async list(actor: Actor, input: ListTasksInput = {}): Promise<Page<CoordinationTask>> {
    return this.runner.query({
      actor,
      schema: listSchema,
      input,
      resource: { type: 'task' },
      run: async (tx, i) => {
        const page = await tx.repositories.tasks.list({ queue: i.queue, status: i.status }, { cursor: i.cursor, limit: i.limit });
        return visiblePage(actor, page);
      },
    });
  }

  /** Dead-lettered tasks (`task:read`). */
  async listDead(actor: Actor, page: PageRequest = {}): Promise<Page<CoordinationTask>> {
    return this.list(actor, { ...page, status: 'dead' });
  }

  /** Claims up to `limit` due tasks for the agent (`task:claim`); one audit event per claimed task. */
  async claim(actor: Actor, input: ClaimTasksInput): Promise<CoordinationTask[]> {
    return this.runner.execute({
      actor,
      action: 'task:claim',
      schema: claimSchema,
      input,
      resource: async (tx, i) => {
        const agent = found(await tx.repositories.agents.get(i.agentId), 'agent', i.agentId);
        return { type: 'task', assignee: agent.subject };
      },
      guard: (r) => (r.assignee === actor.subject || hasAnyRole(actor, AGENT_SUPERVISOR_ROLES) ? [] : ['not_assignee']),
      effects: (tasks) => tasks.map(taskEffect),
      run: (tx, i) =>
        tx.repositories.tasks.claim({ queue: i.queue, agentId: i.agentId, limit: i.limit, leaseMs: i.leaseMs, now: this.runner.clock.now(), newLeaseToken: () => this.runner.ids.next() }),
    });
  }

  /** Extends the holder's lease (`task:extend`). */
  async extend(actor: Actor, id: string, input: ExtendTaskInput): Promise<CoordinationTask> {
    return this.leased(actor, id, 'task:extend', extendSchema, input, (task, i, now) => {
      taskMachine.next(task.status, 'extend');
      return { leaseExpiresAt: new Date(now.getTime() + i.leaseMs) };
    });
  }

  /** Completes the task with its result (`task:complete`). */
  async complete(actor: Actor, id: string, input: CompleteTaskInput): Promise<CoordinationTask> {
    return this.leased(actor, id, 'task:complete', completeSchema, input, (task, i, now) => ({
      status: taskMachine.next(task.status, 'complete'),
      result: i.result,
      finishedAt: now,
      leaseExpiresAt: null,
    }));
  }

  /** Fails the attempt (`task:fail`): retry_wait with backoff while attempts remain, else dead; non-retryable → failed. */
  async fail(actor: Actor, id: string, input: FailTaskInput): Promise<CoordinationTask> {
    return this.leased(actor, id, 'task:fail', failSchema, input, (task, i, now) => {
      const base = { lastError: i.error, leaseExpiresAt: null } as const;
      if (!i.retryable) return { ...base, status: taskMachine.next(task.status, 'fail_final'), finishedAt: now };
      if (task.attempts < task.maxAttempts) {
        return { ...base, status: taskMachine.next(task.status, 'fail_retry'), runAt: new Date(now.getTime() + backoffDelayMs(task.attempts)) };
      }
      return { ...base, status: taskMachine.next(task.status, 'dead_letter'), finishedAt: now };
    });
  }

  /** Cancels a queued, waiting or claimed task (`task:cancel`). */
  async cancel(actor: Actor, id: string): Promise<CoordinationTask> {
    return this.simple(actor, id, 'task:cancel', (task, now) => ({ status: taskMachine.next(task.status, 'cancel'), finishedAt: now, leaseExpiresAt: null }));
  }

  /** Puts a dead or failed task back in its queue with attempts reset (`task:redrive`, governance). */
  async redrive(actor: Actor, id: string): Promise<CoordinationTask> {
    return this.simple(actor, id, 'task:redrive', (task, now) => ({
      status: taskMachine.next(task.status, 'redrive'),
      attempts: 0,
      runAt: now,
      finishedAt: null,
      claimedBy: null,
      leaseToken: null,
      leaseExpiresAt: null,
    }));
  }

  /** Returns claimed tasks whose lease expired to the queue, or to dead when out of attempts (`task:claim`). */
  async reclaimExpired(actor: Actor, limit = 100): Promise<CoordinationTask[]> {
    return this.runner.execute({
      actor,
      action: 'task:claim',
      resource: { type: 'task' },
      effects: (tasks) => tasks.map(taskEffect),
      run: async (tx) => {
        const now = this.runner.clock.now();
        const expired = await tx.repositories.tasks.lockExpired(now, limit);
        const out: CoordinationTask[] = [];
        for (const t of expired) {
          const patch: TaskPatch =
            t.attempts >= t.maxAttempts
              ? { status: taskMachine.next(t.status, 'dead_letter'), finishedAt: now, leaseExpiresAt: null, lastError: 'lease expired' }
              : { status: taskMachine.next(t.status, 'expire'), claimedBy: null, leaseToken: null, leaseExpiresAt: null };
          out.push(await tx.repositories.tasks.update(t.id, t.version, patch));
        }
        return out;
      },
    });
  }

  private async leased<I>(
    actor: Actor,
    id: string,
    action: string,
    schema: z.ZodType<I>,
    input: unknown,
    patch: (task: CoordinationTask, input: I, now: Date) => TaskPatch,
  ): Promise<CoordinationTask> {
    const taskId = parseInput(idSchema, id);
    const locked = new LockedTask(taskId);
    return this.runner.execute({
      actor,
      action,
      schema,
      input,
      resource: (tx) => this.describeLocked(tx, locked),
      changes: (t) => ({ status: t.status, attempts: t.attempts }),
      run: async (tx, i) => {
        const task = await locked.take(tx, (t) => this.load(t, taskId, true));
        const now = this.runner.clock.now();
        const token = (i as { leaseToken: string }).leaseToken;
        if (task.status !== 'claimed' || task.leaseToken !== token) throw new LeaseLostError('task', taskId, 'the lease token is not the current one');
        if (task.leaseExpiresAt === null || task.leaseExpiresAt.getTime() <= now.getTime()) throw new LeaseLostError('task', taskId, 'the lease expired');
        return tx.repositories.tasks.update(taskId, task.version, patch(task, i, now));
      },
    });
  }

  private async simple(actor: Actor, id: string, action: string, patch: (task: CoordinationTask, now: Date) => TaskPatch): Promise<CoordinationTask> {
    const taskId = parseInput(idSchema, id);
    const locked = new LockedTask(taskId);
    return this.runner.execute({
      actor,
      action,
      resource: (tx) => this.describeLocked(tx, locked),
      changes: (t) => ({ status: t.status, attempts: t.attempts }),
      run: async (tx) => {
        const task = await locked.take(tx, (t) => this.load(t, taskId, true));
        return tx.repositories.tasks.update(taskId, task.version, patch(task, this.runner.clock.now()));
      },
    });
  }

  private async load(tx: TenantTransaction, id: string, forUpdate = false): Promise<CoordinationTask> {
    return found(await tx.repositories.tasks.get(id, { forUpdate }), 'task', id);
  }

  /** Policy attributes: classification, and as assignee the subject of the agent holding (or assigned) the task. */
  private async describe(tx: TenantTransaction, id: string): Promise<ResourceDescriptor> {
    return this.descriptorOf(tx, id, await this.load(tx, id));
  }

  /**
   * `describe` for a write: loads the task `FOR UPDATE` once and keeps it for the command's `run`
   * (same transaction), instead of a plain read here and a locking read there.
   */
  private async describeLocked(tx: TenantTransaction, locked: LockedTask): Promise<ResourceDescriptor> {
    const task = await this.load(tx, locked.id, true);
    locked.keep(tx, task);
    return this.descriptorOf(tx, locked.id, task);
  }

  private async descriptorOf(tx: TenantTransaction, id: string, task: CoordinationTask): Promise<ResourceDescriptor> {
    const agentId = task.claimedBy ?? task.assignedAgentId;
    const agent = agentId ? await tx.repositories.agents.get(agentId) : null;
    return { type: 'task', id, classification: task.classification, ...(agent ? { assignee: agent.subject } : {}) };
  }
}

/**
 * The task row a command locked while loading its policy attributes, handed to the command's
 * `run` in the same transaction (and only there: another transaction loads its own).
 */
class LockedTask {
  private tx: TenantTransaction | undefined;
  private task: CoordinationTask | undefined;

  constructor(readonly id: string) {}

  keep(tx: TenantTransaction, task: CoordinationTask): void {
    this.tx = tx;
    this.task = task;
  }

  /** The kept row when `tx` locked it, else `load(tx)`. Hands a row out once. */
  async take(tx: TenantTransaction, load: (tx: TenantTransaction) => Promise<CoordinationTask>): Promise<CoordinationTask> {
    const task = this.tx === tx ? this.task : undefined;
    this.tx = undefined;
    this.task = undefined;
    return task ?? load(tx);
  }
}
