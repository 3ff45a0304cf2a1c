import {
  ConflictError,
  ValidationError,
  evaluateConsensus,
  proposalMachine,
  type ConsensusOutcome,
  type ConsensusProposal,
  type Page,
  type TenantTransaction,
  type Vote,
  type VoteChoice,
} from '@intelgraph/domain';
import { z } from 'zod';
import type { Actor } from '../core/actor.types.js';
import { found, visiblePage } from '../core/actor.util.js';
import type { CommandRunner } from '../core/command.runner.js';
import type { CommandEffect, ResourceDescriptor } from '../core/command.types.js';
import { classificationSchema, idSchema, idsSchema, pageSchema } from '../core/schemas.util.js';
import { parseInput } from '../core/validation.util.js';
import { closingEvent, votersSchema } from './proposal.util.js';

const openSchema = z.object({
  title: z.string().trim().min(1).max(300),
  description: z.string().max(4000).default(''),
  classification: classificationSchema.default('internal'),
  voters: votersSchema,
  quorum: z.number().gt(0).lte(1),
  threshold: z.enum(['simple_majority', 'two_thirds', 'unanimous']),
  deadline: z.iso.datetime({ offset: true }),
});
const choiceSchema = z.enum(['yes', 'no', 'abstain']);
const listSchema = pageSchema.extend({ status: z.enum(['open', 'accepted', 'rejected', 'expired', 'cancelled']).optional() });
const limitSchema = z.number().int().min(1).max(200);

export type OpenProposalInput = z.input<typeof openSchema>;
export type ListProposalsInput = z.input<typeof listSchema>;

/** What a vote did: the vote (null when the deadline had passed), the proposal after it, and how it closed. */
export interface VoteOutcome {
  readonly vote: Vote | null;
  readonly proposal: ConsensusProposal;
  /** The outcome the proposal was closed with by this call, or null when it stays open. */
  readonly closedAs: Exclude<ConsensusOutcome, 'open'> | null;
}

/** Consensus proposals: weighted votes with an exact tally, early closing once decided, deadlines. */
export class ProposalService {
  constructor(private readonly runner: CommandRunner) {}

  /** Opens a proposal with its voters and weights frozen (`proposal:open`); the deadline must be in the future. */
  async open(actor: Actor, input: OpenProposalInput): Promise<ConsensusProposal> {
    const parsed = parseInput(openSchema, input);
    if (new Date(parsed.deadline).getTime() <= this.runner.clock.now().getTime()) throw ValidationError.field('deadline', 'must be in the future');
    return this.runner.execute({
      actor,
      action: 'proposal:open',
      schema: openSchema,
      input: parsed,
      resource: (_tx, i) => Promise.resolve({ type: 'proposal', classification: i.classification }),
      changes: (p) => ({ title: p.title, threshold: p.threshold, quorum: p.quorum, totalWeight: p.totalWeight, deadline: p.deadline.toISOString() }),
      run: (tx, i) => tx.repositories.proposals.create({ id: this.runner.ids.next(), ...i, deadline: new Date(i.deadline), openedBy: actor.subject }),
    });
  }

  /** One proposal (`proposal:read`). */
  async get(actor: Actor, id: string): Promise<ConsensusProposal> {
    return this.runner.query({ actor, schema: idSchema, input: id, resource: (tx, i) => this.describe(tx, i), run: (tx, i) => this.load(tx, i) });
  }

  /** Proposals the actor's clearance covers (`proposal:read`). */
  async list(actor: Actor, input: ListProposalsInput = {}): Promise<Page<ConsensusProposal>> {
    return this.runner.query({
      actor,
      schema: listSchema,
      input,
      resource: { type: 'proposal' },
      run: async (tx, i) => {
        const page = await tx.repositories.proposals.list({ status: i.status }, { cursor: i.cursor, limit: i.limit });
        return visiblePage(actor, page);
      },
    });
  }

  /** The votes cast, oldest first (`proposal:read`). */
  async votes(actor: Actor, id: string): Promise<Vote[]> {
    return this.runner.query({ actor, schema: idSchema, input: id, resource: (tx, i) => this.describe(tx, i), run: (tx, i) => tx.repositories.proposals.listVotes(i) });
  }

  /**
   * The votes of each proposal (oldest first), in the order of `proposalIds` (empty when absent or
   * of another tenant): ONE `proposal:read` query for any number of proposals.
   */
  async votesFor(actor: Actor, proposalIds: readonly string[]): Promise<Vote[][]> {
    return this.runner.query({
      actor,
      schema: idsSchema,
      input: proposalIds,
      resource: { type: 'proposal' },
      run: async (tx, ids) => {
        const votes = await tx.repositories.proposals.listVotesOf(ids);
        return ids.map((id) => votes.filter((v) => v.proposalId === id));
      },
    });
  }

  /**
   * Casts (or changes) the actor's vote (`proposal:vote`; a subject not on the frozen voter list is
   * denied and audited). Under the proposal's row lock: refused unless open; past the deadline the
   * proposal is closed (accepted, rejected or expired) instead and `ConflictError` is thrown after
   * that close commits. Otherwise the vote is recorded, and when the tally decides the proposal it
   * closes at once — a second audited effect.
   */
  async vote(actor: Actor, id: string, choice: string): Promise<VoteOutcome> {
    const proposalId = parseInput(idSchema, id);
    let voters: readonly string[] = [];
    const outcome = await this.runner.execute<VoteOutcome, VoteChoice>({
      actor,
      action: 'proposal:vote',
      schema: choiceSchema,
      input: choice,
      resource: async (tx) => {
        const p = await this.load(tx, proposalId);
        voters = p.voters.map((v) => v.voterId);
        return { type: 'proposal', id: proposalId, classification: p.classification };
      },
      guard: () => (voters.includes(actor.subject) ? [] : ['not_eligible_voter']),
      effects: (r, i) => {
        const effects: CommandEffect[] = [];
        if (r.vote) effects.push({ changes: { voterId: r.vote.voterId, choice: i, weight: r.vote.weight } });
        if (r.closedAs) effects.push({ changes: { status: r.proposal.status, tally: { ...r.proposal.tally } }, outbox: { eventType: 'proposal:close' } });
        return effects;
      },
      run: async (tx, i): Promise<VoteOutcome> => {
        const locked = await this.load(tx, proposalId, true);
        proposalMachine.next(locked.status, 'vote');
        const now = this.runner.clock.now();
        if (now.getTime() >= locked.deadline.getTime()) return { vote: null, ...(await this.decide(tx, locked, true)) };
        const vote = await tx.repositories.proposals.castVote(proposalId, actor.subject, i, now);
        const decided = await this.decide(tx, await this.load(tx, proposalId), false);
        return { vote, ...decided };
      },
    });
    if (!outcome.vote) throw new ConflictError(`proposal ${proposalId} passed its deadline and closed as ${outcome.closedAs}`);
    return outcome;
  }

  /**
   * Closes a proposal now (`proposal:close`, governance): before the deadline only when the tally
   * already decides it (else `ConflictError`); at or after it as accepted, rejected or expired.
   */
  async close(actor: Actor, id: string): Promise<ConsensusProposal> {
    const proposalId = parseInput(idSchema, id);
    return this.runner.execute({
      actor,
      action: 'proposal:close',
      resource: (tx) => this.describe(tx, proposalId),
      changes: (p) => ({ status: p.status, tally: { ...p.tally } }),
      run: async (tx) => {
        const locked = await this.load(tx, proposalId, true);
        const passed = this.runner.clock.now().getTime() >= locked.deadline.getTime();
        const { proposal, closedAs } = await this.decide(tx, locked, passed);
        if (!closedAs) throw new ConflictError(`proposal ${proposalId} is not decided yet and its deadline has not passed`);
        return proposal;
      },
    });
  }

  /** open → cancelled (`proposal:cancel`, governance). */
  async cancel(actor: Actor, id: string): Promise<ConsensusProposal> {
    const proposalId = parseInput(idSchema, id);
    return this.runner.execute({
      actor,
      action: 'proposal:cancel',
      resource: (tx) => this.describe(tx, proposalId),
      changes: (p) => ({ status: p.status }),
      run: async (tx) => {
        const locked = await this.load(tx, proposalId, true);
        const status = proposalMachine.next(locked.status, 'cancel');
        return tx.repositories.proposals.update(proposalId, locked.version, { status, closedAt: this.runner.clock.now() });
      },
    });
  }

  /**
   * Maintenance: closes up to `limit` open proposals whose deadline passed (`proposal:close`), each
   * locked with `SKIP LOCKED` so concurrent sweepers share the work; one audit event per closed proposal.
   */
  async closeOverdue(actor: Actor, limit = 100): Promise<ConsensusProposal[]> {
    return this.runner.execute({
      actor,
      action: 'proposal:close',
      schema: limitSchema,
      input: limit,
      resource: { type: 'proposal' },
      effects: (closed) => closed.map((p) => ({ resourceId: p.id, changes: { status: p.status, tally: { ...p.tally }, overdue: true } })),
      run: async (tx, n) => {
        const overdue = await tx.repositories.proposals.lockOverdue(this.runner.clock.now(), n);
        const closed: ConsensusProposal[] = [];
        for (const p of overdue) closed.push((await this.decide(tx, p, true)).proposal);
        return closed;
      },
    });
  }

  /** Evaluates the tally and closes the (locked, open) proposal when it is decided. */
  private async decide(
    tx: TenantTransaction,
    p: ConsensusProposal,
    deadlinePassed: boolean,
  ): Promise<{ proposal: ConsensusProposal; closedAs: Exclude<ConsensusOutcome, 'open'> | null }> {
    const outcome = evaluateConsensus({ threshold: p.threshold, quorum: p.quorum, totalWeight: p.totalWeight, tally: p.tally, deadlinePassed });
    if (outcome === 'open') return { proposal: p, closedAs: null };
    const status = proposalMachine.next(p.status, closingEvent(outcome));
    const proposal = await tx.repositories.proposals.update(p.id, p.version, { status, closedAt: this.runner.clock.now() });
    return { proposal, closedAs: outcome };
  }

  private async load(tx: TenantTransaction, id: string, forUpdate = false): Promise<ConsensusProposal> {
    return found(await tx.repositories.proposals.get(id, { forUpdate }), 'proposal', id);
  }

  private async describe(tx: TenantTransaction, id: string): Promise<ResourceDescriptor> {
    const proposal = await this.load(tx, id);
    return { type: 'proposal', id, classification: proposal.classification };
  }
}
