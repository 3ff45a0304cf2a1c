/**
 * `npm run restore -- --in FILE --to URL [--force] [--jobs N]`
 *
 * 1. Verifies the container before touching the target: length, trailing sha256, decryption
 *    (BACKUP_ENCRYPTION_KEY), and the manifest's sha256 of the payload (extracted to a temp file).
 * 2. Full backup: refuses a target with any table in `public` or any row in `tenants` unless
 *    `--force` (then `DROP SCHEMA public CASCADE` and recreates it as PostgreSQL 15 creates it);
 *    creates the roles `orch_owner`/`orch_app` if missing (pg_dump carries no roles; the dump's
 *    owners and grants name them); runs `pg_restore --exit-on-error --single-transaction`
 *    (`--jobs N`: a parallel restore, which cannot be a single transaction); then compares every
 *    table's per-tenant row counts, the migrations and every audit chain head with the manifest.
 * 3. Tenant archive: the target must already be migrated; refuses when the tenant (id or slug)
 *    exists or has rows; inserts every row in one transaction (INSERT only: the append-only
 *    trigger on audit_events is never bypassed), `audit_heads` included; then verifies the chain.
 *
 * Run as a superuser (or a BYPASSRLS role that may SET ROLE orch_app): forced row-level security
 * would otherwise hide and refuse rows. Exit: 0 restored and verified, 1 failed or verification
 * mismatch, 2 usage, 3 refused (invalid backup or non-empty target; the target is untouched).
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ALL_TABLES, TENANT_TABLES } from '@intelgraph/migrations';
import type pg from 'pg';
import { childConnection } from './backup.js';
import { appliedMigrations, defaultIo, ensureRoles, parseFlags, redact, run, str, targetContents, withClient, type Io } from './common.js';
import { ContainerError, extractPayload, parseKey, type Manifest } from './container.js';
import { checkChains, checkCounts } from './verify.js';
import { runIfMain } from '../cli/run-main.util.js';

const USAGE = 'usage: restore --in FILE --to URL [--force] [--jobs N]   (an encrypted backup reads BACKUP_ENCRYPTION_KEY)';

/** The restore was refused before the target was changed. */
export class RestoreRefused extends Error {}

export interface RestoreOptions {
  readonly file: string;
  readonly to: string;
  readonly key?: Buffer | undefined;
  readonly force?: boolean | undefined;
  readonly jobs?: number | undefined;
  /** Skip the post-restore comparison (the drill runs each check as its own step). */
  readonly skipVerify?: boolean | undefined;
  readonly io: Io;
}

/** The pg_restore arguments of a full restore (without the connection). */
export function pgRestoreArgs(file: string, jobs?: number): string[] {
  return ['--exit-on-error', ...(jobs && jobs > 1 ? [`--jobs=${jobs}`] : ['--single-transaction']), '--no-password', file];
}

/** Drops everything in `public` and recreates the schema with PostgreSQL 15's default owner and ACL (the dump restores its grants). */
async function dropSchema(c: pg.Client): Promise<void> {
  await c.query('BEGIN');
  await c.query('DROP SCHEMA IF EXISTS public CASCADE');
  await c.query('CREATE SCHEMA public');
  await c.query('ALTER SCHEMA public OWNER TO pg_database_owner');
  await c.query('GRANT USAGE ON SCHEMA public TO PUBLIC');
  await c.query('COMMIT');
}

/** Verifies the container and extracts its payload into a temp dir; the caller removes `dir`. */
async function openVerified(options: RestoreOptions): Promise<{ manifest: Manifest; payload: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'orch-restore-'));
  const payload = join(dir, 'payload');
  try {
    options.io.err(`restore: verifying ${options.file}…`);
    const { manifest } = await extractPayload(options.file, payload, options.key);
    options.io.err(`restore: container OK: ${manifest.kind} backup of ${manifest.database} taken ${manifest.createdAt} on PostgreSQL ${manifest.serverVersion}`);
    return { manifest, payload, dir };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    if (error instanceof ContainerError) throw new RestoreRefused(error.message);
    throw error;
  }
}

/** Problems after a restore: counts, chains and heads, migrations (empty: verified). */
export async function verifyRestore(url: string, manifest: Manifest, io: Io): Promise<string[]> {
  io.err('restore: comparing row counts with the manifest…');
  const problems = await checkCounts(url, manifest);
  io.err('restore: verifying audit chains…');
  problems.push(...(await checkChains(url, manifest, (l) => io.err(`restore:   ${l}`))));
  const migrations = await withClient(url, appliedMigrations);
  for (const m of manifest.migrations) if (!migrations.includes(m)) problems.push(`migration ${m} is missing from typeorm_migrations`);
  return problems;
}

/** Restores a full backup into `to`; throws RestoreRefused before touching the target when it must not proceed. */
export async function restoreFull(options: RestoreOptions): Promise<{ manifest: Manifest; problems: string[] }> {
  const { io } = options;
  const { manifest, payload, dir } = await openVerified(options);
  try {
    if (manifest.kind !== 'full') throw new RestoreRefused('this is a tenant archive: restore it with --tenant into a migrated database');
    await withClient(options.to, async (c) => {
      const contents = await targetContents(c);
      if (contents.tables > 0 || contents.tenants > 0) {
        if (!options.force)
          throw new RestoreRefused(`target ${redact(options.to)} is not empty (${contents.tables} tables in public, ${contents.tenants} tenants): pass --force to drop and recreate its schema`);
        io.err(`restore: --force: dropping schema public of ${redact(options.to)} (${contents.tables} tables)`);
        await dropSchema(c);
      }
      await ensureRoles(c);
    });
    const args = pgRestoreArgs(payload, options.jobs);
    io.err(`restore: pg_restore ${args.slice(0, -1).join(' ')} <dump> into ${redact(options.to)}…`);
    const conn = childConnection(options.to, io.env);
    const started = Date.now();
    await run('pg_restore', [...args, `--dbname=${conn.url}`], io.err, conn.env);
    io.err(`restore: pg_restore done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    return { manifest, problems: options.skipVerify ? [] : await verifyRestore(options.to, manifest, io) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const BATCH_ROWS = 500;
const BATCH_BYTES = 4 * 1024 * 1024;

/** Imports a tenant archive into the migrated database `to`, in one transaction. */
export async function restoreTenant(options: RestoreOptions): Promise<{ manifest: Manifest; problems: string[] }> {
  const { io } = options;
  const { manifest, payload, dir } = await openVerified(options);
  try {
    if (manifest.kind !== 'tenant' || !manifest.tenant) throw new RestoreRefused('this is a full backup: restore it without --tenant');
    const tenant = manifest.tenant;
    await withClient(options.to, async (c) => {
      const migrations = await appliedMigrations(c);
      const missing = manifest.migrations.filter((m) => !migrations.includes(m));
      if (missing.length > 0) throw new RestoreRefused(`target is not migrated (missing ${missing.join(', ')}): run npm run db:migrate against it first`);
      const extra = migrations.filter((m) => !manifest.migrations.includes(m));
      if (extra.length > 0) io.err(`restore: warning: the target has migrations the archive predates (${extra.join(', ')}); columns the archive lacks are inserted as NULL, and a NOT NULL one fails and rolls back the import`);
      const clash = await c.query(`SELECT 1 FROM tenants WHERE id = $1 OR slug = $2`, [tenant.id, tenant.slug]);
      if (clash.rowCount) throw new RestoreRefused(`tenant ${tenant.slug} (${tenant.id}) already exists in the target (by id or slug)`);
      for (const t of TENANT_TABLES) {
        const r = await c.query(`SELECT 1 FROM "${t}" WHERE tenant_id = $1 LIMIT 1`, [tenant.id]);
        if (r.rowCount) throw new RestoreRefused(`the target already has ${t} rows of tenant ${tenant.id}`);
      }

      io.err(`restore: importing tenant ${tenant.slug} (${tenant.id}) in one transaction…`);
      await c.query('BEGIN');
      try {
        let table = '';
        let rows: string[] = [];
        let bytes = 0;
        const counts: Record<string, number> = {};
        const flush = async (): Promise<void> => {
          if (rows.length === 0) return;
          await c.query(`INSERT INTO "${table}" SELECT * FROM json_populate_recordset(NULL::"${table}", $1::json)`, [`[${rows.join(',')}]`]);
          counts[table] = (counts[table] ?? 0) + rows.length;
          rows = [];
          bytes = 0;
        };
        const lines = createInterface({ input: createReadStream(payload, 'utf8'), crlfDelay: Infinity });
        for await (const line of lines) {
          if (!line) continue;
          const tab = line.indexOf('\t');
          const t = line.slice(0, tab);
          if (!(ALL_TABLES as readonly string[]).includes(t)) throw new Error(`archive names an unknown table ${t}`);
          if (t !== table) {
            await flush();
            if (table) io.err(`restore:   ${table}: ${counts[table] ?? 0} rows`);
            table = t;
          }
          rows.push(line.slice(tab + 1));
          bytes += line.length;
          if (rows.length >= BATCH_ROWS || bytes >= BATCH_BYTES) await flush();
        }
        await flush();
        if (table) io.err(`restore:   ${table}: ${counts[table] ?? 0} rows`);
        await c.query('COMMIT');
      } catch (error) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
    return { manifest, problems: await verifyRestore(options.to, manifest, io) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function main(argv: readonly string[] = process.argv.slice(2), io: Io = defaultIo): Promise<number> {
  const flags = parseFlags(argv, { values: ['in', 'to', 'jobs'], booleans: ['force', 'tenant', 'help'] });
  if (typeof flags === 'string') {
    io.err(`restore: ${flags}`);
    io.err(USAGE);
    return 2;
  }
  if (flags['help']) {
    io.out(USAGE);
    return 0;
  }
  const file = str(flags, 'in');
  const to = str(flags, 'to');
  if (!file || !to) {
    io.err('restore: --in FILE and --to URL are required');
    io.err(USAGE);
    return 2;
  }
  const jobs = str(flags, 'jobs') === undefined ? undefined : Number(str(flags, 'jobs'));
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1 || jobs > 64)) {
    io.err('restore: --jobs needs an integer 1..64');
    return 2;
  }
  let key: Buffer | undefined;
  try {
    if (io.env['BACKUP_ENCRYPTION_KEY']) key = parseKey(io.env['BACKUP_ENCRYPTION_KEY']);
  } catch (error) {
    io.err(`restore: ${(error as Error).message}`);
    return 2;
  }
  const options: RestoreOptions = { file, to, key, force: flags['force'] === true, jobs, io };
  try {
    // The archive's kind decides; --tenant states the operator's intent and is checked against it.
    const { manifest, problems } = flags['tenant'] ? await restoreTenant(options) : await restoreFull(options);
    if (problems.length > 0) {
      for (const p of problems) io.err(`restore: MISMATCH ${p}`);
      io.err(`restore: FAILED verification: ${problems.length} problem(s)`);
      return 1;
    }
    const rows = Object.values(manifest.tables).reduce((s, t) => s + t.total, 0);
    io.out(`restore: OK ${manifest.kind} backup restored into ${redact(to)}: ${rows} rows and ${Object.keys(manifest.chainHeads).length} audit chain(s) verified against the manifest`);
    return 0;
  } catch (error) {
    if (error instanceof RestoreRefused) {
      io.err(`restore: REFUSED: ${error.message}`);
      return 3;
    }
    io.err(`restore: FAILED: ${(error as Error).message}`);
    return 1;
  }
}

runIfMain(import.meta.url, () => main());
