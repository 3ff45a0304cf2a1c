import type {
  Agent,
  AgentFilter,
  AgentPatch,
  AgentRepository as AgentRepositoryPort,
  GetOptions,
  Id,
  NewAgent,
  Page,
  PageRequest,
  SqlExecutor,
} from '@intelgraph/domain';
import { TableGateway } from '../util/table.util.js';

/** Agents of one tenant: registration, heartbeats and capability-based lookup. */
export class AgentRepository implements AgentRepositoryPort {
  private readonly agents: TableGateway<Agent>;

  constructor(
    private readonly sql: SqlExecutor,
    private readonly tenantId: string,
  ) {
    this.agents = new TableGateway({ table: 'agents', resourceType: 'agent' }, sql, tenantId);
  }

  create(input: NewAgent): Promise<Agent> {
    return this.agents.insert({ ...input, capabilities: [...input.capabilities] });
  }

  get(id: Id, options: GetOptions = {}): Promise<Agent | null> {
    return this.agents.findOne({ id }, options.forUpdate);
  }

  getBySubject(subject: string): Promise<Agent | null> {
    return this.agents.findOne({ subject });
  }

  async getMany(ids: readonly Id[]): Promise<Agent[]> {
    if (ids.length === 0) return [];
    const rows = await this.sql.query(`SELECT * FROM "agents" WHERE "tenant_id" = $1 AND "id" = ANY($2::uuid[])`, [this.tenantId, [...ids]]);
    return rows.map((r) => this.agents.map(r));
  }

  list(filter: AgentFilter, page: PageRequest): Promise<Page<Agent>> {
    return this.agents.page({ status: filter.status }, page, {
      extra: (next) => {
        const parts: string[] = ['TRUE'];
        const params: unknown[] = [];
        if (filter.capabilities !== undefined && filter.capabilities.length > 0) {
          params.push([...filter.capabilities]);
          parts.push(`"capabilities" @> $${next + params.length - 1}::text[]`);
        }
        if (filter.reachableAt !== undefined) {
          params.push(filter.reachableAt);
          parts.push(
            `"status" = 'active' AND "last_heartbeat_at" + "heartbeat_ttl_ms" * interval '1 millisecond' >= $${next + params.length - 1}::timestamptz`,
          );
        }
        return { sql: parts.join(' AND '), params };
      },
    });
  }

  update(id: Id, expectedVersion: number, patch: AgentPatch): Promise<Agent> {
    const values: Record<string, unknown> = { ...patch };
    if (patch.capabilities !== undefined) values['capabilities'] = [...patch.capabilities];
    return this.agents.update({ id }, expectedVersion, values);
  }
}
