import type { Agent, LoopCycle, PlaybookVersion, Vote } from '@intelgraph/domain';
import { canSee, type CommandRunner } from '@intelgraph/orchestrator-store';
import DataLoader from 'dataloader';
import type { ApiActor } from '../auth/actor.types.js';

const camel = (k: string): string => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const BIGINT = new Set(['fencingToken', 'sequence', 'totalWeight']);

/** A row's snake_case columns as camelCase fields (bigint columns, returned as strings by pg, as numbers). */
function mapRow<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    const key = camel(k);
    out[key] = BIGINT.has(key) && typeof v === 'string' ? Number(v) : v;
  }
  return out as T;
}

/**
 * Batch reads for the GraphQL nested fields: each method is ONE policy-checked, tenant-scoped,
 * read-only store query (`runner.query` → `tx.sql` with `= ANY($2)`) for any number of ids.
 * Results come back in the order of the ids (null when absent or above the caller's clearance).
 */
export class BatchReads {
  constructor(private readonly runner: CommandRunner) {}

  /** The latest cycle of each loop (`loop:read`). */
  async latestCycles(actor: ApiActor, loopIds: readonly string[]): Promise<(LoopCycle | null)[]> {
    const rows = await this.select<LoopCycle & { loopId: string }>(
      actor,
      'loop',
      `SELECT c.* FROM "loop_cycles" c JOIN "loops" l ON l."tenant_id" = c."tenant_id" AND l."latest_cycle_id" = c."id"
        WHERE l."tenant_id" = $1 AND l."id" = ANY($2::uuid[])`,
      loopIds,
    );
    const byLoop = new Map(rows.map((r) => [r.loopId, r]));
    return loopIds.map((id) => byLoop.get(id) ?? null);
  }

  /** Agents by id (`agent:read`; masked above the caller's clearance). */
  async agents(actor: ApiActor, ids: readonly string[]): Promise<(Agent | null)[]> {
    const rows = await this.select<Agent>(actor, 'agent', `SELECT * FROM "agents" WHERE "tenant_id" = $1 AND "id" = ANY($2::uuid[])`, ids);
    const byId = new Map(rows.filter((r) => canSee(actor, r.classification)).map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** The votes of each proposal, oldest first (`proposal:read`). */
  async votes(actor: ApiActor, proposalIds: readonly string[]): Promise<Vote[][]> {
    const rows = await this.select<Vote>(
      actor,
      'proposal',
      `SELECT * FROM "proposal_votes" WHERE "tenant_id" = $1 AND "proposal_id" = ANY($2::uuid[]) ORDER BY "cast_at", "voter_id"`,
      proposalIds,
    );
    return proposalIds.map((id) => rows.filter((v) => v.proposalId === id));
  }

  /** Playbook versions by id (`playbook:read`). */
  async playbookVersions(actor: ApiActor, ids: readonly string[]): Promise<(PlaybookVersion | null)[]> {
    const rows = await this.select<PlaybookVersion>(actor, 'playbook', `SELECT * FROM "playbook_versions" WHERE "tenant_id" = $1 AND "id" = ANY($2::uuid[])`, ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  private select<T>(actor: ApiActor, type: string, sql: string, ids: readonly string[]): Promise<T[]> {
    return this.runner.query({
      actor,
      resource: { type },
      run: async (tx) => (await tx.sql.query(sql, [tx.tenantId, [...ids]])).map((r) => mapRow<T>(r)),
    });
  }
}

/** The per-request DataLoaders of one caller. */
export interface RequestLoaders {
  readonly latestCycle: DataLoader<string, LoopCycle | null>;
  readonly agent: DataLoader<string, Agent | null>;
  readonly votes: DataLoader<string, Vote[]>;
  readonly playbookVersion: DataLoader<string, PlaybookVersion | null>;
}

/** New loaders for `actor`: every `load` of one tick is batched into one store query per field. */
export function createLoaders(reads: BatchReads, actor: ApiActor): RequestLoaders {
  return {
    latestCycle: new DataLoader((ids) => reads.latestCycles(actor, ids)),
    agent: new DataLoader((ids) => reads.agents(actor, ids)),
    votes: new DataLoader((ids) => reads.votes(actor, ids)),
    playbookVersion: new DataLoader((ids) => reads.playbookVersions(actor, ids)),
  };
}
