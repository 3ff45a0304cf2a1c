import type {
  Experiment,
  ExperimentFilter,
  ExperimentPatch,
  ExperimentRepository as ExperimentRepositoryPort,
  ExperimentVariant,
  GetOptions,
  Id,
  NewExperiment,
  NewObservation,
  Page,
  PageRequest,
  SqlExecutor,
  VariantResult,
} from '@intelgraph/domain';
import { TableGateway } from '../util/table.util.js';

type ExperimentRow = Omit<Experiment, 'variants'>;
interface VariantRow {
  experiment_id: string;
  id: string;
  key: string;
  weight: number;
}
interface ResultRow {
  variant_id: string;
  variant_key: string;
  metric: string | null;
  count: string | number;
  mean: number | null;
  stddev: number | null;
}

/** Experiments with their variants (one aggregate), observations and database-computed results. */
export class ExperimentRepository implements ExperimentRepositoryPort {
  private readonly experiments: TableGateway<ExperimentRow>;

  constructor(
    private readonly sql: SqlExecutor,
    private readonly tenantId: string,
  ) {
    this.experiments = new TableGateway({ table: 'experiments', resourceType: 'experiment', jsonb: ['guardrail'] }, sql, tenantId);
  }

  async create(input: NewExperiment): Promise<Experiment> {
    const { variants, guardrail, ...rest } = input;
    // A null guardrail is left out so the column is SQL NULL, not the JSON literal null.
    const row = await this.experiments.insert({ ...rest, guardrail: guardrail ?? undefined });
    if (variants.length > 0) {
      await this.sql.query(
        `INSERT INTO "experiment_variants" ("tenant_id", "experiment_id", "id", "key", "weight")
         SELECT $1, $2, v.id, v.key, v.weight FROM unnest($3::uuid[], $4::text[], $5::integer[]) AS v(id, key, weight)`,
        [this.tenantId, input.id, variants.map((v) => v.id), variants.map((v) => v.key), variants.map((v) => v.weight)],
      );
    }
    return { ...row, variants: variants.map((v) => ({ id: v.id, key: v.key, weight: v.weight })) };
  }

  async get(id: Id, options: GetOptions = {}): Promise<Experiment | null> {
    const row = await this.experiments.findOne({ id }, options.forUpdate);
    if (!row) return null;
    const [experiment] = await this.withVariants([row]);
    return experiment ?? null;
  }

  async list(filter: ExperimentFilter, page: PageRequest): Promise<Page<Experiment>> {
    const rows = await this.experiments.page({ status: filter.status }, page);
    return { items: await this.withVariants(rows.items), nextCursor: rows.nextCursor };
  }

  async update(id: Id, expectedVersion: number, patch: ExperimentPatch): Promise<Experiment> {
    const row = await this.experiments.update({ id }, expectedVersion, { ...patch });
    const [experiment] = await this.withVariants([row]);
    return experiment as Experiment;
  }

  async addObservations(observations: readonly NewObservation[]): Promise<void> {
    if (observations.length === 0) return;
    await this.sql.query(
      `INSERT INTO "experiment_observations" ("tenant_id", "id", "experiment_id", "variant_id", "metric", "value", "recorded_at")
       SELECT $1, o.id, o.experiment_id, o.variant_id, o.metric, o.value, o.recorded_at
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::double precision[], $7::timestamptz[])
         AS o(id, experiment_id, variant_id, metric, value, recorded_at)`,
      [
        this.tenantId,
        observations.map((o) => o.id),
        observations.map((o) => o.experimentId),
        observations.map((o) => o.variantId),
        observations.map((o) => o.metric),
        observations.map((o) => o.value),
        observations.map((o) => o.recordedAt),
      ],
    );
  }

  /**
   * One row per variant and metric (per variant only, when `metric` is given). A variant without
   * observations still appears, with count 0 and null statistics (and the requested metric, or '').
   */
  async results(experimentId: Id, metric?: string): Promise<VariantResult[]> {
    const rows = await this.sql.query<ResultRow>(
      `SELECT v."id" AS variant_id, v."key" AS variant_key, coalesce(o."metric", $3::text, '') AS metric,
              count(o."id") AS count, avg(o."value") AS mean, stddev_samp(o."value") AS stddev
       FROM "experiment_variants" v
       LEFT JOIN "experiment_observations" o
         ON o."tenant_id" = v."tenant_id" AND o."experiment_id" = v."experiment_id" AND o."variant_id" = v."id"
        AND ($3::text IS NULL OR o."metric" = $3::text)
       WHERE v."tenant_id" = $1 AND v."experiment_id" = $2
       GROUP BY v."id", v."key", o."metric"
       ORDER BY v."id", metric`,
      [this.tenantId, experimentId, metric ?? null],
    );
    return rows.map((r) => ({
      variantId: r.variant_id,
      variantKey: r.variant_key,
      metric: r.metric ?? '',
      count: Number(r.count),
      mean: r.mean === null ? null : Number(r.mean),
      stddev: r.stddev === null ? null : Number(r.stddev),
    }));
  }

  /** Loads the variants of every experiment in one query and attaches them. */
  private async withVariants(rows: readonly ExperimentRow[]): Promise<Experiment[]> {
    if (rows.length === 0) return [];
    const variants = await this.sql.query<VariantRow>(
      `SELECT "experiment_id", "id", "key", "weight" FROM "experiment_variants"
       WHERE "tenant_id" = $1 AND "experiment_id" = ANY($2::uuid[]) ORDER BY "experiment_id", "id"`,
      [this.tenantId, rows.map((r) => r.id)],
    );
    const byExperiment = new Map<string, ExperimentVariant[]>();
    for (const v of variants) {
      const list = byExperiment.get(v.experiment_id) ?? [];
      list.push({ id: v.id, key: v.key, weight: v.weight });
      byExperiment.set(v.experiment_id, list);
    }
    return rows.map((r) => ({ ...r, variants: byExperiment.get(r.id) ?? [] }));
  }
}
