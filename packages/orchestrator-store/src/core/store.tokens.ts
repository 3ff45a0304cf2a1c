import type { ServiceIdentifier } from 'inversify';
import type { CommandRunner } from './command.runner.js';
import type { OrchestratorStore } from './orchestrator.store.js';

/** DI token of the {@link OrchestratorStore}. */
export const ORCHESTRATOR_STORE: ServiceIdentifier<OrchestratorStore> = Symbol.for('store.OrchestratorStore');

/** DI token of the {@link CommandRunner} every service runs its operations through. */
export const COMMAND_RUNNER: ServiceIdentifier<CommandRunner> = Symbol.for('store.CommandRunner');
