import type { SqlExecutor, TenantId } from '@intelgraph/domain';
import { listAuditedTenants, type AuditChainVerification, type AuditChainVerifier } from './audit-chain.verifier.js';

export interface VerifyChainsOptions {
  readonly verifier: AuditChainVerifier;
  /** Tenants to verify; when empty, every tenant `listAuditedTenants(operator)` finds. */
  readonly tenants?: readonly TenantId[] | undefined;
  /** Operator (superuser / BYPASSRLS) executor for listing tenants; required when `tenants` is empty. */
  readonly operator?: SqlExecutor | undefined;
  /** Progress and OK lines. */
  readonly out: (line: string) => void;
  /** Broken chains and errors. */
  readonly err: (line: string) => void;
  /** Print a progress line every this many events of a chain (default 50,000). */
  readonly progressEvery?: number | undefined;
}

export interface VerifyChainsReport {
  /** 0 all verified, 1 a chain is broken, 2 nothing could be verified (no visible chains). */
  readonly exitCode: 0 | 1 | 2;
  readonly results: readonly AuditChainVerification[];
}

/** One line describing a verification result. */
export function describeVerification(result: AuditChainVerification): string {
  if (result.ok) return `OK      tenant ${result.tenantId}: ${result.count} events${result.head ? `, head ${result.head.sequence} ${result.head.hash}` : ''}`;
  return `BROKEN  tenant ${result.tenantId} at sequence ${result.brokenAt}: ${result.reason} (${result.detail}); ${result.count} events verified before it`;
}

/**
 * Verifies the given tenants (or every audited tenant) one after another, printing progress and
 * a line per tenant; what the `audit:verify` tool runs. Memory stays constant per chain.
 */
export async function verifyChains(options: VerifyChainsOptions): Promise<VerifyChainsReport> {
  const { out, err } = options;
  const progressEvery = options.progressEvery ?? 50_000;
  let tenants = options.tenants ?? [];
  if (tenants.length === 0) {
    if (!options.operator) throw new Error('verifyChains: pass tenants or an operator executor to list them');
    tenants = await listAuditedTenants(options.operator);
    if (tenants.length === 0) {
      const [role] = await options.operator.query<{ bypass: boolean }>(`SELECT rolsuper OR rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user`);
      if (!role?.bypass) {
        err('no audit chains are visible: row-level security hides them from this role; connect as a superuser or BYPASSRLS role, or name tenants');
        return { exitCode: 2, results: [] };
      }
    }
    out(`verifying ${tenants.length} tenant chain(s)`);
  }

  const results: AuditChainVerification[] = [];
  const started = Date.now();
  let events = 0;
  for (const [i, tenantId] of tenants.entries()) {
    out(`[${i + 1}/${tenants.length}] verifying tenant ${tenantId}`);
    let reported = 0;
    const result = await options.verifier.verify(tenantId, {
      onProgress: ({ verified, target }) => {
        if (verified - reported >= progressEvery) {
          reported = verified;
          out(`        ${verified}${target !== null ? ` / ${target}` : ''} events verified`);
        }
      },
    });
    events += result.count;
    if (result.ok) out(describeVerification(result));
    else err(describeVerification(result));
    results.push(result);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const broken = results.filter((r) => !r.ok);
  if (broken.length > 0) {
    err(`${broken.length} of ${tenants.length} chain(s) BROKEN (${events} events verified in ${seconds}s):`);
    for (const b of broken) if (!b.ok) err(`  tenant ${b.tenantId}: sequence ${b.brokenAt}, ${b.reason}`);
    return { exitCode: 1, results };
  }
  out(`all ${tenants.length} chain(s) verified: ${events} events in ${seconds}s`);
  return { exitCode: 0, results };
}
