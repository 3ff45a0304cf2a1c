import type { Classification } from '@intelgraph/domain';

/** The authenticated caller, built only from a verified token's claims. Same shape as the store's `Actor`. */
export interface ApiActor {
  readonly subject: string;
  readonly tenantId: string;
  readonly roles: readonly string[];
  readonly clearance: Classification;
  readonly mfa: boolean;
  readonly requestId?: string | undefined;
  readonly approvals?: readonly string[] | undefined;
}
