import type { Type } from '@nestjs/common';
import { AgentResolver } from './agent.resolver.js';
import { AuditResolver } from './audit.resolver.js';
import { ChannelResolver } from './channel.resolver.js';
import { ExperimentResolver } from './experiment.resolver.js';
import { LoopResolver } from './loop.resolver.js';
import { PlaybookResolver } from './playbook.resolver.js';
import { ProposalResolver } from './proposal.resolver.js';
import { TaskResolver } from './task.resolver.js';

/** Every GraphQL resolver, one per aggregate. */
export const GRAPHQL_RESOLVERS: Type[] = [LoopResolver, AgentResolver, TaskResolver, ExperimentResolver, PlaybookResolver, ChannelResolver, ProposalResolver, AuditResolver];
