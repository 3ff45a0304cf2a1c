import type { ConsensusOutcome, ProposalEvent } from '@intelgraph/domain';
import { z } from 'zod';

/** Frozen voter list of a proposal: unique ids, positive integer weights. */
export const votersSchema = z
  .array(z.object({ voterId: z.string().trim().min(1).max(200), weight: z.number().int().min(1).max(1_000_000) }))
  .min(1)
  .max(1000)
  .superRefine((voters, ctx) => {
    const seen = new Set<string>();
    voters.forEach((v, index) => {
      if (seen.has(v.voterId)) ctx.addIssue({ code: 'custom', path: [index, 'voterId'], message: `voter "${v.voterId}" is repeated` });
      seen.add(v.voterId);
    });
  });

/** The proposal event that closes it with a decided outcome. */
export function closingEvent(outcome: Exclude<ConsensusOutcome, 'open'>): ProposalEvent {
  return outcome === 'accepted' ? 'accept' : outcome === 'rejected' ? 'reject' : 'expire';
}
