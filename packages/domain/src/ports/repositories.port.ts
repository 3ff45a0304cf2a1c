import type { Agent, AgentStatus } from '../model/agent.types.js';
import type { ChannelMember, ChannelMessage, ChannelStatus, CoordinationChannel } from '../model/channel.types.js';
import type { Classification, Id, Json, JsonObject, Page, PageRequest } from '../model/common.types.js';
import type { Experiment, ExperimentObservation, ExperimentStatus, Guardrail, VariantResult } from '../model/experiment.types.js';
import type { AutonomicLoop, LoopCycle, LoopStatus } from '../model/loop.types.js';
import type {
  Playbook,
  PlaybookRun,
  PlaybookRunStatus,
  PlaybookStatus,
  PlaybookStep,
  PlaybookTrigger,
  PlaybookVersion,
  PlaybookVersionStatus,
} from '../model/playbook.types.js';
import type { ConsensusProposal, EligibleVoter, ProposalStatus, Threshold, Vote, VoteChoice } from '../model/proposal.types.js';
import type { CoordinationTask, TaskStatus } from '../model/task.types.js';

/** Options for reading one aggregate. `forUpdate` takes a row lock until the transaction ends. */
export interface GetOptions {
  readonly forUpdate?: boolean;
}

/**
 * The operations every mutable aggregate's repository offers. `update` writes only when the stored
 * version equals `expectedVersion`, bumps the version, and otherwise throws `VersionConflictError`.
 */
export interface AggregateRepository<T, TCreate, TPatch, TFilter> {
  create(input: TCreate): Promise<T>;
  get(id: Id, options?: GetOptions): Promise<T | null>;
  list(filter: TFilter, page: PageRequest): Promise<Page<T>>;
  update(id: Id, expectedVersion: number, patch: TPatch): Promise<T>;
}

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

// Loops ---------------------------------------------------------------------------------------
export interface NewLoop {
  readonly id: Id;
  readonly name: string;
  readonly description: string;
  readonly classification: Classification;
  readonly config: JsonObject;
}
export type LoopPatch = Mutable<
  Pick<AutonomicLoop, 'description' | 'status' | 'config' | 'leaseOwner' | 'fencingToken' | 'leaseExpiresAt' | 'latestCycleId' | 'cycleCount'>
>;
export interface LoopFilter {
  readonly status?: LoopStatus | undefined;
}
export type NewLoopCycle = Omit<LoopCycle, 'tenantId' | 'createdAt'>;
export interface LoopRepository extends AggregateRepository<AutonomicLoop, NewLoop, LoopPatch, LoopFilter> {
  appendCycle(cycle: NewLoopCycle): Promise<LoopCycle>;
  getCycle(loopId: Id, cycleId: Id): Promise<LoopCycle | null>;
  /** Newest first. */
  listCycles(loopId: Id, page: PageRequest): Promise<Page<LoopCycle>>;
  /** The latest cycle of each listed loop that has one, in one statement (no particular order). */
  latestCycles(loopIds: readonly Id[]): Promise<LoopCycle[]>;
}

// Agents --------------------------------------------------------------------------------------
export type NewAgent = Pick<Agent, 'id' | 'name' | 'subject' | 'role' | 'model' | 'capabilities' | 'routingWeight' | 'classification' | 'heartbeatTtlMs'>;
export type AgentPatch = Mutable<Pick<Agent, 'role' | 'model' | 'capabilities' | 'routingWeight' | 'status' | 'heartbeatTtlMs' | 'lastHeartbeatAt'>>;
export interface AgentFilter {
  readonly status?: AgentStatus | undefined;
  /** Agents having every listed capability. */
  readonly capabilities?: readonly string[] | undefined;
  /** Only agents whose heartbeat lease is live at this instant. */
  readonly reachableAt?: Date | undefined;
}
export interface AgentRepository extends AggregateRepository<Agent, NewAgent, AgentPatch, AgentFilter> {
  getBySubject(subject: string): Promise<Agent | null>;
  /** The listed agents that exist, in one statement (no particular order). */
  getMany(ids: readonly Id[]): Promise<Agent[]>;
}

// Experiments ---------------------------------------------------------------------------------
export interface NewExperiment {
  readonly id: Id;
  readonly name: string;
  readonly hypothesis: string;
  readonly classification: Classification;
  readonly variants: readonly { readonly id: Id; readonly key: string; readonly weight: number }[];
  readonly guardrail: Guardrail | null;
}
export type ExperimentPatch = Mutable<Pick<Experiment, 'status' | 'hypothesis' | 'conclusion' | 'guardrail'>>;
export interface ExperimentFilter {
  readonly status?: ExperimentStatus | undefined;
}
export type NewObservation = Omit<ExperimentObservation, 'tenantId'>;
export interface ExperimentRepository extends AggregateRepository<Experiment, NewExperiment, ExperimentPatch, ExperimentFilter> {
  addObservations(observations: readonly NewObservation[]): Promise<void>;
  /** Count, mean and sample standard deviation per variant, computed by the database. */
  results(experimentId: Id, metric?: string): Promise<VariantResult[]>;
}

// Playbooks -----------------------------------------------------------------------------------
export type NewPlaybook = Pick<Playbook, 'id' | 'name' | 'description' | 'classification'>;
export type PlaybookPatch = Mutable<Pick<Playbook, 'description' | 'status' | 'publishedVersionId'>>;
export interface PlaybookFilter {
  readonly status?: PlaybookStatus | undefined;
}
export interface NewPlaybookVersion {
  readonly id: Id;
  readonly playbookId: Id;
  readonly steps: readonly PlaybookStep[];
  readonly triggers: readonly PlaybookTrigger[];
}
export type PlaybookVersionPatch = Mutable<Pick<PlaybookVersion, 'steps' | 'triggers' | 'status' | 'publishedAt'>>;
export interface PlaybookVersionFilter {
  readonly playbookId: Id;
  readonly status?: PlaybookVersionStatus | undefined;
}
export type NewPlaybookRun = Pick<PlaybookRun, 'id' | 'playbookId' | 'versionId' | 'startedBy'>;
export type PlaybookRunPatch = Mutable<Pick<PlaybookRun, 'status' | 'stepResults' | 'finishedAt'>>;
export interface PlaybookRunFilter {
  readonly playbookId: Id;
  readonly status?: PlaybookRunStatus | undefined;
}
export interface PlaybookRepository extends AggregateRepository<Playbook, NewPlaybook, PlaybookPatch, PlaybookFilter> {
  /** Numbers the version one past the playbook's highest. */
  createVersion(input: NewPlaybookVersion): Promise<PlaybookVersion>;
  getVersion(versionId: Id, options?: GetOptions): Promise<PlaybookVersion | null>;
  /** The listed versions that exist, in one statement (no particular order). */
  getVersions(versionIds: readonly Id[]): Promise<PlaybookVersion[]>;
  listVersions(filter: PlaybookVersionFilter, page: PageRequest): Promise<Page<PlaybookVersion>>;
  updateVersion(versionId: Id, expectedVersion: number, patch: PlaybookVersionPatch): Promise<PlaybookVersion>;
  createRun(input: NewPlaybookRun): Promise<PlaybookRun>;
  getRun(runId: Id, options?: GetOptions): Promise<PlaybookRun | null>;
  listRuns(filter: PlaybookRunFilter, page: PageRequest): Promise<Page<PlaybookRun>>;
  updateRun(runId: Id, expectedVersion: number, patch: PlaybookRunPatch): Promise<PlaybookRun>;
}

// Tasks ---------------------------------------------------------------------------------------
export type NewTask = Pick<
  CoordinationTask,
  'id' | 'queue' | 'kind' | 'payload' | 'priority' | 'runAt' | 'classification' | 'maxAttempts' | 'idempotencyKey' | 'assignedAgentId'
>;
export type TaskPatch = Mutable<
  Pick<CoordinationTask, 'status' | 'attempts' | 'runAt' | 'claimedBy' | 'leaseToken' | 'leaseExpiresAt' | 'lastError' | 'result' | 'finishedAt' | 'priority'>
>;
export interface TaskFilter {
  readonly queue?: string | undefined;
  readonly status?: TaskStatus | undefined;
  readonly claimedBy?: Id | undefined;
}
export interface ClaimRequest {
  readonly queue: string;
  readonly agentId: Id;
  readonly limit: number;
  readonly leaseMs: number;
  readonly now: Date;
  /** A fresh lease token per claimed task. */
  readonly newLeaseToken: () => string;
}
export interface TaskRepository extends AggregateRepository<CoordinationTask, NewTask, TaskPatch, TaskFilter> {
  findByIdempotencyKey(queue: string, key: string): Promise<CoordinationTask | null>;
  /**
   * Claims up to `limit` due tasks (queued, or retry_wait whose run-at passed) of the queue, highest
   * priority then oldest run-at first, skipping rows other transactions hold (`FOR UPDATE SKIP LOCKED`),
   * and only tasks unassigned or assigned to this agent.
   */
  claim(request: ClaimRequest): Promise<CoordinationTask[]>;
  /** Claimed tasks whose lease expired before `now`, locked for update, at most `limit`. */
  lockExpired(now: Date, limit: number): Promise<CoordinationTask[]>;
  /** Deletes finished tasks (succeeded, failed, cancelled, dead) finished before `before`; returns how many. */
  purgeFinished(before: Date): Promise<number>;
}

// Channels ------------------------------------------------------------------------------------
export interface NewChannel {
  readonly id: Id;
  readonly name: string;
  readonly classification: Classification;
  readonly members: readonly string[];
}
export type ChannelPatch = Mutable<Pick<CoordinationChannel, 'status'>>;
export interface ChannelFilter {
  readonly status?: ChannelStatus | undefined;
  /** Only channels this subject is a member of. */
  readonly memberId?: string | undefined;
}
export interface ChannelRepository extends AggregateRepository<CoordinationChannel, NewChannel, ChannelPatch, ChannelFilter> {
  addMembers(channelId: Id, memberIds: readonly string[]): Promise<void>;
  getMember(channelId: Id, memberId: string): Promise<ChannelMember | null>;
  listMembers(channelId: Id): Promise<ChannelMember[]>;
  /** Moves the member's cursor forward (never back); returns the member. */
  acknowledge(channelId: Id, memberId: string, sequence: number): Promise<ChannelMember>;
  /** Appends with the next gapless sequence (the channel row is locked to number it). */
  appendMessage(input: { readonly id: Id; readonly channelId: Id; readonly sender: string; readonly body: Json }): Promise<ChannelMessage>;
  /** Messages with sequence > `afterSequence`, ascending. */
  readMessages(channelId: Id, afterSequence: number, limit: number): Promise<ChannelMessage[]>;
  /** Deletes messages older than `before`; returns how many. */
  purgeMessages(before: Date): Promise<number>;
}

// Proposals -----------------------------------------------------------------------------------
export interface NewProposal {
  readonly id: Id;
  readonly title: string;
  readonly description: string;
  readonly classification: Classification;
  readonly quorum: number;
  readonly threshold: Threshold;
  readonly deadline: Date;
  readonly voters: readonly EligibleVoter[];
  readonly openedBy: string;
}
export type ProposalPatch = Mutable<Pick<ConsensusProposal, 'status' | 'closedAt'>>;
export interface ProposalFilter {
  readonly status?: ProposalStatus | undefined;
}
export interface ProposalRepository extends AggregateRepository<ConsensusProposal, NewProposal, ProposalPatch, ProposalFilter> {
  /** Inserts or replaces the voter's vote (weight from the frozen voter list) and recomputes the tally. */
  castVote(proposalId: Id, voterId: string, choice: VoteChoice, at: Date): Promise<Vote>;
  listVotes(proposalId: Id): Promise<Vote[]>;
  /** The votes of all listed proposals in one statement, oldest first (then by voter). */
  listVotesOf(proposalIds: readonly Id[]): Promise<Vote[]>;
  /** Open proposals whose deadline passed, locked for update. */
  lockOverdue(now: Date, limit: number): Promise<ConsensusProposal[]>;
}

/** Every repository of one tenant transaction. */
export interface Repositories {
  readonly loops: LoopRepository;
  readonly agents: AgentRepository;
  readonly experiments: ExperimentRepository;
  readonly playbooks: PlaybookRepository;
  readonly tasks: TaskRepository;
  readonly channels: ChannelRepository;
  readonly proposals: ProposalRepository;
}

