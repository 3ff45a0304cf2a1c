import { AgentService } from '../services/agent.service.js';
import { AuditService } from '../services/audit.service.js';
import { ChannelService } from '../services/channel.service.js';
import { ExperimentService } from '../services/experiment.service.js';
import { PlaybookService } from '../services/playbook.service.js';
import { ProposalService } from '../services/proposal.service.js';
import { ChangeFeed } from '../services/change-feed.service.js';
import { LoopService } from '../services/loop.service.js';
import { MaintenanceService } from '../services/maintenance.service.js';
import { TaskService } from '../services/task.service.js';
import { TenantService } from '../services/tenant.service.js';
import type { CommandRunner } from './command.runner.js';
import type { StoreServices } from './orchestrator.store.js';

/** What services need beyond the runner. */
export interface StoreServicesOptions {
  /** PostgreSQL URL for channel subscriptions' LISTEN connection; without it they poll. */
  readonly listenUrl?: string | undefined;
}

/** Builds every service on one command runner. */
export function createStoreServices(runner: CommandRunner, options: StoreServicesOptions = {}): StoreServices {
  const tasks = new TaskService(runner);
  return {
    tenants: new TenantService(runner),
    loops: new LoopService(runner),
    agents: new AgentService(runner),
    tasks,
    audit: new AuditService(runner),
    changes: new ChangeFeed(runner),
    maintenance: new MaintenanceService(runner, tasks),
    experiments: new ExperimentService(runner),
    playbooks: new PlaybookService(runner),
    channels: new ChannelService(runner, { listenUrl: options.listenUrl }),
    proposals: new ProposalService(runner),
  };
}
