import type { Agent, LoopCycle, PlaybookVersion, Vote } from '@intelgraph/domain';
import type { OrchestratorStore } from '@intelgraph/orchestrator-store';
import DataLoader from 'dataloader';
import type { ApiActor } from '../auth/actor.types.js';

/**
 * Batch reads for the GraphQL nested fields: each method is ONE policy-checked, tenant-scoped,
 * read-only store query for any number of ids (the store's batch reads; no SQL here).
 * Results come back in the order of the ids (null when absent or above the caller's clearance).
 */
export class BatchReads {
  constructor(private readonly store: OrchestratorStore) {}

  /** The latest cycle of each loop (`loop:read`). */
  latestCycles(actor: ApiActor, loopIds: readonly string[]): Promise<(LoopCycle | null)[]> {
    return this.store.loops.latestCycles(actor, loopIds);
  }

  /** Agents by id (`agent:read`; masked above the caller's clearance). */
  agents(actor: ApiActor, ids: readonly string[]): Promise<(Agent | null)[]> {
    return this.store.agents.getMany(actor, ids);
  }

  /** The votes of each proposal, oldest first (`proposal:read`). */
  votes(actor: ApiActor, proposalIds: readonly string[]): Promise<Vote[][]> {
    return this.store.proposals.votesFor(actor, proposalIds);
  }

  /** Playbook versions by id (`playbook:read`). */
  playbookVersions(actor: ApiActor, ids: readonly string[]): Promise<(PlaybookVersion | null)[]> {
    return this.store.playbooks.versionsByIds(actor, ids);
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
