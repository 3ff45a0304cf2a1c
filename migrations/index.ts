import type { MigrationInterface } from 'typeorm';
import { InitialSchema1796396400000 } from './1796396400000-InitialSchema.js';

export { ALL_TABLES, TENANT_TABLES } from './1796396400000-InitialSchema.js';
export { APP_ROLE, OWNER_ROLE, PLATFORM_TENANT, TENANT_SETTING } from './schema.util.js';

/** Every migration, oldest first. The only way the schema changes. */
export const MIGRATIONS: ReadonlyArray<new () => MigrationInterface> = [InitialSchema1796396400000];
