import type {
  AutonomicLoop,
  GetOptions,
  Id,
  LoopCycle,
  LoopFilter,
  LoopPatch,
  LoopRepository as LoopRepositoryPort,
  NewLoop,
  NewLoopCycle,
  Page,
  PageRequest,
  SqlExecutor,
} from '@intelgraph/domain';
import { TableGateway } from '../util/table.util.js';

/** Loops and their immutable cycle checkpoints, scoped to one tenant. */
export class LoopRepository implements LoopRepositoryPort {
  private readonly loops: TableGateway<AutonomicLoop>;
  private readonly cycles: TableGateway<LoopCycle>;

  constructor(
    private readonly sql: SqlExecutor,
    private readonly tenantId: string,
  ) {
    this.loops = new TableGateway({ table: 'loops', resourceType: 'loop', jsonb: ['config'], bigint: ['fencing_token'] }, sql, tenantId);
    this.cycles = new TableGateway(
      { table: 'loop_cycles', resourceType: 'loop_cycle', jsonb: ['monitor', 'analysis', 'plan', 'execution', 'knowledge'], bigint: ['fencing_token'] },
      sql,
      tenantId,
    );
  }

  create(input: NewLoop): Promise<AutonomicLoop> {
    return this.loops.insert({ ...input });
  }

  get(id: Id, options: GetOptions = {}): Promise<AutonomicLoop | null> {
    return this.loops.findOne({ id }, options.forUpdate);
  }

  list(filter: LoopFilter, page: PageRequest): Promise<Page<AutonomicLoop>> {
    return this.loops.page({ status: filter.status }, page);
  }

  update(id: Id, expectedVersion: number, patch: LoopPatch): Promise<AutonomicLoop> {
    return this.loops.update({ id }, expectedVersion, { ...patch });
  }

  appendCycle(cycle: NewLoopCycle): Promise<LoopCycle> {
    return this.cycles.insert({ ...cycle });
  }

  getCycle(loopId: Id, cycleId: Id): Promise<LoopCycle | null> {
    return this.cycles.findOne({ loopId, id: cycleId });
  }

  listCycles(loopId: Id, page: PageRequest): Promise<Page<LoopCycle>> {
    return this.cycles.page({ loopId }, page, { orderBy: 'sequence', desc: true });
  }

  async latestCycles(loopIds: readonly Id[]): Promise<LoopCycle[]> {
    if (loopIds.length === 0) return [];
    const rows = await this.sql.query(
      `SELECT c.* FROM "loop_cycles" c JOIN "loops" l ON l."tenant_id" = c."tenant_id" AND l."latest_cycle_id" = c."id"
       WHERE l."tenant_id" = $1 AND l."id" = ANY($2::uuid[])`,
      [this.tenantId, [...loopIds]],
    );
    return rows.map((r) => this.cycles.map(r));
  }
}
