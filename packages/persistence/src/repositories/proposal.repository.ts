import {
  NotFoundError,
  PolicyDeniedError,
  ValidationError,
  type ConsensusProposal,
  type EligibleVoter,
  type GetOptions,
  type Id,
  type NewProposal,
  type Page,
  type PageRequest,
  type ProposalFilter,
  type ProposalPatch,
  type ProposalRepository as ProposalRepositoryPort,
  type SqlExecutor,
  type Vote,
  type VoteChoice,
} from '@intelgraph/domain';
import { MAX_PAGE_SIZE } from '../util/cursor.util.js';
import { TableGateway } from '../util/table.util.js';

/** A `proposals` row as the gateway maps it: the tally still in three weight columns, no voters. */
type ProposalRow = Omit<ConsensusProposal, 'voters' | 'tally'> & { yesWeight: number; noWeight: number; abstainWeight: number };
interface VoterRow {
  proposal_id: string;
  voter_id: string;
  weight: string | number;
}
interface VoteRow {
  proposal_id: string;
  voter_id: string;
  choice: VoteChoice;
  weight: string | number;
  cast_at: Date;
}

function toVote(row: VoteRow): Vote {
  return { proposalId: row.proposal_id, voterId: row.voter_id, choice: row.choice, weight: Number(row.weight), castAt: row.cast_at };
}

/** Consensus proposals with their frozen voter list, weighted votes and the tally kept on the row. */
export class ProposalRepository implements ProposalRepositoryPort {
  private readonly proposals: TableGateway<ProposalRow>;

  constructor(
    private readonly sql: SqlExecutor,
    private readonly tenantId: string,
  ) {
    this.proposals = new TableGateway(
      { table: 'proposals', resourceType: 'proposal', bigint: ['total_weight', 'yes_weight', 'no_weight', 'abstain_weight'] },
      sql,
      tenantId,
    );
  }

  async create(input: NewProposal): Promise<ConsensusProposal> {
    const { voters, ...rest } = input;
    const totalWeight = voters.reduce((sum, v) => sum + v.weight, 0);
    const row = await this.proposals.insert({ ...rest, totalWeight });
    if (voters.length > 0) {
      await this.sql.query(
        `INSERT INTO "proposal_voters" ("tenant_id", "proposal_id", "voter_id", "weight")
         SELECT $1, $2, v.voter_id, v.weight FROM unnest($3::text[], $4::bigint[]) AS v(voter_id, weight)`,
        [this.tenantId, input.id, voters.map((v) => v.voterId), voters.map((v) => v.weight)],
      );
    }
    const [proposal] = await this.withVoters([row]);
    return proposal as ConsensusProposal;
  }

  async get(id: Id, options: GetOptions = {}): Promise<ConsensusProposal | null> {
    const row = await this.proposals.findOne({ id }, options.forUpdate);
    if (!row) return null;
    const [proposal] = await this.withVoters([row]);
    return proposal ?? null;
  }

  async list(filter: ProposalFilter, page: PageRequest): Promise<Page<ConsensusProposal>> {
    const rows = await this.proposals.page({ status: filter.status }, page);
    return { items: await this.withVoters(rows.items), nextCursor: rows.nextCursor };
  }

  async update(id: Id, expectedVersion: number, patch: ProposalPatch): Promise<ConsensusProposal> {
    const row = await this.proposals.update({ id }, expectedVersion, { ...patch });
    const [proposal] = await this.withVoters([row]);
    return proposal as ConsensusProposal;
  }

  /**
   * Upserts the vote with the voter's frozen weight, then recomputes the tally columns from the
   * votes and bumps the version. Exact under concurrency when the caller locked the proposal first.
   */
  async castVote(proposalId: Id, voterId: string, choice: VoteChoice, at: Date): Promise<Vote> {
    const rows = await this.sql.query<VoteRow>(
      `INSERT INTO "proposal_votes" ("tenant_id", "proposal_id", "voter_id", "choice", "weight", "cast_at")
       SELECT "tenant_id", "proposal_id", "voter_id", $4, "weight", $5 FROM "proposal_voters"
       WHERE "tenant_id" = $1 AND "proposal_id" = $2 AND "voter_id" = $3
       ON CONFLICT ("tenant_id", "proposal_id", "voter_id")
       DO UPDATE SET "choice" = EXCLUDED."choice", "weight" = EXCLUDED."weight", "cast_at" = EXCLUDED."cast_at"
       RETURNING *`,
      [this.tenantId, proposalId, voterId, choice, at],
    );
    if (!rows[0]) {
      const exists = await this.sql.query(`SELECT 1 FROM "proposals" WHERE "tenant_id" = $1 AND "id" = $2`, [this.tenantId, proposalId]);
      if (exists.length === 0) throw new NotFoundError('proposal', proposalId);
      throw new PolicyDeniedError('proposal:vote', ['not_eligible_voter']);
    }
    await this.sql.query(
      `UPDATE "proposals" p SET "yes_weight" = s."yes", "no_weight" = s."no", "abstain_weight" = s."abstain",
         "version" = p."version" + 1, "updated_at" = now()
       FROM (
         SELECT coalesce(sum("weight") FILTER (WHERE "choice" = 'yes'), 0) AS "yes",
                coalesce(sum("weight") FILTER (WHERE "choice" = 'no'), 0) AS "no",
                coalesce(sum("weight") FILTER (WHERE "choice" = 'abstain'), 0) AS "abstain"
         FROM "proposal_votes" WHERE "tenant_id" = $1 AND "proposal_id" = $2
       ) s
       WHERE p."tenant_id" = $1 AND p."id" = $2`,
      [this.tenantId, proposalId],
    );
    return toVote(rows[0]);
  }

  async listVotes(proposalId: Id): Promise<Vote[]> {
    const rows = await this.sql.query<VoteRow>(
      `SELECT * FROM "proposal_votes" WHERE "tenant_id" = $1 AND "proposal_id" = $2 ORDER BY "cast_at", "voter_id"`,
      [this.tenantId, proposalId],
    );
    return rows.map(toVote);
  }

  async listVotesOf(proposalIds: readonly Id[]): Promise<Vote[]> {
    if (proposalIds.length === 0) return [];
    const rows = await this.sql.query<VoteRow>(
      `SELECT * FROM "proposal_votes" WHERE "tenant_id" = $1 AND "proposal_id" = ANY($2::uuid[]) ORDER BY "cast_at", "voter_id"`,
      [this.tenantId, [...proposalIds]],
    );
    return rows.map(toVote);
  }

  async lockOverdue(now: Date, limit: number): Promise<ConsensusProposal[]> {
    if (!Number.isInteger(limit) || limit < 1) throw ValidationError.field('limit', `must be an integer 1..${MAX_PAGE_SIZE}`);
    const rows = await this.sql.query(
      `SELECT * FROM "proposals" WHERE "tenant_id" = $1 AND "status" = 'open' AND "deadline" <= $2
       ORDER BY "deadline", "id" LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [this.tenantId, now, Math.min(limit, MAX_PAGE_SIZE)],
    );
    return this.withVoters(rows.map((r) => this.proposals.map(r)));
  }

  /** Loads the voters of every proposal in one query and shapes each row as the aggregate. */
  private async withVoters(rows: readonly ProposalRow[]): Promise<ConsensusProposal[]> {
    if (rows.length === 0) return [];
    const voters = await this.sql.query<VoterRow>(
      `SELECT "proposal_id", "voter_id", "weight" FROM "proposal_voters"
       WHERE "tenant_id" = $1 AND "proposal_id" = ANY($2::uuid[]) ORDER BY "proposal_id", "voter_id"`,
      [this.tenantId, rows.map((r) => r.id)],
    );
    const byProposal = new Map<string, EligibleVoter[]>();
    for (const v of voters) {
      const list = byProposal.get(v.proposal_id) ?? [];
      list.push({ voterId: v.voter_id, weight: Number(v.weight) });
      byProposal.set(v.proposal_id, list);
    }
    return rows.map(({ yesWeight, noWeight, abstainWeight, ...rest }) => ({
      ...rest,
      voters: byProposal.get(rest.id) ?? [],
      tally: { yes: yesWeight, no: noWeight, abstain: abstainWeight },
    }));
  }
}
