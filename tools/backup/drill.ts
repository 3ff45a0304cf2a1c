/**
 * `npm run drill -- --in FILE [--scratch-url URL] [--keep]`
 *
 * A restore drill: restores a full backup into a new scratch database on the server of
 * `--scratch-url` (default DATABASE_URL) and proves it usable: schema agrees with the migrations,
 * every row count and audit chain head equals the manifest's, and the store starts on it, reads
 * and writes (the written tenant's chain then verifies one event longer). Prints PASS/FAIL per
 * step with timings and a final line; drops the scratch database unless --keep.
 * Exit: 0 PASS, 1 FAIL, 2 usage.
 */
import { PLATFORM_TENANT_ID } from '@intelgraph/domain';
import { MIGRATIONS } from '@intelgraph/migrations';
import { createOrchestratorContainer, type OrchestratorContainer } from '@intelgraph/orchestrator-store';
import { buildDataSource, checkSchemaDrift } from '@intelgraph/persistence';
import type { DataSource } from 'typeorm';
import { appliedMigrations, createDatabase, defaultIo, dropDatabase, parseFlags, str, withClient, type Io } from './common.js';
import { parseKey, type Manifest } from './container.js';
import { restoreFull } from './restore.js';
import { checkChains, checkCounts, verifyTenantChains } from './verify.js';
import { runIfMain } from '../cli/run-main.util.js';

const USAGE = 'usage: drill --in FILE [--scratch-url URL] [--keep]   (server: --scratch-url or DATABASE_URL; an encrypted backup reads BACKUP_ENCRYPTION_KEY)';

export interface DrillStep {
  readonly name: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly detail: string;
}

export interface DrillResult {
  readonly ok: boolean;
  readonly steps: DrillStep[];
  readonly scratchDatabase: string;
  readonly kept: boolean;
}

/** Runs the drill; every step is reported through `io.out` as it finishes. */
export async function runDrill(options: { file: string; serverUrl: string; key?: Buffer | undefined; keep?: boolean | undefined; io: Io }): Promise<DrillResult> {
  const { io } = options;
  const steps: DrillStep[] = [];
  const quiet: Io = { env: io.env, out: () => undefined, err: () => undefined };
  const started = Date.now();
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const scratch = `orch_drill_${stamp}_${process.pid}`;
  let scratchUrl = '';
  let created = false;
  let manifest: Manifest | null = null;
  let ds: DataSource | null = null;
  let store: OrchestratorContainer | null = null;

  const step = async (name: string, fn: () => Promise<string>): Promise<boolean> => {
    const t0 = Date.now();
    let ok = true;
    let detail: string;
    try {
      detail = await fn();
    } catch (error) {
      ok = false;
      detail = (error as Error).message;
    }
    const s = { name, ok, ms: Date.now() - t0, detail };
    steps.push(s);
    io.out(`${ok ? 'PASS' : 'FAIL'}  ${name.padEnd(22)} ${String(s.ms).padStart(6)} ms  ${detail}`);
    return ok;
  };
  const need = <T>(v: T | null): T => {
    if (v === null) throw new Error('an earlier step failed');
    return v;
  };

  try {
    io.out(`drill: ${options.file} → scratch database ${scratch}`);
    let ok = await step('create scratch db', async () => {
      scratchUrl = await createDatabase(options.serverUrl, scratch);
      created = true;
      return scratch;
    });
    ok =
      ok &&
      (await step('verify + restore', async () => {
        const r = await restoreFull({ file: options.file, to: scratchUrl, key: options.key, skipVerify: true, io: quiet });
        manifest = r.manifest;
        return `${r.manifest.kind} backup of ${r.manifest.database} taken ${r.manifest.createdAt}, ${r.manifest.payloadBytes} dump bytes restored`;
      }));
    if (ok) {
      const m = need<Manifest>(manifest);
      ds = buildDataSource(scratchUrl, { poolMax: 4, applicationName: 'orch-drill' });
      await ds.initialize();
      const dataSource = ds;
      await step('schema drift', async () => {
        const diffs = await checkSchemaDrift(dataSource);
        if (diffs.length > 0) throw new Error(diffs.map((d) => `${d.table}: ${d.problem}`).join('; '));
        return 'schema agrees with the entities and migrations';
      });
      await step('migrations', async () => {
        const applied = await withClient(scratchUrl, appliedMigrations);
        const expected = MIGRATIONS.map((M) => new M().name ?? M.name);
        const missing = expected.filter((n) => !applied.includes(n));
        if (missing.length > 0) throw new Error(`not applied: ${missing.join(', ')}`);
        return `${applied.length}/${expected.length} applied (${applied.join(', ')})`;
      });
      await step('row counts', async () => {
        const problems = await checkCounts(scratchUrl, m);
        if (problems.length > 0) throw new Error(problems.join('; '));
        const rows = Object.values(m.tables).reduce((s, t) => s + t.total, 0);
        return `${rows} rows in ${Object.keys(m.tables).length} tables equal the manifest`;
      });
      await step('audit chains', async () => {
        const problems = await checkChains(scratchUrl, m);
        if (problems.length > 0) throw new Error(problems.join('; '));
        return `${Object.keys(m.chainHeads).length} chain(s) verify, heads equal the manifest`;
      });
      const tenant = Object.keys(m.tables['tenants']?.byTenant ?? {})
        .filter((t) => t !== PLATFORM_TENANT_ID)
        .sort((a, b) => (m.tables['loops']?.byTenant[b] ?? 0) - (m.tables['loops']?.byTenant[a] ?? 0))[0];
      const operator = { subject: 'backup-drill', tenantId: tenant ?? '', roles: ['tenant_admin'], clearance: 'restricted' as const, mfa: true };
      await step('store read', async () => {
        if (!tenant) throw new Error('the manifest lists no tenant to read');
        store = await createOrchestratorContainer({ database: { dataSource } });
        const page = await store.store.loops.list(operator, { limit: 100 });
        const expected = Math.min(m.tables['loops']?.byTenant[tenant] ?? 0, 100);
        if (page.items.length !== expected) throw new Error(`listed ${page.items.length} loops of tenant ${tenant}, manifest has ${expected}`);
        return `listed ${page.items.length} loop(s) of tenant ${tenant}`;
      });
      await step('store write', async () => {
        if (!tenant || !store) throw new Error('the store did not start');
        const loop = await store.store.loops.create(operator, { name: `restore-drill-${stamp}`, description: 'written by the restore drill' });
        const [result] = await verifyTenantChains(dataSource, [tenant]);
        const before = m.chainHeads[tenant]?.sequence ?? 0;
        if (!result?.ok) throw new Error(`chain of ${tenant} does not verify after the write: ${result ? `${result.reason} at ${result.brokenAt}` : 'no result'}`);
        if (result.count !== before + 1) throw new Error(`chain of ${tenant} has ${result.count} events, expected ${before + 1}`);
        return `created loop ${loop.id}; chain verifies, ${before} → ${result.count} events`;
      });
    }
  } finally {
    const s = store as OrchestratorContainer | null;
    if (s) await s.close().catch(() => undefined);
    if (ds?.isInitialized) await ds.destroy().catch(() => undefined);
    if (created && !options.keep)
      await step('drop scratch db', async () => {
        await dropDatabase(options.serverUrl, scratch);
        return `${scratch} dropped`;
      });
  }
  const failed = steps.filter((s) => !s.ok);
  const ok = failed.length === 0 && steps.length > 0;
  const total = ((Date.now() - started) / 1000).toFixed(1);
  io.out(
    ok
      ? `drill: PASS: ${steps.length}/${steps.length} steps in ${total}s${options.keep ? ` (scratch database kept: ${scratchUrl})` : ''}`
      : `drill: FAIL: ${failed.length} of ${steps.length} steps failed (${failed.map((f) => f.name).join(', ')}) in ${total}s`,
  );
  return { ok, steps, scratchDatabase: scratch, kept: !!options.keep };
}

export async function main(argv: readonly string[] = process.argv.slice(2), io: Io = defaultIo): Promise<number> {
  const flags = parseFlags(argv, { values: ['in', 'scratch-url'], booleans: ['keep', 'help'] });
  if (typeof flags === 'string') {
    io.err(`drill: ${flags}`);
    io.err(USAGE);
    return 2;
  }
  if (flags['help']) {
    io.out(USAGE);
    return 0;
  }
  const file = str(flags, 'in');
  const serverUrl = str(flags, 'scratch-url') ?? io.env['DATABASE_URL'];
  if (!file) {
    io.err('drill: --in FILE is required');
    io.err(USAGE);
    return 2;
  }
  if (!serverUrl) {
    io.err('drill: DATABASE_URL is not set and no --scratch-url given: the drill needs a PostgreSQL server to create its scratch database on');
    return 2;
  }
  let key: Buffer | undefined;
  try {
    if (io.env['BACKUP_ENCRYPTION_KEY']) key = parseKey(io.env['BACKUP_ENCRYPTION_KEY']);
  } catch (error) {
    io.err(`drill: ${(error as Error).message}`);
    return 2;
  }
  try {
    const result = await runDrill({ file, serverUrl, key, keep: flags['keep'] === true, io });
    return result.ok ? 0 : 1;
  } catch (error) {
    io.err(`drill: FAIL: ${(error as Error).message}`);
    return 1;
  }
}

runIfMain(import.meta.url, () => main());
