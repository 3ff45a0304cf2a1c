import {
  ConflictError,
  InvalidTransitionError,
  LeaseLostError,
  loopMachine,
  type AutonomicLoop,
  type LoopCycle,
  type LoopEvent,
  type Page,
  type PageRequest,
  type TenantTransaction,
} from '@intelgraph/domain';
import { z } from 'zod';
import type { Actor } from '../core/actor.types.js';
import { found, visiblePage } from '../core/actor.util.js';
import type { CommandRunner } from '../core/command.runner.js';
import type { ResourceDescriptor } from '../core/command.types.js';
import { classificationSchema, expectedVersionSchema, idSchema, idsSchema, jsonObjectSchema, pageSchema } from '../core/schemas.util.js';
import { parseInput } from '../core/validation.util.js';

const createSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
  classification: classificationSchema.default('internal'),
  config: jsonObjectSchema.default({}),
});
const configureSchema = z.object({ expectedVersion: expectedVersionSchema, config: jsonObjectSchema.optional(), description: z.string().max(2000).optional() });
const transitionSchema = z.object({ expectedVersion: expectedVersionSchema.optional() }).default({});
const leaseSchema = z.object({ owner: z.string().min(1).max(200), ttlMs: z.number().int().min(100).max(86_400_000) });
const cycleSchema = z.object({
  fencingToken: z.number().int().min(1),
  monitor: jsonObjectSchema,
  analysis: jsonObjectSchema,
  plan: jsonObjectSchema,
  execution: jsonObjectSchema,
  knowledge: jsonObjectSchema,
});
const listSchema = pageSchema.extend({ status: z.enum(['active', 'paused', 'retired']).optional() });

export type CreateLoopInput = z.input<typeof createSchema>;
export type ConfigureLoopInput = z.input<typeof configureSchema>;
export type AcquireLeaseInput = z.input<typeof leaseSchema>;
export type RecordCycleInput = z.input<typeof cycleSchema>;
export type ListLoopsInput = z.input<typeof listSchema>;

/** A granted loop lease: the loop and the fencing token every cycle write must present. */
export interface LoopLease {
  readonly loop: AutonomicLoop;
  readonly fencingToken: number;
}

/** Autonomic (MAPE-K) loops: lifecycle, a fenced single-writer lease, and the linked cycle history. */
export class LoopService {
  constructor(private readonly runner: CommandRunner) {}

  /** Creates an active loop (`loop:create`). */
  async create(actor: Actor, input: CreateLoopInput): Promise<AutonomicLoop> {
    return this.runner.execute({
      actor,
      action: 'loop:create',
      schema: createSchema,
      input,
      resource: (_tx, i) => Promise.resolve({ type: 'loop', classification: i.classification }),
      changes: (l) => ({ name: l.name, classification: l.classification }),
      run: (tx, i) => tx.repositories.loops.create({ id: this.runner.ids.next(), ...i }),
    });
  }

  /** One loop (`loop:read`). */
  async get(actor: Actor, id: string): Promise<AutonomicLoop> {
    return this.runner.query({ actor, schema: idSchema, input: id, resource: (tx, i) => this.describe(tx, i), run: (tx, i) => this.load(tx, i) });
  }

  /** Loops the actor's clearance covers, by id (`loop:read`). */
  async list(actor: Actor, input: ListLoopsInput = {}): Promise<Page<AutonomicLoop>> {
    return this.runner.query({
      actor,
      schema: listSchema,
      input,
      resource: { type: 'loop' },
      run: async (tx, i) => {
        const page = await tx.repositories.loops.list({ status: i.status }, { cursor: i.cursor, limit: i.limit });
        return visiblePage(actor, page);
      },
    });
  }

  /** Changes config and/or description at the expected version (`loop:configure`). */
  async configure(actor: Actor, id: string, input: ConfigureLoopInput): Promise<AutonomicLoop> {
    const loopId = parseInput(idSchema, id);
    return this.runner.execute({
      actor,
      action: 'loop:configure',
      schema: configureSchema,
      input,
      resource: (tx) => this.describe(tx, loopId),
      changes: (_l, i) => ({ ...(i.config ? { config: i.config } : {}), ...(i.description !== undefined ? { description: i.description } : {}) }),
      run: async (tx, i) => {
        const loop = await this.load(tx, loopId, true);
        loopMachine.next(loop.status, 'configure');
        return tx.repositories.loops.update(loopId, i.expectedVersion, {
          ...(i.config ? { config: i.config } : {}),
          ...(i.description !== undefined ? { description: i.description } : {}),
        });
      },
    });
  }

  /** active → paused (`loop:pause`). */
  async pause(actor: Actor, id: string, input?: { expectedVersion?: number }): Promise<AutonomicLoop> {
    return this.transition(actor, id, 'pause', input);
  }

  /** paused → active (`loop:resume`). */
  async resume(actor: Actor, id: string, input?: { expectedVersion?: number }): Promise<AutonomicLoop> {
    return this.transition(actor, id, 'resume', input);
  }

  /** → retired, terminal (`loop:retire`, a governance action: the policy requires MFA). */
  async retire(actor: Actor, id: string, input?: { expectedVersion?: number }): Promise<AutonomicLoop> {
    return this.transition(actor, id, 'retire', input);
  }

  /**
   * Takes or renews the loop's lease (`loop:acquire_lease`). The fencing token increases on every
   * acquisition by another owner or after expiry; a live lease of another owner is a `ConflictError`.
   */
  async acquireLease(actor: Actor, id: string, input: AcquireLeaseInput): Promise<LoopLease> {
    const loopId = parseInput(idSchema, id);
    return this.runner.execute({
      actor,
      action: 'loop:acquire_lease',
      schema: leaseSchema,
      input,
      resource: (tx) => this.describe(tx, loopId),
      changes: (r) => ({ leaseOwner: r.loop.leaseOwner, fencingToken: r.fencingToken, leaseExpiresAt: r.loop.leaseExpiresAt?.toISOString() ?? null }),
      run: async (tx, i) => {
        const loop = await this.load(tx, loopId, true);
        if (loop.status === 'retired') throw new InvalidTransitionError('loop', loop.status, 'acquire_lease');
        const now = this.runner.clock.now();
        const live = loop.leaseOwner !== null && loop.leaseExpiresAt !== null && loop.leaseExpiresAt.getTime() > now.getTime();
        if (live && loop.leaseOwner !== i.owner) throw new ConflictError(`loop ${loopId} is leased by another owner until ${loop.leaseExpiresAt?.toISOString()}`);
        const fencingToken = live ? loop.fencingToken : loop.fencingToken + 1;
        const updated = await tx.repositories.loops.update(loopId, loop.version, {
          leaseOwner: i.owner,
          fencingToken,
          leaseExpiresAt: new Date(now.getTime() + i.ttlMs),
        });
        return { loop: updated, fencingToken };
      },
    });
  }

  /**
   * Appends the next MAPE-K cycle (`loop:record_cycle`) under the loop's row lock. Refused with
   * `LeaseLostError` unless the token is the loop's current one and its lease is live.
   */
  async recordCycle(actor: Actor, id: string, input: RecordCycleInput): Promise<LoopCycle> {
    const loopId = parseInput(idSchema, id);
    return this.runner.execute({
      actor,
      action: 'loop:record_cycle',
      schema: cycleSchema,
      input,
      resource: (tx) => this.describe(tx, loopId),
      changes: (c) => ({ cycleId: c.id, sequence: c.sequence, parentId: c.parentId, fencingToken: c.fencingToken }),
      run: async (tx, i) => {
        const loop = await this.load(tx, loopId, true);
        loopMachine.next(loop.status, 'record_cycle');
        const now = this.runner.clock.now();
        if (i.fencingToken !== loop.fencingToken) throw new LeaseLostError('loop', loopId, `fencing token ${i.fencingToken} is stale (current ${loop.fencingToken})`);
        if (loop.leaseExpiresAt === null || loop.leaseExpiresAt.getTime() <= now.getTime()) throw new LeaseLostError('loop', loopId, 'the lease expired');
        const cycle = await tx.repositories.loops.appendCycle({
          id: this.runner.ids.next(),
          loopId,
          parentId: loop.latestCycleId,
          sequence: loop.cycleCount + 1,
          monitor: i.monitor,
          analysis: i.analysis,
          plan: i.plan,
          execution: i.execution,
          knowledge: i.knowledge,
          recordedBy: actor.subject,
          fencingToken: i.fencingToken,
        });
        await tx.repositories.loops.update(loopId, loop.version, { latestCycleId: cycle.id, cycleCount: cycle.sequence });
        return cycle;
      },
    });
  }

  /** The newest cycle, or null before the first (`loop:read`). */
  async latestCycle(actor: Actor, id: string): Promise<LoopCycle | null> {
    return this.runner.query({
      actor,
      schema: idSchema,
      input: id,
      resource: (tx, i) => this.describe(tx, i),
      run: async (tx, i) => {
        const loop = await this.load(tx, i);
        return loop.latestCycleId ? tx.repositories.loops.getCycle(i, loop.latestCycleId) : null;
      },
    });
  }

  /**
   * The latest cycle of each loop, in the order of `loopIds` (null when the loop is absent, of
   * another tenant or has no cycle yet): ONE `loop:read` query for any number of loops.
   */
  async latestCycles(actor: Actor, loopIds: readonly string[]): Promise<(LoopCycle | null)[]> {
    return this.runner.query({
      actor,
      schema: idsSchema,
      input: loopIds,
      resource: { type: 'loop' },
      run: async (tx, ids) => {
        const byLoop = new Map((await tx.repositories.loops.latestCycles(ids)).map((c) => [c.loopId, c]));
        return ids.map((id) => byLoop.get(id) ?? null);
      },
    });
  }

  /** Cycle history, newest first (`loop:read`). */
  async cycles(actor: Actor, id: string, page: PageRequest = {}): Promise<Page<LoopCycle>> {
    const p = parseInput(pageSchema, page);
    return this.runner.query({
      actor,
      schema: idSchema,
      input: id,
      resource: (tx, i) => this.describe(tx, i),
      run: (tx, i) => tx.repositories.loops.listCycles(i, p),
    });
  }

  private async transition(actor: Actor, id: string, event: LoopEvent & ('pause' | 'resume' | 'retire'), input: unknown = {}): Promise<AutonomicLoop> {
    const loopId = parseInput(idSchema, id);
    return this.runner.execute({
      actor,
      action: `loop:${event}`,
      schema: transitionSchema,
      input,
      resource: (tx) => this.describe(tx, loopId),
      changes: (l) => ({ status: l.status }),
      run: async (tx, i) => {
        const loop = await this.load(tx, loopId, true);
        const status = loopMachine.next(loop.status, event);
        return tx.repositories.loops.update(loopId, i.expectedVersion ?? loop.version, { status });
      },
    });
  }

  private async load(tx: TenantTransaction, id: string, forUpdate = false): Promise<AutonomicLoop> {
    return found(await tx.repositories.loops.get(id, { forUpdate }), 'loop', id);
  }

  private async describe(tx: TenantTransaction, id: string): Promise<ResourceDescriptor> {
    const loop = await this.load(tx, id);
    return { type: 'loop', id, classification: loop.classification };
  }
}
