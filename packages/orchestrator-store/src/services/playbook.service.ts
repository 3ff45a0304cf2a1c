import {
  ConflictError,
  InvalidTransitionError,
  ValidationError,
  playbookMachine,
  playbookRunMachine,
  playbookVersionMachine,
  type Page,
  type PageRequest,
  type Playbook,
  type PlaybookRun,
  type PlaybookVersion,
  type TenantTransaction,
} from '@intelgraph/domain';
import { z } from 'zod';
import type { Actor } from '../core/actor.types.js';
import { found, visiblePage } from '../core/actor.util.js';
import type { CommandRunner } from '../core/command.runner.js';
import type { ResourceDescriptor } from '../core/command.types.js';
import { classificationSchema, expectedVersionSchema, idSchema, idsSchema, pageSchema } from '../core/schemas.util.js';
import { parseInput } from '../core/validation.util.js';
import { finishEvent, nextStepProblem, stepsSchema, triggersSchema } from './playbook.util.js';

const createSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
  classification: classificationSchema.default('internal'),
});
const versionSchema = z.object({ steps: stepsSchema, triggers: triggersSchema.default([]) });
const updateVersionSchema = z.object({ expectedVersion: expectedVersionSchema, steps: stepsSchema.optional(), triggers: triggersSchema.optional() });
const recordStepSchema = z.object({
  stepKey: z.string().trim().min(1).max(100),
  status: z.enum(['succeeded', 'failed', 'skipped']),
  output: z.record(z.string(), z.json()).default({}),
});
const finishSchema = z.object({ status: z.enum(['succeeded', 'failed', 'cancelled']) });
const listSchema = pageSchema.extend({ status: z.enum(['draft', 'enabled', 'disabled', 'deprecated']).optional() });

export type CreatePlaybookInput = z.input<typeof createSchema>;
export type CreatePlaybookVersionInput = z.input<typeof versionSchema>;
export type UpdatePlaybookVersionInput = z.input<typeof updateVersionSchema>;
export type RecordPlaybookStepInput = z.input<typeof recordStepSchema>;
export type FinishPlaybookRunInput = z.input<typeof finishSchema>;
export type ListPlaybooksInput = z.input<typeof listSchema>;

/** Playbooks: versioned step lists (immutable once published), lifecycle, and runs recorded step by step. */
export class PlaybookService {
  constructor(private readonly runner: CommandRunner) {}

  /** Creates a draft playbook (`playbook:create`). */
  async create(actor: Actor, input: CreatePlaybookInput): Promise<Playbook> {
    return this.runner.execute({
      actor,
      action: 'playbook:create',
      schema: createSchema,
      input,
      resource: (_tx, i) => Promise.resolve({ type: 'playbook', classification: i.classification }),
      changes: (p) => ({ name: p.name, classification: p.classification }),
      run: (tx, i) => tx.repositories.playbooks.create({ id: this.runner.ids.next(), ...i }),
    });
  }

  /** One playbook (`playbook:read`). */
  async get(actor: Actor, id: string): Promise<Playbook> {
    return this.runner.query({ actor, schema: idSchema, input: id, resource: (tx, i) => this.describe(tx, i), run: (tx, i) => this.load(tx, i) });
  }

  /** Playbooks the actor's clearance covers (`playbook:read`). */
  async list(actor: Actor, input: ListPlaybooksInput = {}): Promise<Page<Playbook>> {
    return this.runner.query({
      actor,
      schema: listSchema,
      input,
      resource: { type: 'playbook' },
      run: async (tx, i) => {
        const page = await tx.repositories.playbooks.list({ status: i.status }, { cursor: i.cursor, limit: i.limit });
        return visiblePage(actor, page);
      },
    });
  }

  /** Adds a draft version numbered one past the newest (`playbook:edit`); step keys must be unique. */
  async createVersion(actor: Actor, playbookId: string, input: CreatePlaybookVersionInput): Promise<PlaybookVersion> {
    const id = parseInput(idSchema, playbookId);
    return this.runner.execute({
      actor,
      action: 'playbook:edit',
      schema: versionSchema,
      input,
      resource: (tx) => this.describe(tx, id),
      changes: (v) => ({ versionId: v.id, number: v.number, steps: v.steps.length }),
      run: async (tx, i) => {
        const playbook = await this.load(tx, id, true);
        playbookMachine.next(playbook.status, 'edit');
        return tx.repositories.playbooks.createVersion({ id: this.runner.ids.next(), playbookId: id, steps: i.steps, triggers: i.triggers });
      },
    });
  }

  /** Replaces a draft version's steps and/or triggers at the expected version (`playbook:edit`); published ones are refused. */
  async updateVersion(actor: Actor, versionId: string, input: UpdatePlaybookVersionInput): Promise<PlaybookVersion> {
    const id = parseInput(idSchema, versionId);
    return this.runner.execute({
      actor,
      action: 'playbook:edit',
      schema: updateVersionSchema,
      input,
      resource: async (tx) => this.describe(tx, (await this.loadVersion(tx, id)).playbookId),
      changes: (v) => ({ versionId: v.id, number: v.number, steps: v.steps.length, triggers: v.triggers.length }),
      outbox: (v) => ({ aggregateId: v.playbookId }),
      run: async (tx, i) => {
        const version = await this.loadVersion(tx, id, true);
        playbookVersionMachine.next(version.status, 'edit');
        return tx.repositories.playbooks.updateVersion(id, i.expectedVersion, {
          ...(i.steps ? { steps: i.steps } : {}),
          ...(i.triggers ? { triggers: i.triggers } : {}),
        });
      },
    });
  }

  /**
   * Publishes a draft version (`playbook:publish`, governance: MFA): the version becomes immutable
   * with `publishedAt`, the playbook points at it, and a draft playbook becomes disabled.
   */
  async publish(actor: Actor, playbookId: string, versionId: string): Promise<Playbook> {
    const id = parseInput(idSchema, playbookId);
    const vid = parseInput(idSchema, versionId);
    return this.runner.execute({
      actor,
      action: 'playbook:publish',
      resource: (tx) => this.describe(tx, id),
      changes: (p) => ({ status: p.status, publishedVersionId: p.publishedVersionId }),
      run: async (tx) => {
        const playbook = await this.load(tx, id, true);
        const status = playbookMachine.next(playbook.status, 'publish');
        const version = await this.loadVersion(tx, vid, true);
        if (version.playbookId !== id) throw ValidationError.field('versionId', `version ${vid} belongs to another playbook`);
        const versionStatus = playbookVersionMachine.next(version.status, 'publish');
        await tx.repositories.playbooks.updateVersion(vid, version.version, { status: versionStatus, publishedAt: this.runner.clock.now() });
        return tx.repositories.playbooks.update(id, playbook.version, { status, publishedVersionId: vid });
      },
    });
  }

  /** disabled → enabled (`playbook:enable`). */
  async enable(actor: Actor, playbookId: string): Promise<Playbook> {
    return this.transition(actor, playbookId, 'enable');
  }

  /** enabled → disabled (`playbook:disable`). */
  async disable(actor: Actor, playbookId: string): Promise<Playbook> {
    return this.transition(actor, playbookId, 'disable');
  }

  /** → deprecated, terminal (`playbook:deprecate`). */
  async deprecate(actor: Actor, playbookId: string): Promise<Playbook> {
    return this.transition(actor, playbookId, 'deprecate');
  }

  /**
   * Playbook versions by id, in the order of `versionIds` (null when absent or of another tenant):
   * ONE `playbook:read` query for any number of versions.
   */
  async versionsByIds(actor: Actor, versionIds: readonly string[]): Promise<(PlaybookVersion | null)[]> {
    return this.runner.query({
      actor,
      schema: idsSchema,
      input: versionIds,
      resource: { type: 'playbook' },
      run: async (tx, ids) => {
        const byId = new Map((await tx.repositories.playbooks.getVersions(ids)).map((v) => [v.id, v]));
        return ids.map((id) => byId.get(id) ?? null);
      },
    });
  }

  /** The playbook's versions, oldest first (`playbook:read`). */
  async listVersions(actor: Actor, playbookId: string, page: PageRequest = {}): Promise<Page<PlaybookVersion>> {
    const p = parseInput(pageSchema, page);
    return this.runner.query({
      actor,
      schema: idSchema,
      input: playbookId,
      resource: (tx, i) => this.describe(tx, i),
      run: (tx, i) => tx.repositories.playbooks.listVersions({ playbookId: i }, p),
    });
  }

  /** Starts a run of the published version of an enabled playbook (`playbook:run`). */
  async startRun(actor: Actor, playbookId: string): Promise<PlaybookRun> {
    const id = parseInput(idSchema, playbookId);
    return this.runner.execute({
      actor,
      action: 'playbook:run',
      resource: (tx) => this.describe(tx, id),
      changes: (r) => ({ runId: r.id, versionId: r.versionId, status: r.status }),
      outbox: (r) => ({ aggregateType: 'playbook_run', aggregateId: r.id }),
      run: async (tx) => {
        const playbook = await this.load(tx, id);
        if (playbook.status !== 'enabled') throw new InvalidTransitionError('playbook', playbook.status, 'run');
        if (playbook.publishedVersionId === null) throw new ConflictError(`playbook ${id} has no published version`);
        return tx.repositories.playbooks.createRun({ id: this.runner.ids.next(), playbookId: id, versionId: playbook.publishedVersionId, startedBy: actor.subject });
      },
    });
  }

  /** Records the result of the run's next step, in the version's order (`playbook:run`). */
  async recordStep(actor: Actor, runId: string, input: RecordPlaybookStepInput): Promise<PlaybookRun> {
    const id = parseInput(idSchema, runId);
    return this.runner.execute({
      actor,
      action: 'playbook:run',
      schema: recordStepSchema,
      input,
      resource: async (tx) => this.describe(tx, (await this.loadRun(tx, id)).playbookId),
      changes: (r, i) => ({ runId: r.id, stepKey: i.stepKey, status: i.status }),
      outbox: (r) => ({ aggregateType: 'playbook_run', aggregateId: r.id }),
      run: async (tx, i) => {
        const run = await this.loadRun(tx, id, true);
        playbookRunMachine.next(run.status, 'record_step');
        const version = await this.loadVersion(tx, run.versionId);
        const problem = nextStepProblem(version.steps, run.stepResults, i.stepKey);
        if (problem) throw ValidationError.field('stepKey', problem);
        const result = { stepKey: i.stepKey, status: i.status, output: i.output, finishedAt: this.runner.clock.now().toISOString() };
        return tx.repositories.playbooks.updateRun(id, run.version, { stepResults: [...run.stepResults, result] });
      },
    });
  }

  /** Finishes a running run (`playbook:run`); `succeeded` only when every step has a result. */
  async finishRun(actor: Actor, runId: string, input: FinishPlaybookRunInput): Promise<PlaybookRun> {
    const id = parseInput(idSchema, runId);
    return this.runner.execute({
      actor,
      action: 'playbook:run',
      schema: finishSchema,
      input,
      resource: async (tx) => this.describe(tx, (await this.loadRun(tx, id)).playbookId),
      changes: (r) => ({ runId: r.id, status: r.status }),
      outbox: (r) => ({ aggregateType: 'playbook_run', aggregateId: r.id }),
      run: async (tx, i) => {
        const run = await this.loadRun(tx, id, true);
        const status = playbookRunMachine.next(run.status, finishEvent(i.status));
        if (i.status === 'succeeded') {
          const version = await this.loadVersion(tx, run.versionId);
          if (run.stepResults.length < version.steps.length) {
            throw new ConflictError(`run ${id} has results for ${run.stepResults.length} of ${version.steps.length} steps`);
          }
        }
        return tx.repositories.playbooks.updateRun(id, run.version, { status, finishedAt: this.runner.clock.now() });
      },
    });
  }

  /** One run (`playbook:read` on its playbook). */
  async getRun(actor: Actor, runId: string): Promise<PlaybookRun> {
    return this.runner.query({
      actor,
      schema: idSchema,
      input: runId,
      resource: async (tx, i) => this.describe(tx, (await this.loadRun(tx, i)).playbookId),
      run: (tx, i) => this.loadRun(tx, i),
    });
  }

  /** The playbook's runs (`playbook:read`). */
  async listRuns(actor: Actor, playbookId: string, page: PageRequest = {}): Promise<Page<PlaybookRun>> {
    const p = parseInput(pageSchema, page);
    return this.runner.query({
      actor,
      schema: idSchema,
      input: playbookId,
      resource: (tx, i) => this.describe(tx, i),
      run: (tx, i) => tx.repositories.playbooks.listRuns({ playbookId: i }, p),
    });
  }

  private async transition(actor: Actor, playbookId: string, event: 'enable' | 'disable' | 'deprecate'): Promise<Playbook> {
    const id = parseInput(idSchema, playbookId);
    return this.runner.execute({
      actor,
      action: `playbook:${event}`,
      resource: (tx) => this.describe(tx, id),
      changes: (p) => ({ status: p.status }),
      run: async (tx) => {
        const playbook = await this.load(tx, id, true);
        const status = playbookMachine.next(playbook.status, event);
        if (status === 'enabled' && playbook.publishedVersionId === null) throw new ConflictError(`playbook ${id} has no published version`);
        return tx.repositories.playbooks.update(id, playbook.version, { status });
      },
    });
  }

  private async load(tx: TenantTransaction, id: string, forUpdate = false): Promise<Playbook> {
    return found(await tx.repositories.playbooks.get(id, { forUpdate }), 'playbook', id);
  }

  private async loadVersion(tx: TenantTransaction, id: string, forUpdate = false): Promise<PlaybookVersion> {
    return found(await tx.repositories.playbooks.getVersion(id, { forUpdate }), 'playbook_version', id);
  }

  private async loadRun(tx: TenantTransaction, id: string, forUpdate = false): Promise<PlaybookRun> {
    return found(await tx.repositories.playbooks.getRun(id, { forUpdate }), 'playbook_run', id);
  }

  private async describe(tx: TenantTransaction, id: string): Promise<ResourceDescriptor> {
    const playbook = await this.load(tx, id);
    return { type: 'playbook', id, classification: playbook.classification };
  }
}
