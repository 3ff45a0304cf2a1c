import { AuditChainVerifier, type AuditChainVerification, type AuditQueryFilter } from '@intelgraph/audit';
import type { AuditEvent, Page, PageRequest } from '@intelgraph/domain';
import type { Actor } from '../core/actor.types.js';
import type { CommandRunner } from '../core/command.runner.js';
import { pageSchema } from '../core/schemas.util.js';
import { parseInput } from '../core/validation.util.js';

/** The actor's tenant's audit trail: query and verify (`audit:read`). */
export class AuditService {
  constructor(private readonly runner: CommandRunner) {}

  /** Keyset-paginated audit events of the actor's tenant. */
  async query(actor: Actor, filter: AuditQueryFilter = {}, page: PageRequest = {}): Promise<Page<AuditEvent>> {
    const p = parseInput(pageSchema, page);
    return this.runner.query({ actor, resource: { type: 'audit' }, run: (tx) => this.runner.auditLog.query(tx, filter, p) });
  }

  /** Verifies the tenant's hash chain end to end (in read-only batches). */
  async verify(actor: Actor): Promise<AuditChainVerification> {
    await this.runner.query({ actor, resource: { type: 'audit' }, run: () => Promise.resolve(undefined) });
    return new AuditChainVerifier(this.runner.unitOfWork).verify(actor.tenantId);
  }
}
