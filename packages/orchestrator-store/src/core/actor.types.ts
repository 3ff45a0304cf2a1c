import type { Classification, TenantId } from '@intelgraph/domain';

/**
 * Who performs a command: the identity taken from a verified token by the API edge, never from
 * request input. `tenantId` selects the tenant transaction every command runs in.
 */
export interface Actor {
  /** The token subject (user or agent principal id). */
  readonly subject: string;
  /** The tenant the token was issued for; platform admins carry `PLATFORM_TENANT_ID`. */
  readonly tenantId: TenantId;
  readonly roles: readonly string[];
  /** Highest classification the actor may see. */
  readonly clearance: Classification;
  /** Whether the session was established with multi-factor authentication. */
  readonly mfa: boolean;
  /** Correlation id recorded in audit events. */
  readonly requestId?: string | undefined;
  /** Subjects that approved this request (dual control). */
  readonly approvals?: readonly string[] | undefined;
}
