import type { AuditEvent, AuditEventInput, AuditOutcome, Page, PageRequest, TenantTransaction } from '@intelgraph/domain';
import type { ServiceIdentifier } from 'inversify';

/** The newest link of a tenant's chain, as `audit_heads` records it. */
export interface AuditHead {
  readonly sequence: number;
  readonly hash: string;
}

/** What `AuditLog.query` filters on; every field is optional and they combine with AND. */
export interface AuditQueryFilter {
  /** Inclusive lower bound on `occurredAt`. */
  readonly from?: Date | undefined;
  /** Exclusive upper bound on `occurredAt`. */
  readonly to?: Date | undefined;
  /** The actor's subject. */
  readonly actor?: string | undefined;
  readonly resourceType?: string | undefined;
  readonly resourceId?: string | undefined;
  readonly action?: string | undefined;
  readonly outcome?: AuditOutcome | undefined;
  /** Sequence order of the pages; newest first (`desc`) unless asked otherwise. */
  readonly order?: 'asc' | 'desc' | undefined;
}

/**
 * The tenant's tamper-evident audit log. Every method runs inside the caller's tenant transaction,
 * so an appended event commits or rolls back together with the mutation it records.
 */
export interface AuditLog {
  /**
   * Appends the next link of `tx.tenantId`'s chain. Takes the tenant's chain-head row lock, held
   * until the transaction ends: call it as the last step of the transaction.
   */
  append(tx: TenantTransaction, input: AuditEventInput): Promise<AuditEvent>;
  /**
   * Appends `inputs` as consecutive links, in order: the same events (sequence, hash chain) as one
   * `append` per input, in fewer round trips. All or none: every input is validated before any is
   * written. An empty list appends nothing (and takes no lock).
   */
  appendMany(tx: TenantTransaction, inputs: readonly AuditEventInput[]): Promise<AuditEvent[]>;
  /** Keyset-paginated events (by sequence); a cursor this log did not issue is a `ValidationError`. */
  query(tx: TenantTransaction, filter: AuditQueryFilter, page: PageRequest): Promise<Page<AuditEvent>>;
  /** The tenant's chain head, or null before its first event. */
  head(tx: TenantTransaction): Promise<AuditHead | null>;
}

export const AUDIT_LOG: ServiceIdentifier<AuditLog> = Symbol.for('audit.AuditLog');
