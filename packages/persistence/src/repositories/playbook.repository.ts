import {
  NotFoundError,
  type GetOptions,
  type Id,
  type NewPlaybook,
  type NewPlaybookRun,
  type NewPlaybookVersion,
  type Page,
  type PageRequest,
  type Playbook,
  type PlaybookFilter,
  type PlaybookPatch,
  type PlaybookRepository as PlaybookRepositoryPort,
  type PlaybookRun,
  type PlaybookRunFilter,
  type PlaybookRunPatch,
  type PlaybookVersion,
  type PlaybookVersionFilter,
  type PlaybookVersionPatch,
  type SqlExecutor,
} from '@intelgraph/domain';
import { TableGateway } from '../util/table.util.js';

/** Playbooks, their numbered versions (immutable once published) and their runs. */
export class PlaybookRepository implements PlaybookRepositoryPort {
  private readonly playbooks: TableGateway<Playbook>;
  private readonly versions: TableGateway<PlaybookVersion>;
  private readonly runs: TableGateway<PlaybookRun>;

  constructor(
    private readonly sql: SqlExecutor,
    private readonly tenantId: string,
  ) {
    this.playbooks = new TableGateway({ table: 'playbooks', resourceType: 'playbook' }, sql, tenantId);
    this.versions = new TableGateway({ table: 'playbook_versions', resourceType: 'playbook_version', jsonb: ['steps', 'triggers'] }, sql, tenantId);
    this.runs = new TableGateway({ table: 'playbook_runs', resourceType: 'playbook_run', jsonb: ['step_results'] }, sql, tenantId);
  }

  create(input: NewPlaybook): Promise<Playbook> {
    return this.playbooks.insert({ ...input });
  }

  get(id: Id, options: GetOptions = {}): Promise<Playbook | null> {
    return this.playbooks.findOne({ id }, options.forUpdate);
  }

  list(filter: PlaybookFilter, page: PageRequest): Promise<Page<Playbook>> {
    return this.playbooks.page({ status: filter.status }, page);
  }

  update(id: Id, expectedVersion: number, patch: PlaybookPatch): Promise<Playbook> {
    return this.playbooks.update({ id }, expectedVersion, { ...patch });
  }

  /** Locks the playbook row first, so concurrent creators number their versions one after another. */
  async createVersion(input: NewPlaybookVersion): Promise<PlaybookVersion> {
    const locked = await this.sql.query(`SELECT "id" FROM "playbooks" WHERE "tenant_id" = $1 AND "id" = $2 FOR UPDATE`, [this.tenantId, input.playbookId]);
    if (locked.length === 0) throw new NotFoundError('playbook', input.playbookId);
    const rows = await this.sql.query(
      `INSERT INTO "playbook_versions" ("tenant_id", "id", "playbook_id", "number", "steps", "triggers")
       SELECT $1, $2, $3, coalesce(max("number"), 0) + 1, $4::jsonb, $5::jsonb
       FROM "playbook_versions" WHERE "tenant_id" = $1 AND "playbook_id" = $3
       RETURNING *`,
      [this.tenantId, input.id, input.playbookId, JSON.stringify(input.steps), JSON.stringify(input.triggers)],
    );
    return this.versions.map(rows[0] as Record<string, unknown>);
  }

  getVersion(versionId: Id, options: GetOptions = {}): Promise<PlaybookVersion | null> {
    return this.versions.findOne({ id: versionId }, options.forUpdate);
  }

  async getVersions(versionIds: readonly Id[]): Promise<PlaybookVersion[]> {
    if (versionIds.length === 0) return [];
    const rows = await this.sql.query(`SELECT * FROM "playbook_versions" WHERE "tenant_id" = $1 AND "id" = ANY($2::uuid[])`, [
      this.tenantId,
      [...versionIds],
    ]);
    return rows.map((r) => this.versions.map(r));
  }

  listVersions(filter: PlaybookVersionFilter, page: PageRequest): Promise<Page<PlaybookVersion>> {
    return this.versions.page({ playbookId: filter.playbookId, status: filter.status }, page);
  }

  updateVersion(versionId: Id, expectedVersion: number, patch: PlaybookVersionPatch): Promise<PlaybookVersion> {
    return this.versions.update({ id: versionId }, expectedVersion, { ...patch });
  }

  createRun(input: NewPlaybookRun): Promise<PlaybookRun> {
    return this.runs.insert({ ...input });
  }

  getRun(runId: Id, options: GetOptions = {}): Promise<PlaybookRun | null> {
    return this.runs.findOne({ id: runId }, options.forUpdate);
  }

  listRuns(filter: PlaybookRunFilter, page: PageRequest): Promise<Page<PlaybookRun>> {
    return this.runs.page({ playbookId: filter.playbookId, status: filter.status }, page);
  }

  updateRun(runId: Id, expectedVersion: number, patch: PlaybookRunPatch): Promise<PlaybookRun> {
    return this.runs.update({ id: runId }, expectedVersion, { ...patch });
  }
}
