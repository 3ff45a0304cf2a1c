/** The container format: pure, always runs (no database needed). */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerError, extractPayload, hashFile, openContainer, parseKey, writeContainer, type Manifest } from '../backup/container.js';

describe('backup container', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'orch-container-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function build(name: string, payload: Buffer, key?: Buffer): Promise<{ file: string; manifest: Manifest }> {
    const payloadFile = join(dir, `${name}.payload`);
    writeFileSync(payloadFile, payload);
    const h = await hashFile(payloadFile);
    const manifest: Manifest = {
      kind: 'full',
      createdAt: new Date().toISOString(),
      serverVersion: '15.0',
      database: 'orch',
      migrations: ['InitialSchema1796396400000'],
      payloadFormat: 'pg_dump-custom',
      payloadSha256: h.sha256,
      payloadBytes: h.bytes,
      tables: { tenants: { total: 1, byTenant: { a: 1 } } },
      chainHeads: { a: { sequence: 3, hash: 'f'.repeat(64) } },
    };
    const file = join(dir, `${name}.igb`);
    await writeContainer({ out: file, kind: 'full', manifest, payloadFile, key });
    return { file, manifest };
  }

  it.each([
    ['plain', undefined],
    ['encrypted', randomBytes(32)],
  ])('round-trips a %s payload and manifest', async (name, key) => {
    const payload = randomBytes(3 * 1024 * 1024 + 17);
    const { file, manifest } = await build(name, payload, key);
    expect(existsSync(`${file}.partial`)).toBe(false);
    const out = join(dir, `${name}.out`);
    const opened = await extractPayload(file, out, key);
    expect(opened.manifest).toEqual(manifest);
    expect(readFileSync(out).equals(payload)).toBe(true);
    if (key) expect(readFileSync(file).includes(payload.subarray(0, 64))).toBe(false); // no plaintext in the file
  });

  it('refuses a file with one flipped byte anywhere (checksum), before extracting anything', async () => {
    const { file } = await build('flip', randomBytes(100_000));
    const bytes = readFileSync(file);
    for (const offset of [20, 200, 50_000, bytes.length - 40, bytes.length - 1]) {
      const copy = Buffer.from(bytes);
      copy[offset] = copy[offset]! ^ 0x01;
      const bad = join(dir, `flip-${offset}.igb`);
      writeFileSync(bad, copy);
      const out = join(dir, `flip-${offset}.out`);
      await expect(extractPayload(bad, out)).rejects.toThrow(ContainerError);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('refuses a truncated file and says so', async () => {
    const { file } = await build('trunc', randomBytes(100_000));
    const size = readFileSync(file).length;
    for (const keep of [size - 1, size - 33, 5000, 12, 0]) {
      const bad = join(dir, `trunc-${keep}.igb`);
      writeFileSync(bad, readFileSync(file));
      truncateSync(bad, keep);
      await expect(openContainer(bad)).rejects.toThrow(keep >= 13 ? /truncated|corrupted/ : /too short|truncated/);
    }
  });

  it('refuses a file that is not a backup, and an encrypted one without or with the wrong key', async () => {
    const notBackup = join(dir, 'random.igb');
    writeFileSync(notBackup, randomBytes(1000));
    await expect(openContainer(notBackup)).rejects.toThrow(/bad magic/);
    const key = randomBytes(32);
    const { file } = await build('keyed', randomBytes(1000), key);
    await expect(openContainer(file)).rejects.toThrow(/encrypted: set BACKUP_ENCRYPTION_KEY/);
    await expect(openContainer(file, randomBytes(32))).rejects.toThrow(/wrong BACKUP_ENCRYPTION_KEY/);
    await expect(openContainer(file, key)).resolves.toMatchObject({ header: { kind: 'full' } });
  });

  it('parses a 32-byte key from hex or base64 and rejects anything else', () => {
    const key = randomBytes(32);
    expect(parseKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseKey(key.toString('base64')).equals(key)).toBe(true);
    expect(() => parseKey(undefined)).toThrow(/not set/);
    expect(() => parseKey(randomBytes(16).toString('hex'))).toThrow(/32 bytes/);
  });
});
