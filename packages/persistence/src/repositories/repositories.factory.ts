import type { Repositories, SqlExecutor } from '@intelgraph/domain';
import { LoopRepository } from './loop.repository.js';

/** Every repository bound to one transaction's executor and tenant. Construction is cheap (no I/O). */
export function createRepositories(sql: SqlExecutor, tenantId: string): Repositories {
  return {
    loops: new LoopRepository(sql, tenantId),
  } as unknown as Repositories; // TODO(repositories helper): all repositories
}
