// Errors
export { DomainError } from './errors/domain.error.js';
export type { DomainErrorCode } from './errors/domain.error.js';
export { ValidationError } from './errors/validation.error.js';
export type { FieldError } from './errors/validation.error.js';
export { NotFoundError } from './errors/not-found.error.js';
export { ConflictError, VersionConflictError } from './errors/conflict.error.js';
export { InvalidTransitionError } from './errors/invalid-transition.error.js';
export { PolicyDeniedError } from './errors/policy-denied.error.js';
export { TenantSuspendedError } from './errors/tenant-suspended.error.js';
export { LeaseLostError } from './errors/lease-lost.error.js';
export { UnavailableError } from './errors/unavailable.error.js';

// Model
export { CLASSIFICATIONS, PLATFORM_TENANT_ID } from './model/common.types.js';
export type { Classification, Id, Json, JsonObject, Page, PageRequest, TenantId, Versioned } from './model/common.types.js';
export { TENANT_STATUSES, DEFAULT_RETENTION } from './model/tenant.types.js';
export type { Tenant, TenantStatus, RetentionSettings } from './model/tenant.types.js';
export { LOOP_STATUSES } from './model/loop.types.js';
export type { AutonomicLoop, LoopCycle, LoopStatus } from './model/loop.types.js';
export { AGENT_STATUSES, isAgentReachable } from './model/agent.types.js';
export type { Agent, AgentStatus } from './model/agent.types.js';
export { EXPERIMENT_STATUSES, variantWeightProblems } from './model/experiment.types.js';
export type { Experiment, ExperimentObservation, ExperimentStatus, ExperimentVariant, Guardrail, VariantResult } from './model/experiment.types.js';
export { PLAYBOOK_STATUSES, PLAYBOOK_VERSION_STATUSES, PLAYBOOK_RUN_STATUSES, STEP_RESULT_STATUSES } from './model/playbook.types.js';
export type {
  Playbook,
  PlaybookRun,
  PlaybookRunStatus,
  PlaybookStatus,
  PlaybookStep,
  PlaybookTrigger,
  PlaybookVersion,
  PlaybookVersionStatus,
  StepResult,
  StepResultStatus,
} from './model/playbook.types.js';
export { TASK_STATUSES, TASK_LIMITS, backoffDelayMs } from './model/task.types.js';
export type { CoordinationTask, TaskStatus } from './model/task.types.js';
export { CHANNEL_STATUSES } from './model/channel.types.js';
export type { ChannelMember, ChannelMessage, ChannelStatus, CoordinationChannel } from './model/channel.types.js';
export { PROPOSAL_STATUSES, THRESHOLDS, VOTE_CHOICES } from './model/proposal.types.js';
export type { ConsensusProposal, EligibleVoter, ProposalStatus, Tally, Threshold, Vote, VoteChoice } from './model/proposal.types.js';
export { evaluateConsensus, meetsThreshold, quorumMet } from './model/consensus.util.js';
export type { ConsensusOutcome } from './model/consensus.util.js';
export { AUDIT_OUTCOMES } from './model/audit-event.types.js';
export type { AuditDecision, AuditEvent, AuditEventInput, AuditOutcome } from './model/audit-event.types.js';

// State machines
export { defineMachine } from './state-machines/state-machine.util.js';
export type { StateMachine, Transition } from './state-machines/state-machine.util.js';
export {
  agentMachine,
  channelMachine,
  experimentMachine,
  loopMachine,
  playbookMachine,
  playbookRunMachine,
  playbookVersionMachine,
  proposalMachine,
  taskMachine,
  tenantMachine,
  AGENT_EVENTS,
  CHANNEL_EVENTS,
  EXPERIMENT_EVENTS,
  LOOP_EVENTS,
  PLAYBOOK_EVENTS,
  PLAYBOOK_RUN_EVENTS,
  PLAYBOOK_VERSION_EVENTS,
  PROPOSAL_EVENTS,
  TASK_EVENTS,
  TENANT_EVENTS,
} from './state-machines/lifecycles.js';
export type {
  AgentEvent,
  ChannelEvent,
  ExperimentEvent,
  LoopEvent,
  PlaybookEvent,
  PlaybookRunEvent,
  PlaybookVersionEvent,
  ProposalEvent,
  TaskEvent,
  TenantEvent,
} from './state-machines/lifecycles.js';

// Utilities
export { uuidv7, isUuid } from './util/uuid-v7.util.js';
export { canonicalJson, sha256Hex } from './util/canonical-json.util.js';
export { firstPathDeeperThan, MAX_INPUT_NESTING } from './util/nesting.util.js';

// Ports and tokens
export { CLOCK, SystemClock } from './ports/clock.port.js';
export type { Clock } from './ports/clock.port.js';
export { ID_GENERATOR, UuidV7Generator } from './ports/id-generator.port.js';
export type { IdGenerator } from './ports/id-generator.port.js';
export type { SqlExecutor } from './ports/sql-executor.port.js';
export { TENANT_UNIT_OF_WORK } from './ports/unit-of-work.port.js';
export type { TenantTransaction, TenantUnitOfWork, UnitOfWorkOptions } from './ports/unit-of-work.port.js';
export type * from './ports/repositories.port.js';
