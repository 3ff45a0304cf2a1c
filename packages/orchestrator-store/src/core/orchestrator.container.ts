import { AUDIT_LOG, auditModule } from '@intelgraph/audit';
import { CLOCK, ID_GENERATOR, SystemClock, TENANT_UNIT_OF_WORK, UuidV7Generator, type Clock, type IdGenerator } from '@intelgraph/domain';
import { TypeOrmTenantUnitOfWork, databaseSettingsFromEnv, openDatabase, type DatabaseSettings } from '@intelgraph/persistence';
import { POLICY_DECISION_POINT, policyModule, type PolicyModuleOptions } from '@intelgraph/policy';
import { Container } from 'inversify';
import type { DataSource } from 'typeorm';
import { CommandRunner } from './command.runner.js';
import { OrchestratorStore } from './orchestrator.store.js';
import { createStoreServices } from './store-services.factory.js';
import { COMMAND_RUNNER, ORCHESTRATOR_STORE } from './store.tokens.js';

/** Options of {@link createOrchestratorContainer}. */
export interface OrchestratorContainerOptions {
  /** Settings to open a database with (default: from the environment), or an open data source the caller owns. */
  readonly database?: DatabaseSettings | { readonly dataSource: DataSource } | undefined;
  /** Policy decision point options (OPA URL, cache); default in process. */
  readonly policy?: PolicyModuleOptions | undefined;
  readonly clock?: Clock | undefined;
  readonly idGenerator?: IdGenerator | undefined;
  /** Runs after the default bindings and before the store is built: rebind any port here. */
  readonly configure?: ((container: Container) => void | Promise<void>) | undefined;
}

/** A built container, its store, and how to release what it opened. */
export interface OrchestratorContainer {
  readonly container: Container;
  readonly store: OrchestratorStore;
  /** Closes the database when the container opened it (a passed-in data source stays open). */
  close(): Promise<void>;
}

/**
 * Builds the store's container: binds `TENANT_UNIT_OF_WORK`, `POLICY_DECISION_POINT` (policy
 * module), `AUDIT_LOG` (audit module), `CLOCK`, `ID_GENERATOR`, `COMMAND_RUNNER` and
 * `ORCHESTRATOR_STORE`, lets `configure` rebind any of them, then resolves the store.
 */
/** The URL the data source connects with, when it has one (channel subscriptions LISTEN there). */
function listenUrlOf(dataSource: DataSource): string | undefined {
  const url = (dataSource.options as { url?: unknown }).url;
  return typeof url === 'string' ? url : undefined;
}

export async function createOrchestratorContainer(options: OrchestratorContainerOptions = {}): Promise<OrchestratorContainer> {
  const db = options.database ?? databaseSettingsFromEnv();
  let dataSource: DataSource;
  let closeDatabase: () => Promise<void> = () => Promise.resolve();
  if ('dataSource' in db) {
    dataSource = db.dataSource;
  } else {
    const opened = await openDatabase(db);
    dataSource = opened.dataSource;
    closeDatabase = () => opened.close();
  }
  try {
    const container = new Container();
    container.bind(CLOCK).toConstantValue(options.clock ?? new SystemClock());
    container.bind(ID_GENERATOR).toConstantValue(options.idGenerator ?? new UuidV7Generator());
    container.bind(TENANT_UNIT_OF_WORK).toConstantValue(new TypeOrmTenantUnitOfWork(dataSource));
    container.load(policyModule(options.policy ?? {}), auditModule());
    container
      .bind(COMMAND_RUNNER)
      .toDynamicValue(
        (ctx) =>
          new CommandRunner({
            uow: ctx.get(TENANT_UNIT_OF_WORK),
            pdp: ctx.get(POLICY_DECISION_POINT),
            audit: ctx.get(AUDIT_LOG),
            clock: ctx.get(CLOCK),
            ids: ctx.get(ID_GENERATOR),
          }),
      )
      .inSingletonScope();
    container
      .bind(ORCHESTRATOR_STORE)
      .toDynamicValue((ctx) => new OrchestratorStore(createStoreServices(ctx.get(COMMAND_RUNNER), { listenUrl: listenUrlOf(dataSource) })))
      .inSingletonScope();
    await options.configure?.(container);
    const store = container.get(ORCHESTRATOR_STORE);
    return { container, store, close: closeDatabase };
  } catch (error) {
    await closeDatabase();
    throw error;
  }
}
