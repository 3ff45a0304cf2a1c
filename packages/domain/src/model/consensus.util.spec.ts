import { evaluateConsensus, meetsThreshold } from './consensus.util.js';

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
