/**
 * Backup → restore → drill → tenant export/import on real PostgreSQL (DATABASE_URL's server).
 * Without DATABASE_URL (embedded-only runs) the tools cannot run pg_dump/pg_restore or create
 * databases: the suite then asserts that each tool refuses with a clear message and exit 2.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as backup } from '../backup/backup.js';
import { countRows } from '../backup/common.js';
import { withClient } from '../backup/common.js';
import { openContainer } from '../backup/container.js';
import { main as drill } from '../backup/drill.js';
import { main as restore } from '../backup/restore.js';
import { checkChains } from '../backup/verify.js';
import { captureIo, migrateDatabase, scratchDatabase, seedScenario, serverUrl, tableCount } from './support/scenario.js';

const server = serverUrl();

if (!server) {
  describe('backup tools without DATABASE_URL', () => {
    it('refuse with exit 2 and say what is missing', async () => {
      const env = { ...process.env, DATABASE_URL: '' };
      const b = captureIo(env);
      expect(await backup(['--out', join(tmpdir(), 'never.igb')], b.io)).toBe(2);
      expect(b.err.join('\n')).toMatch(/DATABASE_URL is not set/);
      const d = captureIo(env);
      expect(await drill(['--in', join(tmpdir(), 'never.igb')], d.io)).toBe(2);
      expect(d.err.join('\n')).toMatch(/DATABASE_URL is not set/);
      const r = captureIo(env);
      expect(await restore(['--in', join(tmpdir(), 'never.igb')], r.io)).toBe(2);
      expect(r.err.join('\n')).toMatch(/--to URL are required/);
    });
  });
} else {
  describe('backup and restore on PostgreSQL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orch-backup-test-'));
    const drops: Array<() => Promise<void>> = [];
    let source: { url: string };
    let tenants: Array<{ id: string; slug: string }>;
    const file = join(dir, 'full.igb');
    const key = randomBytes(32).toString('hex');

    beforeAll(async () => {
      const db = await scratchDatabase(server, 'src');
      drops.push(db.drop);
      source = db;
      ({ tenants } = await seedScenario(db.url));
    }, 120_000);
    afterAll(async () => {
      for (const d of drops) await d().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    });

    it('backs up with a manifest of counts, heads and migrations', async () => {
      const c = captureIo({ ...process.env, DATABASE_URL: source.url });
      expect(await backup(['--out', file], c.io)).toBe(0);
      expect(c.err.join('\n')).toMatch(/backup: dumping…/);
      expect(c.err.join('\n')).toMatch(/backup: .* written/);
      const { manifest } = await openContainer(file);
      expect(manifest.kind).toBe('full');
      expect(manifest.migrations).toEqual(['InitialSchema1796396400000']);
      for (const t of tenants) {
        expect(manifest.tables['loops']!.byTenant[t.id]).toBe(2);
        expect(manifest.tables['loop_cycles']!.byTenant[t.id]).toBe(3);
        expect(manifest.tables['proposal_votes']!.byTenant[t.id]).toBe(2);
        expect(manifest.tables['channel_messages']!.byTenant[t.id]).toBe(3);
        expect(manifest.chainHeads[t.id]!.sequence).toBeGreaterThan(10);
      }
      const live = await withClient(source.url, (cl) => countRows(cl));
      expect(manifest.tables).toEqual(live);
    });

    it('restores into a new database: every count equal, chains verify, owners, grants and RLS kept', async () => {
      const target = await scratchDatabase(server, 'dst');
      drops.push(target.drop);
      const c = captureIo();
      expect(await restore(['--in', file, '--to', target.url], c.io)).toBe(0);
      expect(c.out.join('\n')).toMatch(/restore: OK full backup/);
      const [a, b] = await Promise.all([withClient(source.url, (cl) => countRows(cl)), withClient(target.url, (cl) => countRows(cl))]);
      expect(b).toEqual(a);
      const { manifest } = await openContainer(file);
      expect(await checkChains(target.url, manifest)).toEqual([]);
      const security = (url: string) =>
        withClient(url, async (cl) => {
          const { rows } = await cl.query(
            `SELECT c.relname, pg_get_userbyid(c.relowner) AS owner, c.relrowsecurity, c.relforcerowsecurity, c.relacl::text AS acl,
                    (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid)::int AS policies
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`,
          );
          const trig = await cl.query(`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`);
          return { rows, triggers: trig.rows };
        });
      const [sa, sb] = await Promise.all([security(source.url), security(target.url)]);
      expect(sb).toEqual(sa);
      expect(sb.rows.find((r: { relname: string }) => r.relname === 'audit_events')).toMatchObject({ owner: 'orch_owner', relforcerowsecurity: true, policies: 1 });
      // and the restored audit log is still append-only
      await expect(withClient(target.url, (cl) => cl.query(`DELETE FROM audit_events`))).rejects.toThrow(/append-only/);
    });

    it('refuses a corrupted or truncated backup before touching the target (target stays empty)', async () => {
      const target = await scratchDatabase(server, 'bad');
      drops.push(target.drop);
      const bytes = readFileSync(file);
      const flipped = join(dir, 'flipped.igb');
      const copy = Buffer.from(bytes);
      copy[Math.floor(bytes.length / 2)] = copy[Math.floor(bytes.length / 2)]! ^ 0xff;
      writeFileSync(flipped, copy);
      const truncated = join(dir, 'truncated.igb');
      writeFileSync(truncated, bytes);
      truncateSync(truncated, bytes.length - 1000);
      for (const [bad, why] of [
        [flipped, /checksum mismatch/],
        [truncated, /truncated/],
      ] as const) {
        const c = captureIo();
        expect(await restore(['--in', bad, '--to', target.url], c.io)).toBe(3);
        expect(c.err.join('\n')).toMatch(why);
        expect(await tableCount(target.url)).toBe(0);
      }
    });

    it('refuses a non-empty target unless --force, then replaces it (parallel pg_restore --jobs 2)', async () => {
      const target = await scratchDatabase(server, 'force');
      drops.push(target.drop);
      await migrateDatabase(target.url);
      await withClient(target.url, (cl) => cl.query(`CREATE TABLE stray (x int)`));
      const c = captureIo();
      expect(await restore(['--in', file, '--to', target.url], c.io)).toBe(3);
      expect(c.err.join('\n')).toMatch(/is not empty .* --force/);
      const f = captureIo();
      expect(await restore(['--in', file, '--to', target.url, '--force', '--jobs', '2'], f.io)).toBe(0);
      expect(f.err.join('\n')).toMatch(/pg_restore --exit-on-error --jobs=2/);
      expect(await withClient(target.url, (cl) => cl.query(`SELECT to_regclass('public.stray') AS r`))).toMatchObject({ rows: [{ r: null }] });
    });

    it('encrypts with BACKUP_ENCRYPTION_KEY and restores only with it', async () => {
      const enc = join(dir, 'enc.igb');
      expect(await backup(['--out', enc, '--encrypt'], captureIo({ ...process.env, DATABASE_URL: source.url, BACKUP_ENCRYPTION_KEY: key }).io)).toBe(0);
      const target = await scratchDatabase(server, 'enc');
      drops.push(target.drop);
      const noKey = captureIo({ ...process.env, BACKUP_ENCRYPTION_KEY: '' });
      expect(await restore(['--in', enc, '--to', target.url], noKey.io)).toBe(3);
      expect(noKey.err.join('\n')).toMatch(/encrypted: set BACKUP_ENCRYPTION_KEY/);
      expect(await tableCount(target.url)).toBe(0);
      expect(await restore(['--in', enc, '--to', target.url], captureIo({ ...process.env, BACKUP_ENCRYPTION_KEY: key }).io)).toBe(0);
    });

    it('the drill passes on the backup and drops its scratch database', async () => {
      const c = captureIo();
      const code = await drill(['--in', file, '--scratch-url', server], c.io);
      console.log(c.out.join('\n'));
      expect(code).toBe(0);
      expect(c.out.filter((l) => l.startsWith('FAIL'))).toEqual([]);
      for (const step of ['schema drift', 'migrations', 'row counts', 'audit chains', 'store read', 'store write', 'drop scratch db'])
        expect(c.out.some((l) => l.startsWith(`PASS  ${step}`))).toBe(true);
      expect(c.out.at(-1)).toMatch(/^drill: PASS/);
      const name = /scratch database (\S+)/.exec(c.out[0]!)![1]!;
      const left = await withClient(server, (cl) => cl.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]));
      expect(left.rowCount).toBe(0);
    }, 120_000);

    it('the drill fails on a corrupted backup, exit 1', async () => {
      const c = captureIo();
      expect(await drill(['--in', join(dir, 'flipped.igb'), '--scratch-url', server], c.io)).toBe(1);
      expect(c.out.some((l) => l.startsWith('FAIL  verify + restore'))).toBe(true);
      expect(c.out.at(-1)).toMatch(/^drill: FAIL/);
    });

    it('exports one tenant and imports it into another migrated database, where its chain verifies', async () => {
      const tenant = tenants[1]!;
      const archive = join(dir, 'tenant.igb');
      const b = captureIo({ ...process.env, DATABASE_URL: source.url });
      expect(await backup(['--out', archive, '--tenant', tenant.slug], b.io)).toBe(0);
      const { manifest } = await openContainer(archive);
      expect(manifest).toMatchObject({ kind: 'tenant', tenant: { id: tenant.id, slug: tenant.slug }, payloadFormat: 'jsonl' });
      expect(Object.keys(manifest.chainHeads)).toEqual([tenant.id]);

      const target = await scratchDatabase(server, 'tenant');
      drops.push(target.drop);
      const refused = captureIo();
      expect(await restore(['--in', archive, '--to', target.url, '--tenant'], refused.io)).toBe(3);
      expect(refused.err.join('\n')).toMatch(/not migrated/);
      await migrateDatabase(target.url);
      const r = captureIo();
      expect(await restore(['--in', archive, '--to', target.url, '--tenant'], r.io)).toBe(0);
      const [a, c] = await Promise.all([withClient(source.url, (cl) => countRows(cl, tenant.id)), withClient(target.url, (cl) => countRows(cl, tenant.id))]);
      expect(c).toEqual(a);
      expect(await checkChains(target.url, manifest)).toEqual([]);
      // rows are byte-identical (timestamps to the microsecond, jsonb, arrays, bigints)
      const dump = (url: string) =>
        withClient(url, async (cl) => {
          const out: string[] = [];
          for (const t of ['loops', 'loop_cycles', 'agents', 'tasks', 'audit_events', 'channel_messages', 'proposal_votes'])
            out.push(...(await cl.query(`SELECT row_to_json(x)::text AS j FROM "${t}" x WHERE tenant_id = $1 ORDER BY 1`, [tenant.id])).rows.map((row: { j: string }) => row.j));
          return out;
        });
      expect(await dump(target.url)).toEqual(await dump(source.url));
      // a second import of the same tenant is refused
      const again = captureIo();
      expect(await restore(['--in', archive, '--to', target.url, '--tenant'], again.io)).toBe(3);
      expect(again.err.join('\n')).toMatch(/already exists/);
    });
  });
}
