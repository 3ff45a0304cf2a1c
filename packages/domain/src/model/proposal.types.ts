import type { Classification, Versioned } from './common.types.js';

export const PROPOSAL_STATUSES = ['open', 'accepted', 'rejected', 'expired', 'cancelled'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const THRESHOLDS = ['simple_majority', 'two_thirds', 'unanimous'] as const;
export type Threshold = (typeof THRESHOLDS)[number];

export const VOTE_CHOICES = ['yes', 'no', 'abstain'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

export interface EligibleVoter {
  readonly voterId: string;
  readonly weight: number;
}

export interface Tally {
  readonly yes: number;
  readonly no: number;
  readonly abstain: number;
}

export interface ConsensusProposal extends Versioned {
  readonly title: string;
  readonly description: string;
  readonly status: ProposalStatus;
  readonly classification: Classification;
  /** Fraction (0..1] of total weight that must have voted (abstentions included) for a decision. */
  readonly quorum: number;
  readonly threshold: Threshold;
  readonly deadline: Date;
  /** Voters and weights, frozen when the proposal opened. */
  readonly voters: readonly EligibleVoter[];
  readonly totalWeight: number;
  readonly tally: Tally;
  readonly openedBy: string;
  readonly closedAt: Date | null;
}

export interface Vote {
  readonly proposalId: string;
  readonly voterId: string;
  readonly choice: VoteChoice;
  readonly weight: number;
  readonly castAt: Date;
}
