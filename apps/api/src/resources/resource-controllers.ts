import type { Type } from '@nestjs/common';
import { AgentsController } from './agents.controller.js';
import { AuditController } from './audit.controller.js';
import { ChannelsController } from './channels.controller.js';
import { ExperimentsController } from './experiments.controller.js';
import { LoopsController } from './loops.controller.js';
import { PlaybooksController } from './playbooks.controller.js';
import { ProposalsController } from './proposals.controller.js';
import { TasksController } from './tasks.controller.js';

/** Every REST controller over the store. */
export const RESOURCE_CONTROLLERS: Type[] = [
  LoopsController,
  AgentsController,
  TasksController,
  ExperimentsController,
  PlaybooksController,
  ChannelsController,
  ProposalsController,
  AuditController,
];
