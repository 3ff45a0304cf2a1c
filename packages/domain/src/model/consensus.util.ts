import type { Tally, Threshold } from './proposal.types.js';

/** What a proposal's tally decides now: keep it open, or close it with this outcome. */
export type ConsensusOutcome = 'open' | 'accepted' | 'rejected' | 'expired';

/** True when the decisive (yes/no) weights meet the threshold. Integer arithmetic, no rounding. */
export function meetsThreshold(threshold: Threshold, yes: number, no: number): boolean {
  switch (threshold) {
    case 'simple_majority':
      return 2 * yes > yes + no;
    case 'two_thirds':
      return yes > 0 && 3 * yes >= 2 * (yes + no);
    case 'unanimous':
      return yes > 0 && no === 0;
  }
}

/**
 * True when the weight that has voted (abstentions included) reaches the quorum fraction of the total.
 * Compares the voted fraction with `quorum` rather than `voted` with `quorum * totalWeight`: the
 * product rounds up for many decimal quorums (0.28 * 25 === 7.000000000000001), which refused a
 * quorum met exactly; a quotient of integers rounds to the same double as the decimal literal.
 */
export function quorumMet(quorum: number, totalWeight: number, tally: Tally): boolean {
  const voted = tally.yes + tally.no + tally.abstain;
  return voted > 0 && (totalWeight <= 0 || voted / totalWeight >= quorum);
}

/**
 * Decides a proposal. Before the deadline it closes early only when no choice of the voters who have
 * not yet voted could change the outcome; at or after the deadline, without quorum it expires,
 * otherwise the threshold decides. Abstentions count toward quorum, never toward the threshold.
 */
export function evaluateConsensus(input: {
  readonly threshold: Threshold;
  readonly quorum: number;
  readonly totalWeight: number;
  readonly tally: Tally;
  readonly deadlinePassed: boolean;
}): ConsensusOutcome {
  const { threshold, quorum, totalWeight, tally } = input;
  if (input.deadlinePassed) {
    if (!quorumMet(quorum, totalWeight, tally)) return 'expired';
    return meetsThreshold(threshold, tally.yes, tally.no) ? 'accepted' : 'rejected';
  }
  const remaining = totalWeight - tally.yes - tally.no - tally.abstain;
  // Accepted for certain: quorum reached and even if everyone left votes no, the threshold holds.
  if (quorumMet(quorum, totalWeight, tally) && meetsThreshold(threshold, tally.yes, tally.no + remaining)) return 'accepted';
  // Rejected for certain: quorum reached (so it cannot expire) and even if everyone left votes yes, the threshold fails.
  if (quorumMet(quorum, totalWeight, tally) && !meetsThreshold(threshold, tally.yes + remaining, tally.no)) return 'rejected';
  return 'open';
}
