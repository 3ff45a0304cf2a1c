/**
 * `audit:verify` — verifies tenants' audit hash chains against the database at DATABASE_URL.
 *
 *   audit:verify [--tenant <uuid>]... [--batch-size <n>]
 *
 * With no --tenant it verifies every tenant that has a chain. Listing the tenants reads
 * audit_heads/audit_events across tenants, which row-level security hides from the app role and
 * from the (forced-RLS) owner: run it as a superuser or a BYPASSRLS role. Each chain is then read
 * through a read-only tenant transaction as the app role, so that connection's role must be
 * allowed to `SET ROLE orch_app`.
 *
 * Exit status: 0 every chain verified, 1 a chain is broken (tenant, sequence and reason printed),
 * 2 usage or connection error.
 */
import { AuditChainVerifier, verifyChains } from '@intelgraph/audit';
import { isUuid, type SqlExecutor } from '@intelgraph/domain';
import { TypeOrmTenantUnitOfWork, buildDataSource } from '@intelgraph/persistence';

export interface VerifyCliIo {
  readonly env: NodeJS.ProcessEnv;
  out(line: string): void;
  err(line: string): void;
}

const USAGE = 'usage: audit:verify [--tenant <uuid>]... [--batch-size <n>]   (reads DATABASE_URL)';

interface Args {
  readonly tenants: string[];
  readonly batchSize: number | undefined;
  readonly help: boolean;
}

function parseArgs(argv: readonly string[]): Args | string {
  const tenants: string[] = [];
  let batchSize: number | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '--help' || flag === '-h') help = true;
    else if (flag === '--tenant') {
      const t = value();
      if (!t || !isUuid(t)) return `--tenant needs a tenant UUID, got ${t ?? 'nothing'}`;
      tenants.push(t.toLowerCase());
    } else if (flag === '--batch-size') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1 || n > 10_000) return '--batch-size needs an integer 1..10000';
      batchSize = n;
    } else if (flag === '--') continue;
    else return `unknown argument ${arg}`;
  }
  return { tenants, batchSize, help };
}

/** Runs the verifier; resolves to the process exit status. */
export async function main(
  argv: readonly string[],
  io: VerifyCliIo = { env: process.env, out: (l) => console.log(l), err: (l) => console.error(l) },
): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.err(args);
    io.err(USAGE);
    return 2;
  }
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  const url = io.env['DATABASE_URL'];
  if (!url) {
    io.err('DATABASE_URL is not set');
    return 2;
  }

  const ds = buildDataSource(url, { poolMax: 2, applicationName: 'audit-verify' });
  try {
    await ds.initialize();
  } catch (error) {
    io.err(`cannot connect to the database: ${(error as Error).message}`);
    return 2;
  }
  try {
    const operator: SqlExecutor = { query: <T>(sql: string, params: readonly unknown[] = []) => ds.query<T[]>(sql, [...params]) };
    const verifier = new AuditChainVerifier(new TypeOrmTenantUnitOfWork(ds), { batchSize: args.batchSize });
    const report = await verifyChains({ verifier, tenants: args.tenants, operator, out: (l) => io.out(l), err: (l) => io.err(l) });
    return report.exitCode;
  } catch (error) {
    io.err(`verification failed: ${(error as Error).message}`);
    return 2;
  } finally {
    await ds.destroy();
  }
}
