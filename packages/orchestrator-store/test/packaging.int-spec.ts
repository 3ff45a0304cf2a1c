/**
 * Packaging: builds the six libraries, packs them with `npm pack`, installs the tarballs into an
 * empty ESM project outside the workspace, and runs plain `node` there on the README's usage
 * example against a real database (`DATABASE_URL` when set, else the embedded PGlite the jest
 * global setup serves at `PGLITE_URL`). Proves the published artifacts resolve to `dist/` (not the
 * `@intelgraph/source` condition, whose `src/*.ts` is not shipped) and work without the monorepo.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const PACKAGES = [
  '@intelgraph/domain',
  '@intelgraph/migrations',
  '@intelgraph/persistence',
  '@intelgraph/policy',
  '@intelgraph/audit',
  '@intelgraph/orchestrator-store',
] as const;

/** The README's usage example, as a consumer runs it. */
const CONSUMER_SCRIPT = `
import { createOrchestratorContainer } from '@intelgraph/orchestrator-store';
import { PLATFORM_TENANT_ID } from '@intelgraph/domain';

const { store, close } = await createOrchestratorContainer({
  database: { url: process.env.DATABASE_URL || process.env.PGLITE_URL, migrate: true },
});
try {
  const platformAdmin = { subject: 'platform-admin', tenantId: PLATFORM_TENANT_ID, roles: ['platform_admin'], clearance: 'restricted', mfa: true };
  const slug = 'pkg-' + process.pid + '-' + Date.now().toString(36);
  const tenant = await store.tenants.provision(platformAdmin, { slug, name: 'Packaging check' });
  const admin = { subject: 'alice', tenantId: tenant.id, roles: ['tenant_admin'], clearance: 'confidential', mfa: true, requestId: 'req-1' };
  const loop = await store.loops.create(admin, { name: 'capacity', config: { target: 0.7 } });
  const page = await store.loops.list(admin);
  const resolved = import.meta.resolve('@intelgraph/orchestrator-store');
  console.log(JSON.stringify({
    tenant: { id: tenant.id, slug: tenant.slug, status: tenant.status },
    loop: { id: loop.id, name: loop.name, status: loop.status, config: loop.config },
    listed: page.items.map((l) => l.id),
    resolved,
  }));
} finally {
  await close();
}
`;

interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** Child-process environment without the npm variables of the jest run (workspace, prefix, lifecycle). */
function childEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_globalconfig', 'npm_config_registry']);
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_') || keep.has(k.toLowerCase())));
}

function run(step: string, command: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { cwd, env: childEnv(), timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(
          new Error(
            `packaging step "${step}" failed: \`${command} ${args.join(' ')}\` in ${cwd}: ${error.message}\n--- stdout ---\n${stdout.slice(-4000)}\n--- stderr ---\n${stderr.slice(-4000)}`,
          ),
        );
      } else {
        resolvePromise({ stdout, stderr });
      }
    });
  });
}

describe('packaging of the six libraries', () => {
  let work: string;
  let packs: string;
  let consumer: string;
  const started = Date.now();

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'orch-packaging-'));
    packs = join(work, 'packs');
    consumer = join(work, 'consumer');
    // Builds the store's project and, by its references, domain, migrations, persistence, policy and audit.
    await run('build', 'npx', ['tsc', '-b', 'packages/orchestrator-store/tsconfig.lib.json'], ROOT, 180_000);
  }, 180_000);

  afterAll(async () => {
    if (work && !process.env['KEEP_PACKAGING_DIR']) await rm(work, { recursive: true, force: true });
  });

  it('packs, installs into an empty project and runs the README example with plain node', async () => {
    await run('mkdir', 'mkdir', ['-p', packs, consumer], work, 10_000);
    const workspaces = PACKAGES.flatMap((name) => ['-w', name]);
    const packed = await run('npm pack', 'npm', ['pack', '--json', '--pack-destination', packs, ...workspaces], ROOT, 120_000);
    const manifests = JSON.parse(packed.stdout) as Array<{ name: string; filename: string; files: Array<{ path: string }> }>;
    expect(manifests.map((m) => m.name).sort()).toEqual([...PACKAGES].sort());
    for (const m of manifests) {
      const paths = m.files.map((file) => file.path);
      expect([m.name, paths]).toEqual([m.name, expect.arrayContaining(['package.json', 'README.md', 'LICENSE'])]);
      expect([m.name, paths.some((p) => p.startsWith('dist/') && p.endsWith('.d.ts'))]).toEqual([m.name, true]);
      expect([m.name, paths.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))]).toEqual([m.name, []]);
    }
    const tarballs = (await readdir(packs)).filter((f) => f.endsWith('.tgz')).map((f) => join(packs, f));
    expect(tarballs).toHaveLength(PACKAGES.length);

    await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'orch-consumer', private: true, type: 'module' }, null, 2));
    await writeFile(join(consumer, 'consumer.mjs'), CONSUMER_SCRIPT);
    const install = ['install', '--no-audit', '--no-fund', '--no-package-lock'];
    let installMode = 'offline';
    try {
      await run('npm install --offline', 'npm', [...install, '--offline', ...tarballs], consumer, 180_000);
    } catch (offline) {
      installMode = 'prefer-offline';
      try {
        await run('npm install --prefer-offline', 'npm', [...install, '--prefer-offline', ...tarballs], consumer, 180_000);
      } catch (preferOffline) {
        throw new Error(`${(offline as Error).message}\n\n${(preferOffline as Error).message}`);
      }
    }

    const databaseUrl = process.env['DATABASE_URL'] || process.env['PGLITE_URL'];
    if (!databaseUrl) throw new Error('packaging test needs DATABASE_URL or the jest global setup (PGLITE_URL)');
    const { stdout } = await run('node consumer.mjs', process.execPath, ['consumer.mjs'], consumer, 60_000);
    const lastLine = stdout.trim().split('\n').pop() ?? '';
    let output: { tenant: { id: string; status: string }; loop: { id: string; name: string; status: string; config: unknown }; listed: string[]; resolved: string };
    try {
      output = JSON.parse(lastLine) as typeof output;
    } catch {
      throw new Error(`packaging step "node consumer.mjs" printed no JSON:\n${stdout}`);
    }
    expect(output.tenant.status).toBe('active');
    expect(output.loop).toMatchObject({ name: 'capacity', status: 'active', config: { target: 0.7 } });
    expect(output.listed).toEqual([output.loop.id]);
    // resolved from the installed tarball's dist/, not from the monorepo sources
    expect(output.resolved).toContain(`${consumer}/node_modules/@intelgraph/orchestrator-store/dist/index.js`);
    console.log(`packaging test: built, packed, installed and ran in ${((Date.now() - started) / 1000).toFixed(1)} s (npm install --${installMode})`);
  }, 300_000);
});
