/**
 * `npm run backup -- --out FILE [--tenant ID|SLUG] [--encrypt] [--compress 0-9]` (reads DATABASE_URL)
 *
 * Full backup: one REPEATABLE READ snapshot is exported; `pg_dump --format=custom` dumps that
 * snapshot (`--snapshot`) while the manifest's row counts, chain heads and migrations are read in
 * the same snapshot, so the manifest describes exactly what the dump holds even under writes.
 * Tenant export (`--tenant`): that tenant's `tenants` row and its rows of every tenant-owned table,
 * as JSON lines in FK-safe order, read in one snapshot.
 *
 * Both are packaged with their manifest into one container file (see container.ts), encrypted
 * with AES-256-GCM under BACKUP_ENCRYPTION_KEY when `--encrypt` is given.
 * Exit status: 0 written, 1 failed, 2 usage.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TENANT_TABLES } from '@intelgraph/migrations';
import pg from 'pg';
import { hashFile, parseKey, writeContainer, type Manifest } from './container.js';
import { appliedMigrations, chainHeads, countRows, databaseName, defaultIo, formatBytes, parseFlags, run, str, type Io } from './common.js';
import { runIfMain } from '../cli/run-main.util.js';

const USAGE = 'usage: backup --out FILE [--tenant <uuid|slug>] [--encrypt] [--compress 0-9]   (reads DATABASE_URL; --encrypt reads BACKUP_ENCRYPTION_KEY)';

export interface BackupOptions {
  readonly url: string;
  readonly out: string;
  /** Encrypt with this key. */
  readonly key?: Buffer | undefined;
  /** pg_dump --compress level (default 6). */
  readonly compress?: number | undefined;
  readonly io: Io;
}

/** The pg_dump arguments a full backup runs (without the connection). */
export function pgDumpArgs(file: string, snapshot: string, compress: number): string[] {
  return ['--format=custom', `--compress=${compress}`, `--snapshot=${snapshot}`, '--no-password', `--file=${file}`];
}

/** libpq connection for child processes: the URL without its password, and PGPASSWORD in the environment (not on the command line). */
export function childConnection(url: string, env: NodeJS.ProcessEnv): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: password ? { ...env, PGPASSWORD: password } : { ...env } };
}

async function openSnapshot(url: string): Promise<{ client: pg.Client; snapshot: string; serverVersion: string }> {
  const client = new pg.Client({ connectionString: url, application_name: 'orch-backup' });
  await client.connect();
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const { rows } = await client.query<{ s: string; v: string }>(`SELECT pg_export_snapshot() AS s, current_setting('server_version') AS v`);
  return { client, snapshot: rows[0]!.s, serverVersion: rows[0]!.v };
}

/** Full logical backup into one container file; returns its manifest. */
export async function backupFull(options: BackupOptions): Promise<Manifest> {
  const { io } = options;
  const compress = options.compress ?? 6;
  const work = await mkdtemp(join(tmpdir(), 'orch-backup-'));
  const dumpFile = join(work, 'db.dump');
  const { client, snapshot, serverVersion } = await openSnapshot(options.url);
  try {
    io.err(`backup: snapshot ${snapshot} on PostgreSQL ${serverVersion}, database ${databaseName(options.url)}`);
    const args = pgDumpArgs(dumpFile, snapshot, compress);
    io.err(`backup: dumping… (pg_dump ${args.join(' ')})`);
    const conn = childConnection(options.url, io.env);
    const started = Date.now();
    await run('pg_dump', [...args, `--dbname=${conn.url}`], io.err, conn.env);
    const dump = await hashFile(dumpFile);
    io.err(`backup: dump ${formatBytes(dump.bytes)} in ${((Date.now() - started) / 1000).toFixed(1)}s, sha256 ${dump.sha256}`);
    io.err('backup: counting rows in the same snapshot…');
    const tables = await countRows(client, undefined, (l) => io.err(`backup:   ${l}`));
    const manifest: Manifest = {
      kind: 'full',
      createdAt: new Date().toISOString(),
      serverVersion,
      database: databaseName(options.url),
      migrations: await appliedMigrations(client),
      payloadFormat: 'pg_dump-custom',
      payloadSha256: dump.sha256,
      payloadBytes: dump.bytes,
      pgDump: args.map((a) => (a.startsWith('--file=') ? '--file=<tmp>' : a)),
      tables,
      chainHeads: await chainHeads(client),
    };
    await client.query('COMMIT');
    const written = await writeContainer({
      out: options.out,
      kind: 'full',
      manifest,
      payloadFile: dumpFile,
      key: options.key,
      progress: (n) => io.err(`backup: ${formatBytes(n)} written`),
    });
    io.err(`backup: wrote ${options.out} (${formatBytes(written.bytes)}${options.key ? ', AES-256-GCM encrypted' : ''}), container sha256 ${written.sha256}`);
    return manifest;
  } finally {
    await client.end().catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  }
}

/** ORDER BY per table where rows of the table reference earlier rows of the same table or order matters. */
const EXPORT_ORDER: Partial<Record<string, string>> = {
  loop_cycles: 'loop_id, sequence',
  audit_events: 'sequence',
  channel_messages: 'channel_id, sequence',
  outbox_events: 'sequence',
};

/** Resolves a tenant id or slug to the tenant's id and slug. */
export async function resolveTenant(c: pg.Client, tenant: string): Promise<{ id: string; slug: string } | null> {
  const { rows } = await c.query<{ id: string; slug: string }>(`SELECT id::text, slug FROM tenants WHERE id::text = $1 OR slug = $1`, [tenant]);
  return rows[0] ?? null;
}

/** Per-tenant export into one container file (payload: `table<TAB>row-json` lines, FK-safe order). */
export async function backupTenant(options: BackupOptions & { readonly tenant: string }): Promise<Manifest> {
  const { io } = options;
  const work = await mkdtemp(join(tmpdir(), 'orch-tenant-export-'));
  const file = join(work, 'tenant.jsonl');
  const { client, serverVersion } = await openSnapshot(options.url);
  try {
    const tenant = await resolveTenant(client, options.tenant);
    if (!tenant) throw new Error(`tenant ${options.tenant} not found`);
    io.err(`backup: exporting tenant ${tenant.slug} (${tenant.id})…`);
    const out = createWriteStream(file, { mode: 0o600 });
    const write = async (line: string): Promise<void> => {
      if (!out.write(line)) await once(out, 'drain');
    };
    for (const table of ['tenants', ...TENANT_TABLES]) {
      const col = table === 'tenants' ? 'id' : 'tenant_id';
      const order = EXPORT_ORDER[table] ? `ORDER BY ${EXPORT_ORDER[table]}` : '';
      await client.query(`DECLARE export_cursor NO SCROLL CURSOR FOR SELECT row_to_json(x)::text AS j FROM "${table}" x WHERE ${col} = $1 ${order}`, [tenant.id]);
      let n = 0;
      for (;;) {
        const { rows } = await client.query<{ j: string }>('FETCH 1000 FROM export_cursor');
        for (const r of rows) await write(`${table}\t${r.j}\n`);
        n += rows.length;
        if (rows.length < 1000) break;
      }
      await client.query('CLOSE export_cursor');
      io.err(`backup:   ${table}: ${n} rows`);
    }
    out.end();
    await once(out, 'finish');
    const payload = await hashFile(file);
    const manifest: Manifest = {
      kind: 'tenant',
      createdAt: new Date().toISOString(),
      serverVersion,
      database: databaseName(options.url),
      migrations: await appliedMigrations(client),
      payloadFormat: 'jsonl',
      payloadSha256: payload.sha256,
      payloadBytes: payload.bytes,
      tenant,
      tables: await countRows(client, tenant.id),
      chainHeads: await chainHeads(client, tenant.id),
    };
    await client.query('COMMIT');
    const written = await writeContainer({
      out: options.out,
      kind: 'tenant',
      manifest,
      payloadFile: file,
      key: options.key,
      progress: (n) => io.err(`backup: ${formatBytes(n)} written`),
    });
    io.err(`backup: wrote ${options.out} (${formatBytes(written.bytes)}${options.key ? ', AES-256-GCM encrypted' : ''})`);
    return manifest;
  } finally {
    await client.end().catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  }
}

export async function main(argv: readonly string[] = process.argv.slice(2), io: Io = defaultIo): Promise<number> {
  const flags = parseFlags(argv, { values: ['out', 'tenant', 'compress'], booleans: ['encrypt', 'help'] });
  if (typeof flags === 'string') {
    io.err(`backup: ${flags}`);
    io.err(USAGE);
    return 2;
  }
  if (flags['help']) {
    io.out(USAGE);
    return 0;
  }
  const out = str(flags, 'out');
  if (!out) {
    io.err('backup: --out FILE is required');
    io.err(USAGE);
    return 2;
  }
  const compress = str(flags, 'compress') === undefined ? 6 : Number(str(flags, 'compress'));
  if (!Number.isInteger(compress) || compress < 0 || compress > 9) {
    io.err('backup: --compress needs an integer 0..9');
    return 2;
  }
  const url = io.env['DATABASE_URL'];
  if (!url) {
    io.err('backup: DATABASE_URL is not set. Example: DATABASE_URL=postgres://postgres@127.0.0.1:5432/orch npm run backup -- --out /var/backups/orch.igb');
    return 2;
  }
  let key: Buffer | undefined;
  try {
    if (flags['encrypt']) key = parseKey(io.env['BACKUP_ENCRYPTION_KEY']);
  } catch (error) {
    io.err(`backup: ${(error as Error).message}`);
    return 2;
  }
  try {
    const tenant = str(flags, 'tenant');
    const manifest = tenant ? await backupTenant({ url, out, key, compress, io, tenant }) : await backupFull({ url, out, key, compress, io });
    const rows = Object.values(manifest.tables).reduce((s, t) => s + t.total, 0);
    io.out(`backup: OK ${manifest.kind} backup ${out}: ${rows} rows in ${Object.keys(manifest.tables).length} tables, ${Object.keys(manifest.chainHeads).length} audit chain(s)`);
    return 0;
  } catch (error) {
    io.err(`backup: FAILED: ${(error as Error).message}`);
    return 1;
  }
}

runIfMain(import.meta.url, () => main());
