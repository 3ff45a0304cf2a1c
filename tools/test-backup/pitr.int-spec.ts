/**
 * Point-in-time recovery on PostgreSQL 15 with continuous WAL archiving, in a temporary cluster of
 * its own (needs only the server binaries, not DATABASE_URL). Every shell step below is printed
 * verbatim in docs/runbooks/backup-and-restore.md ("Physical backups and PITR"); keep them in sync.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PGBIN = process.env['PGBIN'] ?? '/usr/lib/postgresql/15/bin';

/** The runbook's steps, run with bash and the variables PGBIN, AS_PG, PGDATA, ARCHIVE, BASE, RESTORED, PORT, PORT2, TARGET_TIME. */
export const PITR_STEPS = {
  initdb: `$AS_PG "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust`,
  configureArchiving: `cat >> "$PGDATA/postgresql.conf" <<CONF
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $ARCHIVE/%f && cp %p $ARCHIVE/%f'
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$PGDATA'
CONF`,
  start: `$AS_PG "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w start`,
  baseBackup: `$AS_PG pg_basebackup -h 127.0.0.1 -p "$PORT" -U postgres -D "$BASE" --format=plain --wal-method=stream --checkpoint=fast --progress`,
  verifyBaseBackup: `$AS_PG "$PGBIN/pg_verifybackup" "$BASE"`,
  switchWal: `psql -h 127.0.0.1 -p "$PORT" -U postgres -Atc "SELECT pg_walfile_name(pg_switch_wal())"`,
  archiverStatus: `psql -h 127.0.0.1 -p "$PORT" -U postgres -Atc "SELECT last_archived_wal, failed_count FROM pg_stat_archiver"`,
  stop: `$AS_PG "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop`,
  prepareRecovery: `$AS_PG cp -a "$BASE" "$RESTORED"
cat >> "$RESTORED/postgresql.conf" <<CONF
port = $PORT2
unix_socket_directories = '$RESTORED'
archive_mode = off
restore_command = 'cp $ARCHIVE/%f %p'
recovery_target_time = '$TARGET_TIME'
recovery_target_action = 'promote'
CONF
$AS_PG touch "$RESTORED/recovery.signal"`,
  startRecovered: `$AS_PG "$PGBIN/pg_ctl" -D "$RESTORED" -l "$RESTORED/server.log" -w start`,
  inRecovery: `psql -h 127.0.0.1 -p "$PORT2" -U postgres -Atc "SELECT pg_is_in_recovery()"`,
} as const;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('point-in-time recovery (PostgreSQL 15, WAL archiving)', () => {
  const root = mkdtempSync(join(tmpdir(), 'orch-pitr-'));
  const env: Record<string, string> = {
    PGBIN,
    AS_PG: process.getuid?.() === 0 ? 'runuser -u postgres --' : '',
    PGDATA: join(root, 'data'),
    ARCHIVE: join(root, 'archive'),
    BASE: join(root, 'base'),
    RESTORED: join(root, 'restored'),
  };
  const sh = (script: string, extra: Record<string, string> = {}): string =>
    execFileSync('bash', ['-euo', 'pipefail', '-c', script], { env: { ...process.env, ...env, ...extra, PGPASSWORD: '' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const psql = (port: string, sql: string): string => sh(`psql -h 127.0.0.1 -p "${port}" -U postgres -v ON_ERROR_STOP=1 -Atc "$SQL"`, { SQL: sql });

  beforeAll(async () => {
    env['PORT'] = String(await freePort());
    env['PORT2'] = String(await freePort());
    execFileSync('mkdir', ['-p', env['ARCHIVE']!]);
    if (process.getuid?.() === 0) {
      const { uid, gid } = { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) };
      chownSync(root, uid, gid);
      chownSync(env['ARCHIVE']!, uid, gid);
    }
  });

  afterAll(() => {
    for (const dir of [env['PGDATA']!, env['RESTORED']!])
      if (existsSync(join(dir, 'postmaster.pid'))) {
        try {
          sh(`$AS_PG "$PGBIN/pg_ctl" -D "${dir}" -m immediate -w stop`);
        } catch {
          /* already gone */
        }
      }
    rmSync(root, { recursive: true, force: true });
  });

  it('recovers to a recorded time: the row committed before it is there, the one after it is not', async () => {
    expect(existsSync(join(PGBIN, 'initdb'))).toBe(true);
    sh(PITR_STEPS.initdb);
    sh(PITR_STEPS.configureArchiving);
    sh(PITR_STEPS.start);
    sh(PITR_STEPS.baseBackup);
    sh(PITR_STEPS.verifyBaseBackup);

    psql(env['PORT']!, `CREATE TABLE pitr (id int PRIMARY KEY, note text)`);
    psql(env['PORT']!, `INSERT INTO pitr VALUES (1, 'before the target')`);
    const targetTime = psql(env['PORT']!, `SELECT now()`);
    await new Promise((r) => setTimeout(r, 1100));
    psql(env['PORT']!, `INSERT INTO pitr VALUES (2, 'after the target')`);
    const segment = sh(PITR_STEPS.switchWal);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [archived, failed] = sh(PITR_STEPS.archiverStatus).split('|');
      expect(failed).toBe('0');
      if (archived && archived >= segment) break;
      if (Date.now() > deadline) throw new Error(`WAL segment ${segment} was not archived within 30s (last ${archived})`);
      await new Promise((r) => setTimeout(r, 200));
    }
    sh(PITR_STEPS.stop);

    sh(PITR_STEPS.prepareRecovery, { TARGET_TIME: targetTime });
    sh(PITR_STEPS.startRecovered);
    const until = Date.now() + 30_000;
    while (sh(PITR_STEPS.inRecovery) !== 'f') {
      if (Date.now() > until) throw new Error('the recovered cluster did not promote within 30s');
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(psql(env['PORT2']!, `SELECT string_agg(id::text, ',' ORDER BY id) FROM pitr`)).toBe('1');
    const log = sh(`cat "$RESTORED/server.log"`);
    expect(log).toMatch(/recovery stopping before commit of transaction/);
    expect(log).toMatch(/selected new timeline ID: 2/);
  }, 120_000);
});
