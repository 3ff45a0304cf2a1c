import type { AgentService } from '../services/agent.service.js';
import type { ChannelService } from '../services/channel.service.js';
import type { ExperimentService } from '../services/experiment.service.js';
import type { PlaybookService } from '../services/playbook.service.js';
import type { ProposalService } from '../services/proposal.service.js';
import type { AuditService } from '../services/audit.service.js';
import type { ChangeFeed } from '../services/change-feed.service.js';
import type { LoopService } from '../services/loop.service.js';
import type { MaintenanceService } from '../services/maintenance.service.js';
import type { TaskService } from '../services/task.service.js';
import type { TenantService } from '../services/tenant.service.js';

/**
 * Every service of the store. To add one: create `src/services/<name>.service.ts`, add a property
 * here and in {@link OrchestratorStore}, and build it in `createStoreServices`.
 */
export interface StoreServices {
  readonly tenants: TenantService;
  readonly loops: LoopService;
  readonly agents: AgentService;
  readonly tasks: TaskService;
  readonly audit: AuditService;
  readonly changes: ChangeFeed;
  readonly maintenance: MaintenanceService;
  readonly experiments: ExperimentService;
  readonly playbooks: PlaybookService;
  readonly channels: ChannelService;
  readonly proposals: ProposalService;
}

/** The orchestrator store: one property per service; every method takes the acting `Actor` first. */
export class OrchestratorStore implements StoreServices {
  readonly tenants: TenantService;
  readonly loops: LoopService;
  readonly agents: AgentService;
  readonly tasks: TaskService;
  readonly audit: AuditService;
  readonly changes: ChangeFeed;
  readonly maintenance: MaintenanceService;
  readonly experiments: ExperimentService;
  readonly playbooks: PlaybookService;
  readonly channels: ChannelService;
  readonly proposals: ProposalService;

  constructor(services: StoreServices) {
    this.tenants = services.tenants;
    this.loops = services.loops;
    this.agents = services.agents;
    this.tasks = services.tasks;
    this.audit = services.audit;
    this.changes = services.changes;
    this.maintenance = services.maintenance;
    this.experiments = services.experiments;
    this.playbooks = services.playbooks;
    this.channels = services.channels;
    this.proposals = services.proposals;
  }
}
