import {
  ValidationError,
  variantWeightProblems,
  experimentMachine,
  type Experiment,
  type ExperimentEvent,
  type Page,
  type TenantTransaction,
  type VariantResult,
} from '@intelgraph/domain';
import { z } from 'zod';
import type { Actor } from '../core/actor.types.js';
import { found, visiblePage } from '../core/actor.util.js';
import type { CommandRunner } from '../core/command.runner.js';
import type { CommandEffect, ResourceDescriptor } from '../core/command.types.js';
import { classificationSchema, expectedVersionSchema, idSchema, pageSchema } from '../core/schemas.util.js';
import { parseInput } from '../core/validation.util.js';
import { guardrailBreach } from './experiment.util.js';

const keySchema = z.string().trim().min(1).max(100);
const createSchema = z.object({
  name: z.string().trim().min(1).max(200),
  hypothesis: z.string().max(2000).default(''),
  classification: classificationSchema.default('internal'),
  variants: z.array(z.object({ key: keySchema, weight: z.number() })).min(1).max(50),
  guardrail: z.object({ metric: keySchema, threshold: z.number(), direction: z.enum(['above', 'below']) }).nullish(),
});
const transitionSchema = z.object({ expectedVersion: expectedVersionSchema.optional() }).default({});
const concludeSchema = z.object({ conclusion: z.string().trim().min(1).max(4000), expectedVersion: expectedVersionSchema.optional() });
const abortSchema = z.object({ reason: z.string().max(2000).optional(), expectedVersion: expectedVersionSchema.optional() }).default({});
const observeSchema = z.object({ variantKey: keySchema, metric: keySchema, value: z.number().refine(Number.isFinite, 'must be finite') });
const listSchema = pageSchema.extend({ status: z.enum(['draft', 'running', 'paused', 'concluded', 'aborted']).optional() });

export type CreateExperimentInput = z.input<typeof createSchema>;
export type ExperimentTransitionInput = z.input<typeof transitionSchema>;
export type ConcludeExperimentInput = z.input<typeof concludeSchema>;
export type AbortExperimentInput = z.input<typeof abortSchema>;
export type ObserveExperimentInput = z.input<typeof observeSchema>;
export type ListExperimentsInput = z.input<typeof listSchema>;

/** What `observe` did: the recorded observation, and the experiment (aborted when its guardrail tripped). */
export interface ObservationOutcome {
  readonly observationId: string;
  readonly experiment: Experiment;
  /** The breaching variant's result when the guardrail aborted the experiment, else null. */
  readonly guardrailBreach: VariantResult | null;
}

/** A/B experiments: lifecycle, observations, database-computed results and an auto-aborting guardrail. */
export class ExperimentService {
  constructor(private readonly runner: CommandRunner) {}

  /** Creates a draft experiment (`experiment:create`); variant weights must be integers summing to 100. */
  async create(actor: Actor, input: CreateExperimentInput): Promise<Experiment> {
    const parsed = parseInput(createSchema, input);
    const problems = variantWeightProblems(parsed.variants);
    if (problems.length > 0) throw new ValidationError(problems.map((message) => ({ path: 'variants', message })));
    return this.runner.execute({
      actor,
      action: 'experiment:create',
      schema: createSchema,
      input: parsed,
      resource: (_tx, i) => Promise.resolve({ type: 'experiment', classification: i.classification }),
      changes: (e) => ({ name: e.name, classification: e.classification, variants: e.variants.map((v) => ({ key: v.key, weight: v.weight })) }),
      run: (tx, i) =>
        tx.repositories.experiments.create({
          id: this.runner.ids.next(),
          name: i.name,
          hypothesis: i.hypothesis,
          classification: i.classification,
          variants: i.variants.map((v) => ({ id: this.runner.ids.next(), key: v.key, weight: v.weight })),
          guardrail: i.guardrail ?? null,
        }),
    });
  }

  /** One experiment (`experiment:read`). */
  async get(actor: Actor, id: string): Promise<Experiment> {
    return this.runner.query({ actor, schema: idSchema, input: id, resource: (tx, i) => this.describe(tx, i), run: (tx, i) => this.load(tx, i) });
  }

  /** Experiments the actor's clearance covers (`experiment:read`). */
  async list(actor: Actor, input: ListExperimentsInput = {}): Promise<Page<Experiment>> {
    return this.runner.query({
      actor,
      schema: listSchema,
      input,
      resource: { type: 'experiment' },
      run: async (tx, i) => {
        const page = await tx.repositories.experiments.list({ status: i.status }, { cursor: i.cursor, limit: i.limit });
        return visiblePage(actor, page);
      },
    });
  }

  /** draft → running (`experiment:start`). */
  async start(actor: Actor, id: string, input?: ExperimentTransitionInput): Promise<Experiment> {
    return this.transition(actor, id, 'start', transitionSchema, input, () => ({}));
  }

  /** running → paused (`experiment:pause`). */
  async pause(actor: Actor, id: string, input?: ExperimentTransitionInput): Promise<Experiment> {
    return this.transition(actor, id, 'pause', transitionSchema, input, () => ({}));
  }

  /** paused → running (`experiment:resume`). */
  async resume(actor: Actor, id: string, input?: ExperimentTransitionInput): Promise<Experiment> {
    return this.transition(actor, id, 'resume', transitionSchema, input, () => ({}));
  }

  /** running | paused → concluded with a written conclusion (`experiment:conclude`). */
  async conclude(actor: Actor, id: string, input: ConcludeExperimentInput): Promise<Experiment> {
    return this.transition(actor, id, 'conclude', concludeSchema, input, (i) => ({ conclusion: i.conclusion }));
  }

  /** draft | running | paused → aborted (`experiment:abort`); the reason is kept as the conclusion. */
  async abort(actor: Actor, id: string, input?: AbortExperimentInput): Promise<Experiment> {
    return this.transition(actor, id, 'abort', abortSchema, input, (i) => (i.reason !== undefined ? { conclusion: i.reason } : {}));
  }

  /**
   * Records one observation (`experiment:observe`, only while running). Then, when the experiment
   * has a guardrail and the guardrail metric's mean (SQL `avg`) in any variant crosses the
   * threshold, aborts the experiment in the same transaction — a second audited effect.
   */
  async observe(actor: Actor, id: string, input: ObserveExperimentInput): Promise<ObservationOutcome> {
    const experimentId = parseInput(idSchema, id);
    return this.runner.execute({
      actor,
      action: 'experiment:observe',
      schema: observeSchema,
      input,
      resource: (tx) => this.describe(tx, experimentId),
      effects: (r, i) => {
        const effects: CommandEffect[] = [{ changes: { observationId: r.observationId, variantKey: i.variantKey, metric: i.metric, value: i.value } }];
        if (r.guardrailBreach) {
          const b = r.guardrailBreach;
          effects.push({
            changes: { status: 'aborted', reason: 'guardrail', metric: b.metric, variantKey: b.variantKey, mean: b.mean },
            outbox: { eventType: 'experiment:abort' },
          });
        }
        return effects;
      },
      run: async (tx, i) => {
        const experiment = await this.load(tx, experimentId, true);
        experimentMachine.next(experiment.status, 'observe');
        const variant = experiment.variants.find((v) => v.key === i.variantKey);
        if (!variant) throw ValidationError.field('variantKey', `no variant "${i.variantKey}" in experiment ${experimentId}`);
        const observationId = this.runner.ids.next();
        await tx.repositories.experiments.addObservations([
          { id: observationId, experimentId, variantId: variant.id, metric: i.metric, value: i.value, recordedAt: this.runner.clock.now() },
        ]);
        const guardrail = experiment.guardrail;
        if (!guardrail || guardrail.metric !== i.metric) return { observationId, experiment, guardrailBreach: null };
        const breach = guardrailBreach(guardrail, await tx.repositories.experiments.results(experimentId, guardrail.metric));
        if (!breach) return { observationId, experiment, guardrailBreach: null };
        const status = experimentMachine.next(experiment.status, 'abort');
        const conclusion = `guardrail ${guardrail.metric} ${guardrail.direction} ${guardrail.threshold} tripped by variant ${breach.variantKey} (mean ${breach.mean})`;
        const aborted = await tx.repositories.experiments.update(experimentId, experiment.version, { status, conclusion });
        return { observationId, experiment: aborted, guardrailBreach: breach };
      },
    });
  }

  /** Count, mean and sample standard deviation per variant, computed by the database (`experiment:read`). */
  async results(actor: Actor, id: string, metric?: string): Promise<VariantResult[]> {
    const m = metric === undefined ? undefined : parseInput(keySchema, metric);
    return this.runner.query({
      actor,
      schema: idSchema,
      input: id,
      resource: (tx, i) => this.describe(tx, i),
      run: (tx, i) => tx.repositories.experiments.results(i, m),
    });
  }

  private transition<I extends { expectedVersion?: number | undefined }>(
    actor: Actor,
    id: string,
    event: ExperimentEvent & ('start' | 'pause' | 'resume' | 'conclude' | 'abort'),
    schema: z.ZodType<I>,
    input: unknown,
    patch: (i: I) => { conclusion?: string },
  ): Promise<Experiment> {
    const experimentId = parseInput(idSchema, id);
    return this.runner.execute({
      actor,
      action: `experiment:${event}`,
      schema,
      input: input ?? {},
      resource: (tx) => this.describe(tx, experimentId),
      changes: (e) => ({ status: e.status, ...(e.conclusion !== null && (event === 'conclude' || event === 'abort') ? { conclusion: e.conclusion } : {}) }),
      run: async (tx, i) => {
        const experiment = await this.load(tx, experimentId, true);
        const status = experimentMachine.next(experiment.status, event);
        return tx.repositories.experiments.update(experimentId, i.expectedVersion ?? experiment.version, { status, ...patch(i) });
      },
    });
  }

  private async load(tx: TenantTransaction, id: string, forUpdate = false): Promise<Experiment> {
    return found(await tx.repositories.experiments.get(id, { forUpdate }), 'experiment', id);
  }

  private async describe(tx: TenantTransaction, id: string): Promise<ResourceDescriptor> {
    const experiment = await this.load(tx, id);
    return { type: 'experiment', id, classification: experiment.classification };
  }
}
