import { evaluateConsensus, meetsThreshold, quorumMet } from './consensus.util.js';
import type { Tally, Threshold } from './proposal.types.js';

describe(evaluateConsensus.name, () => {
  const base = { threshold: 'simple_majority' as const, quorum: 0.5, totalWeight: 10, deadlinePassed: false };
  it('stays open while the remaining weight could still swing it', () => {
    expect(evaluateConsensus({ ...base, tally: { yes: 3, no: 2, abstain: 0 } })).toBe('open');
  });
  it('accepts early once a majority of all weight said yes', () => {
    expect(evaluateConsensus({ ...base, tally: { yes: 6, no: 0, abstain: 0 } })).toBe('accepted');
  });
  it('rejects early once yes can no longer reach the threshold with quorum met', () => {
    expect(evaluateConsensus({ ...base, tally: { yes: 0, no: 5, abstain: 0 } })).toBe('rejected');
  });
  it('expires at the deadline without quorum', () => {
    expect(evaluateConsensus({ ...base, deadlinePassed: true, tally: { yes: 2, no: 0, abstain: 2 } })).toBe('expired');
  });
  it('counts abstentions toward quorum but not the threshold', () => {
    expect(evaluateConsensus({ ...base, deadlinePassed: true, tally: { yes: 1, no: 0, abstain: 4 } })).toBe('accepted');
    expect(meetsThreshold('two_thirds', 2, 1)).toBe(true);
    expect(meetsThreshold('two_thirds', 1, 1)).toBe(false);
  });
});

describe(meetsThreshold.name, () => {
  it.each<[Threshold, number, number, boolean]>([
    ['simple_majority', 1, 0, true],
    ['simple_majority', 2, 1, true],
    ['simple_majority', 1, 1, false],
    ['simple_majority', 1, 2, false],
    ['simple_majority', 0, 0, false],
    ['two_thirds', 2, 1, true],
    ['two_thirds', 4, 2, true],
    ['two_thirds', 1, 0, true],
    ['two_thirds', 3, 2, false],
    ['two_thirds', 1, 1, false],
    ['two_thirds', 0, 0, false],
    ['unanimous', 1, 0, true],
    ['unanimous', 9, 0, true],
    ['unanimous', 9, 1, false],
    ['unanimous', 0, 0, false],
  ])('%s with yes %d and no %d → %s', (threshold, yes, no, expected) => {
    expect(meetsThreshold(threshold, yes, no)).toBe(expected);
  });

  it('decides two thirds exactly, without rounding (200 of 300 meets it, 199 of 299 does not)', () => {
    expect(meetsThreshold('two_thirds', 200, 100)).toBe(true);
    expect(meetsThreshold('two_thirds', 199, 100)).toBe(false);
  });
});

describe(quorumMet.name, () => {
  const tally = (yes: number, no: number, abstain: number): Tally => ({ yes, no, abstain });

  it('counts yes, no and abstentions toward quorum', () => {
    expect(quorumMet(0.5, 10, tally(5, 0, 0))).toBe(true);
    expect(quorumMet(0.5, 10, tally(0, 5, 0))).toBe(true);
    expect(quorumMet(0.5, 10, tally(0, 0, 5))).toBe(true);
    expect(quorumMet(0.5, 10, tally(2, 1, 2))).toBe(true);
    expect(quorumMet(0.5, 10, tally(2, 1, 1))).toBe(false);
  });

  it('is never met while nobody voted', () => {
    expect(quorumMet(0.5, 10, tally(0, 0, 0))).toBe(false);
    expect(quorumMet(0, 10, tally(0, 0, 0))).toBe(false);
  });

  it('needs everyone for a quorum of 1', () => {
    expect(quorumMet(1, 3, tally(1, 1, 0))).toBe(false);
    expect(quorumMet(1, 3, tally(1, 1, 1))).toBe(true);
  });

  it.each([
    [0.28, 25, 7],
    [0.07, 100, 7],
    [0.56, 75, 42],
    [0.7, 10, 7],
    [0.1, 30, 3],
  ])('is met when exactly the quorum fraction %p of %p voted (%p), despite floating point', (quorum, total, voted) => {
    expect(quorumMet(quorum, total, tally(voted, 0, 0))).toBe(true);
    expect(quorumMet(quorum, total, tally(voted - 1, 0, 0))).toBe(false);
  });
});

describe(`${evaluateConsensus.name} by threshold`, () => {
  interface Case {
    readonly threshold: Threshold;
    readonly quorum: number;
    readonly totalWeight: number;
    readonly tally: Tally;
    readonly deadlinePassed: boolean;
    readonly expected: string;
  }
  const c = (
    threshold: Threshold,
    quorum: number,
    totalWeight: number,
    [yes, no, abstain]: [number, number, number],
    deadlinePassed: boolean,
    expected: string,
  ): [string, Case] => [
    `${threshold} q=${quorum} of ${totalWeight}, yes ${yes} no ${no} abstain ${abstain}${deadlinePassed ? ', deadline passed' : ''} → ${expected}`,
    { threshold, quorum, totalWeight, tally: { yes, no, abstain }, deadlinePassed, expected },
  ];

  describe('early accept (before the deadline)', () => {
    it.each([
      c('simple_majority', 0.5, 10, [6, 0, 0], false, 'accepted'),
      c('simple_majority', 0.5, 10, [6, 3, 1], false, 'accepted'),
      c('simple_majority', 0.5, 10, [5, 0, 0], false, 'open'), // 5 outstanding no votes would tie it
      c('two_thirds', 0.5, 9, [6, 0, 0], false, 'accepted'), // 6 of 9 holds even if 3 say no
      c('two_thirds', 0.5, 9, [5, 0, 0], false, 'open'),
      c('unanimous', 0.5, 3, [3, 0, 0], false, 'accepted'),
      c('unanimous', 0.5, 3, [2, 0, 0], false, 'open'), // the last voter could still say no
      c('unanimous', 0.5, 3, [1, 0, 2], false, 'accepted'), // abstentions do not break unanimity
      c('simple_majority', 0.9, 10, [6, 0, 0], false, 'open'), // decided by the threshold but quorum not yet met
    ])('%s', (_label, { expected, ...input }) => {
      expect(evaluateConsensus(input)).toBe(expected);
    });
  });

  describe('early reject (before the deadline) only with quorum met', () => {
    it.each([
      c('simple_majority', 0.5, 10, [0, 5, 0], false, 'rejected'),
      c('simple_majority', 0.5, 10, [2, 6, 0], false, 'rejected'),
      c('simple_majority', 0.6, 10, [0, 5, 0], false, 'open'), // certain to fail the threshold, but could still expire
      c('simple_majority', 0.6, 10, [0, 6, 0], false, 'rejected'),
      c('two_thirds', 0.5, 9, [0, 4, 1], false, 'rejected'), // yes can reach 4 of 8 decisive at most
      c('two_thirds', 0.5, 9, [0, 3, 0], false, 'open'), // quorum 4.5 not met
      c('unanimous', 0.5, 3, [2, 1, 0], false, 'rejected'),
      c('unanimous', 1, 3, [1, 1, 0], false, 'open'), // a no already, but quorum 1 needs the third voter
      c('unanimous', 1, 3, [1, 1, 1], false, 'rejected'),
    ])('%s', (_label, { expected, ...input }) => {
      expect(evaluateConsensus(input)).toBe(expected);
    });
  });

  describe('at the deadline', () => {
    it.each([
      c('simple_majority', 0.5, 10, [4, 0, 0], true, 'expired'), // unanimous yes, but no quorum
      c('simple_majority', 0.5, 10, [0, 0, 0], true, 'expired'),
      c('simple_majority', 0.5, 10, [3, 2, 0], true, 'accepted'),
      c('simple_majority', 0.5, 10, [3, 3, 0], true, 'rejected'), // a tie is no majority
      c('two_thirds', 0.5, 10, [4, 2, 0], true, 'accepted'),
      c('two_thirds', 0.5, 10, [3, 2, 0], true, 'rejected'),
      c('two_thirds', 0.5, 10, [2, 1, 7], true, 'accepted'), // abstentions are not no votes
      c('unanimous', 0.5, 10, [4, 0, 2], true, 'accepted'),
      c('unanimous', 0.5, 10, [4, 1, 0], true, 'rejected'),
      c('unanimous', 1, 3, [2, 0, 0], true, 'expired'),
    ])('%s', (_label, { expected, ...input }) => {
      expect(evaluateConsensus(input)).toBe(expected);
    });
  });

  describe('abstentions count toward quorum only', () => {
    it.each([
      c('simple_majority', 0.5, 10, [1, 0, 0], true, 'expired'), // the same yes without the abstentions: no quorum
      c('simple_majority', 0.5, 10, [1, 0, 4], true, 'accepted'), // 4 abstentions make the quorum
      c('simple_majority', 0.5, 10, [1, 0, 4], false, 'open'), // remaining 5 could still outvote
      c('simple_majority', 0.5, 10, [1, 0, 9], false, 'accepted'), // nobody left to vote
      c('simple_majority', 0.5, 10, [0, 0, 10], false, 'rejected'), // only abstentions: no yes majority
      c('simple_majority', 0.5, 10, [0, 0, 5], true, 'rejected'),
      c('two_thirds', 0.5, 10, [1, 0, 9], false, 'accepted'),
    ])('%s', (_label, { expected, ...input }) => {
      expect(evaluateConsensus(input)).toBe(expected);
    });
  });
});
