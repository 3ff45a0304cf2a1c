/** Post-restore checks shared by `restore` and `drill`: row counts, audit chains and heads. */
import { AuditChainVerifier, type AuditChainVerification } from '@intelgraph/audit';
import { TypeOrmTenantUnitOfWork, buildDataSource } from '@intelgraph/persistence';
import type { DataSource } from 'typeorm';
import { compareCounts, countRows, withClient } from './common.js';
import type { Manifest } from './container.js';

/** Row-count differences against the manifest (empty: equal). For a tenant archive only that tenant is compared. */
export async function checkCounts(url: string, manifest: Manifest): Promise<string[]> {
  const tenant = manifest.kind === 'tenant' ? manifest.tenant?.id : undefined;
  const actual = await withClient(url, (c) => countRows(c, tenant));
  return compareCounts(manifest.tables, actual, tenant);
}

/** Verifies `tenants`' chains through the tenant unit of work (RLS applies, as in the app). */
export async function verifyTenantChains(ds: DataSource, tenants: readonly string[]): Promise<AuditChainVerification[]> {
  const verifier = new AuditChainVerifier(new TypeOrmTenantUnitOfWork(ds));
  const results: AuditChainVerification[] = [];
  for (const t of tenants) results.push(await verifier.verify(t));
  return results;
}

/**
 * Verifies every chain the manifest names and that its head equals the manifest's; returns
 * problems (empty: all verified) and a line per tenant.
 */
export async function checkChains(url: string, manifest: Manifest, report: (line: string) => void = () => undefined): Promise<string[]> {
  const ds = buildDataSource(url, { poolMax: 2, applicationName: 'orch-restore-verify' });
  await ds.initialize();
  try {
    const problems: string[] = [];
    const tenants = Object.keys(manifest.chainHeads);
    for (const result of await verifyTenantChains(ds, tenants)) {
      const expected = manifest.chainHeads[result.tenantId]!;
      if (!result.ok) problems.push(`tenant ${result.tenantId}: chain broken at ${result.brokenAt} (${result.reason}: ${result.detail})`);
      else if (!result.head || result.head.sequence !== expected.sequence || result.head.hash !== expected.hash)
        problems.push(`tenant ${result.tenantId}: head ${result.head?.sequence ?? 'none'} ${result.head?.hash ?? ''} differs from the manifest's ${expected.sequence} ${expected.hash}`);
      else report(`tenant ${result.tenantId}: ${result.count} events, head ${expected.sequence} ${expected.hash.slice(0, 12)}… matches`);
    }
    return problems;
  } finally {
    await ds.destroy();
  }
}
