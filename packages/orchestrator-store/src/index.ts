// Core pipeline
export type { Actor } from './core/actor.types.js';
export { canSee, found, hasAnyRole } from './core/actor.util.js';
export { CommandRunner } from './core/command.runner.js';
export type { CommandRunnerDependencies } from './core/command.runner.js';
export type { CommandEffect, CommandSpec, OutboxEventSpec, QuerySpec, ResourceDescriptor, ResourceSource } from './core/command.types.js';
export { OutboxWriter } from './core/outbox.writer.js';
export { parseInput } from './core/validation.util.js';
export { classificationSchema, expectedVersionSchema, idSchema, idsSchema, jsonObjectSchema, pageSchema } from './core/schemas.util.js';
export { COMMAND_RUNNER, ORCHESTRATOR_STORE } from './core/store.tokens.js';
export { OrchestratorStore } from './core/orchestrator.store.js';
export type { StoreServices } from './core/orchestrator.store.js';
export { createStoreServices } from './core/store-services.factory.js';
export { createOrchestratorContainer } from './core/orchestrator.container.js';
export type { OrchestratorContainer, OrchestratorContainerOptions } from './core/orchestrator.container.js';

// Repositories
export { TenantRepository } from './repositories/tenant.repository.js';
export type { TenantPatch } from './repositories/tenant.repository.js';

// Services
export { TenantService } from './services/tenant.service.js';
export type { ProvisionTenantInput } from './services/tenant.service.js';
export { LoopService } from './services/loop.service.js';
export type { AcquireLeaseInput, ConfigureLoopInput, CreateLoopInput, ListLoopsInput, LoopLease, RecordCycleInput } from './services/loop.service.js';
export { AGENT_SUPERVISOR_ROLES, AgentService } from './services/agent.service.js';
export type { ListAgentsInput, RegisterAgentInput, RouteAgentInput, UpdateAgentInput } from './services/agent.service.js';
export { TaskService } from './services/task.service.js';
export type { ClaimTasksInput, CompleteTaskInput, EnqueueTaskInput, ExtendTaskInput, FailTaskInput, ListTasksInput } from './services/task.service.js';
export { AuditService } from './services/audit.service.js';
export { ChangeFeed } from './services/change-feed.service.js';
export type { ChangeEvent, WatchOptions } from './services/change-feed.service.js';
export { MaintenanceService } from './services/maintenance.service.js';
export type { TenantMaintenanceReport } from './services/maintenance.service.js';
export { ExperimentService } from './services/experiment.service.js';
export type {
  AbortExperimentInput,
  ConcludeExperimentInput,
  CreateExperimentInput,
  ExperimentTransitionInput,
  ListExperimentsInput,
  ObservationOutcome,
  ObserveExperimentInput,
} from './services/experiment.service.js';
export { PlaybookService } from './services/playbook.service.js';
export type {
  CreatePlaybookInput,
  CreatePlaybookVersionInput,
  FinishPlaybookRunInput,
  ListPlaybooksInput,
  RecordPlaybookStepInput,
  UpdatePlaybookVersionInput,
} from './services/playbook.service.js';
export { CHANNEL_NOTIFY, ChannelService } from './services/channel.service.js';
export type { ChannelServiceOptions, CreateChannelInput, ListChannelsInput, ReadChannelInput, SubscribeChannelOptions } from './services/channel.service.js';
export { ProposalService } from './services/proposal.service.js';
export type { ListProposalsInput, OpenProposalInput, VoteOutcome } from './services/proposal.service.js';
