import type { OrchestratorStore } from '@intelgraph/orchestrator-store';
import type { ApiActor } from '../auth/actor.types.js';
import type { GraphqlResponseCache } from './graphql-response-cache.service.js';

/**
 * Invalidates cached GraphQL results from the store's change feed (the transactional outbox): one
 * watcher per tenant that has cached results; each change drops the results showing that entity
 * (`<type>:<id>`) and the collection reads of its type (`<type>`). Writes made through any replica
 * or through REST are seen within the poll interval.
 */
export class ChangeInvalidator {
  private readonly watching = new Map<string, AbortController>();

  constructor(
    private readonly store: OrchestratorStore,
    private readonly cache: GraphqlResponseCache,
    private readonly pollMs = 250,
  ) {}

  /** Ensures the tenant's watcher runs. */
  watch(tenantId: string): void {
    if (this.watching.has(tenantId)) return;
    const abort = new AbortController();
    this.watching.set(tenantId, abort);
    const actor: ApiActor = { subject: 'system:cache-invalidator', tenantId, roles: ['auditor'], clearance: 'restricted', mfa: true };
    void (async () => {
      try {
        for await (const change of this.store.changes.watch(actor, 0, { signal: abort.signal, pollMs: this.pollMs })) {
          await this.cache.invalidateEntity(tenantId, change.aggregateType, change.aggregateId);
          // Every change also appended an audit event.
          await this.cache.invalidate(tenantId, ['audit']);
        }
      } catch {
        // The feed failed (database gone, shutdown); let the next request start a new watcher.
      } finally {
        if (this.watching.get(tenantId) === abort) this.watching.delete(tenantId);
      }
    })();
  }

  /** Stops every watcher. */
  stop(): void {
    for (const abort of this.watching.values()) abort.abort();
    this.watching.clear();
  }
}
