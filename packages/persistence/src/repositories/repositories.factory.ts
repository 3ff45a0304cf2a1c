import type { Repositories, SqlExecutor } from '@intelgraph/domain';
import { AgentRepository } from './agent.repository.js';
import { ChannelRepository } from './channel.repository.js';
import { ExperimentRepository } from './experiment.repository.js';
import { LoopRepository } from './loop.repository.js';
import { PlaybookRepository } from './playbook.repository.js';
import { ProposalRepository } from './proposal.repository.js';
import { TaskRepository } from './task.repository.js';

/** Every repository bound to one transaction's executor and tenant. Construction is cheap (no I/O). */
export function createRepositories(sql: SqlExecutor, tenantId: string): Repositories {
  return {
    loops: new LoopRepository(sql, tenantId),
    agents: new AgentRepository(sql, tenantId),
    experiments: new ExperimentRepository(sql, tenantId),
    playbooks: new PlaybookRepository(sql, tenantId),
    tasks: new TaskRepository(sql, tenantId),
    channels: new ChannelRepository(sql, tenantId),
    proposals: new ProposalRepository(sql, tenantId),
  };
}
