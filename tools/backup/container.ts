/**
 * The backup container: one self-describing file holding a manifest and a payload (a `pg_dump`
 * custom-format archive, or a tenant export in JSON lines), optionally encrypted.
 *
 *   offset 0   8 bytes   magic "IGBACKUP"
 *          8   1 byte    container format version (1)
 *          9   4 bytes   header length H (uint32 big-endian)
 *         13   H bytes   header, UTF-8 JSON (plaintext; see ContainerHeader)
 *      13+H    M bytes   manifest: UTF-8 JSON, or AES-256-GCM ciphertext + 16-byte tag
 *    13+H+M    P bytes   payload: raw bytes, or AES-256-GCM ciphertext + 16-byte tag
 *  13+H+M+P   32 bytes   sha256 over every byte before it
 *
 * Reading checks, in order and before anything is written anywhere: the magic and version, that
 * the file is exactly as long as the header says (truncation), the trailing sha256 (corruption),
 * then decrypts the manifest (GCM tag: wrong key or tampering), then streams the payload into a
 * temporary file while checking the GCM tag and the manifest's sha256 of the plaintext payload.
 *
 * Encryption: AES-256-GCM, a fresh random 12-byte IV per section, the magic+version+header as
 * additional authenticated data. The key (32 bytes, hex or base64) comes from
 * `BACKUP_ENCRYPTION_KEY`; it lives in the secret manager, never beside the backups.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, type CipherGCM, type DecipherGCM } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';

export const MAGIC = Buffer.from('IGBACKUP', 'ascii');
export const CONTAINER_VERSION = 1;
const PREFIX = MAGIC.length + 1 + 4;
const TAG = 16;
const TRAILER = 32;

export type BackupKind = 'full' | 'tenant';

export interface ContainerHeader {
  readonly container: 1;
  readonly kind: BackupKind;
  readonly createdAt: string;
  readonly manifestLength: number;
  readonly payloadLength: number;
  readonly encryption: null | { readonly alg: 'aes-256-gcm'; readonly manifestIv: string; readonly payloadIv: string };
}

/** Per table: the total rows and the rows of each tenant (`tenants` counts by its `id`). */
export type TableCounts = Record<string, { total: number; byTenant: Record<string, number> }>;

export interface ChainHead {
  readonly sequence: number;
  readonly hash: string;
}

export interface Manifest {
  readonly kind: BackupKind;
  readonly createdAt: string;
  readonly serverVersion: string;
  readonly database: string;
  /** Migration names from `typeorm_migrations`, oldest first. */
  readonly migrations: string[];
  /** `pg_dump` custom format (full) or `jsonl` rows in FK-safe table order (tenant). */
  readonly payloadFormat: 'pg_dump-custom' | 'jsonl';
  readonly payloadSha256: string;
  readonly payloadBytes: number;
  /** The `pg_dump` command line (full backups), without the connection string. */
  readonly pgDump?: string[] | undefined;
  /** The exported tenant (tenant backups). */
  readonly tenant?: { readonly id: string; readonly slug: string } | undefined;
  readonly tables: TableCounts;
  /** Each tenant's audit chain head (`audit_heads`), read in the backup's snapshot. */
  readonly chainHeads: Record<string, ChainHead>;
}

export class ContainerError extends Error {}

/** Parses a 32-byte key given as 64 hex characters or base64. */
export function parseKey(text: string | undefined): Buffer {
  if (!text) throw new ContainerError('BACKUP_ENCRYPTION_KEY is not set (32 bytes, hex or base64; read it from the secret manager)');
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new ContainerError(`BACKUP_ENCRYPTION_KEY must be 32 bytes (64 hex characters or base64), got ${key.length} bytes`);
  return key;
}

function prefixAndHeader(header: ContainerHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(json.length);
  return Buffer.concat([MAGIC, Buffer.from([CONTAINER_VERSION]), len, json]);
}

/** sha256 and size of a file, streamed. */
export async function hashFile(path: string, end?: number): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = createReadStream(path, end === undefined ? {} : { start: 0, end: end - 1 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

export interface WriteContainerOptions {
  readonly out: string;
  readonly kind: BackupKind;
  readonly manifest: Manifest;
  /** The plaintext payload file; its sha256 and size must already be in the manifest. */
  readonly payloadFile: string;
  /** Encrypt with this 32-byte key. */
  readonly key?: Buffer | undefined;
  readonly progress?: ((bytesWritten: number) => void) | undefined;
}

/** Writes the container to `out` (via `out.partial` and a rename, so a crash never leaves a plausible file). */
export async function writeContainer(options: WriteContainerOptions): Promise<{ bytes: number; sha256: string }> {
  const { key, manifest } = options;
  let manifestBytes = Buffer.from(JSON.stringify(manifest), 'utf8');
  const payloadPlainBytes = (await stat(options.payloadFile)).size;
  if (payloadPlainBytes !== manifest.payloadBytes) throw new ContainerError('payload size differs from the manifest');
  const manifestIv = randomBytes(12);
  const payloadIv = randomBytes(12);
  const header: ContainerHeader = {
    container: 1,
    kind: options.kind,
    createdAt: manifest.createdAt,
    manifestLength: manifestBytes.length + (key ? TAG : 0),
    payloadLength: payloadPlainBytes + (key ? TAG : 0),
    encryption: key ? { alg: 'aes-256-gcm', manifestIv: manifestIv.toString('hex'), payloadIv: payloadIv.toString('hex') } : null,
  };
  const head = prefixAndHeader(header);
  if (key) {
    const c = createCipheriv('aes-256-gcm', key, manifestIv);
    c.setAAD(head);
    manifestBytes = Buffer.concat([c.update(manifestBytes), c.final(), c.getAuthTag()]);
  }

  const partial = `${options.out}.partial`;
  const hash = createHash('sha256');
  const out = createWriteStream(partial);
  let written = 0;
  const write = async (chunk: Buffer): Promise<void> => {
    if (chunk.length === 0) return;
    hash.update(chunk);
    written += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  };
  try {
    await write(head);
    await write(manifestBytes);
    let cipher: CipherGCM | null = null;
    if (key) {
      cipher = createCipheriv('aes-256-gcm', key, payloadIv);
      cipher.setAAD(head);
    }
    let lastReport = 0;
    for await (const chunk of createReadStream(options.payloadFile) as AsyncIterable<Buffer>) {
      await write(cipher ? cipher.update(chunk) : chunk);
      if (written - lastReport >= 8 * 1024 * 1024) {
        lastReport = written;
        options.progress?.(written);
      }
    }
    if (cipher) {
      await write(cipher.final());
      await write(cipher.getAuthTag());
    }
    const digest = hash.digest();
    out.write(digest);
    written += digest.length;
    out.end();
    await once(out, 'finish');
    await rename(partial, options.out);
    options.progress?.(written);
    return { bytes: written, sha256: digest.toString('hex') };
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}

export interface OpenedContainer {
  readonly header: ContainerHeader;
  readonly manifest: Manifest;
}

interface Layout {
  readonly header: ContainerHeader;
  readonly head: Buffer;
  readonly manifestOffset: number;
  readonly payloadOffset: number;
  readonly size: number;
}

async function readLayout(path: string): Promise<Layout> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    if (size < PREFIX + TRAILER) throw new ContainerError(`${path}: too short to be a backup (${size} bytes): truncated?`);
    const prefix = Buffer.alloc(PREFIX);
    await fh.read(prefix, 0, PREFIX, 0);
    if (!prefix.subarray(0, MAGIC.length).equals(MAGIC)) throw new ContainerError(`${path}: not a backup file (bad magic)`);
    const version = prefix[MAGIC.length];
    if (version !== CONTAINER_VERSION) throw new ContainerError(`${path}: container version ${version ?? '?'} is not supported (expected ${CONTAINER_VERSION})`);
    const headerLength = prefix.readUInt32BE(MAGIC.length + 1);
    if (headerLength > 1_000_000 || PREFIX + headerLength + TRAILER > size) throw new ContainerError(`${path}: header length ${headerLength} is impossible: truncated or corrupted`);
    const headerBytes = Buffer.alloc(headerLength);
    await fh.read(headerBytes, 0, headerLength, PREFIX);
    let header: ContainerHeader;
    try {
      header = JSON.parse(headerBytes.toString('utf8')) as ContainerHeader;
    } catch {
      throw new ContainerError(`${path}: header is not valid JSON: corrupted`);
    }
    const expected = PREFIX + headerLength + header.manifestLength + header.payloadLength + TRAILER;
    if (expected !== size)
      throw new ContainerError(`${path}: file is ${size} bytes but its header describes ${expected}: ${size < expected ? 'truncated' : 'trailing garbage'}`);
    const manifestOffset = PREFIX + headerLength;
    return { header, head: Buffer.concat([prefix, headerBytes]), manifestOffset, payloadOffset: manifestOffset + header.manifestLength, size };
  } finally {
    await fh.close();
  }
}

/**
 * Verifies the whole container (length, trailing sha256, manifest authenticity) and returns its
 * header and manifest. Reads the file once; writes nothing.
 */
export async function openContainer(path: string, key?: Buffer): Promise<OpenedContainer & { layout: Layout }> {
  const layout = await readLayout(path);
  const { header } = layout;
  const { sha256 } = await hashFile(path, layout.size - TRAILER);
  const fh = await open(path, 'r');
  let manifestBytes = Buffer.alloc(header.manifestLength);
  try {
    const trailer = Buffer.alloc(TRAILER);
    await fh.read(trailer, 0, TRAILER, layout.size - TRAILER);
    if (trailer.toString('hex') !== sha256) throw new ContainerError(`${path}: checksum mismatch (sha256 ${sha256}, trailer says ${trailer.toString('hex')}): the file is corrupted`);
    await fh.read(manifestBytes, 0, header.manifestLength, layout.manifestOffset);
  } finally {
    await fh.close();
  }
  if (header.encryption) {
    if (!key) throw new ContainerError(`${path}: the backup is encrypted: set BACKUP_ENCRYPTION_KEY`);
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(header.encryption.manifestIv, 'hex'));
    d.setAAD(layout.head);
    d.setAuthTag(manifestBytes.subarray(manifestBytes.length - TAG));
    try {
      manifestBytes = Buffer.concat([d.update(manifestBytes.subarray(0, manifestBytes.length - TAG)), d.final()]);
    } catch {
      throw new ContainerError(`${path}: the manifest does not decrypt: wrong BACKUP_ENCRYPTION_KEY or tampered file`);
    }
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
  } catch {
    throw new ContainerError(`${path}: manifest is not valid JSON`);
  }
  if (manifest.kind !== header.kind) throw new ContainerError(`${path}: manifest kind ${manifest.kind} differs from header kind ${header.kind}`);
  return { header, manifest, layout };
}

/**
 * Verifies the container and extracts the plaintext payload to `dest`, checking the GCM tag and the
 * manifest's sha256 of the payload; on any failure `dest` is removed and an error thrown.
 */
export async function extractPayload(path: string, dest: string, key?: Buffer): Promise<OpenedContainer> {
  const { header, manifest, layout } = await openContainer(path, key);
  const hash = createHash('sha256');
  const out = createWriteStream(dest, { mode: 0o600 });
  let decipher: DecipherGCM | null = null;
  const cipherEnd = layout.payloadOffset + header.payloadLength - (header.encryption ? TAG : 0);
  try {
    if (header.encryption && key) {
      decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(header.encryption.payloadIv, 'hex'));
      decipher.setAAD(layout.head);
      const tag = Buffer.alloc(TAG);
      const fh = await open(path, 'r');
      await fh.read(tag, 0, TAG, cipherEnd);
      await fh.close();
      decipher.setAuthTag(tag);
    }
    const emit = async (chunk: Buffer): Promise<void> => {
      if (chunk.length === 0) return;
      hash.update(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
    };
    if (cipherEnd > layout.payloadOffset) {
      for await (const chunk of createReadStream(path, { start: layout.payloadOffset, end: cipherEnd - 1 }) as AsyncIterable<Buffer>)
        await emit(decipher ? decipher.update(chunk) : chunk);
    }
    if (decipher) {
      try {
        await emit(decipher.final());
      } catch {
        throw new ContainerError(`${path}: the payload does not decrypt: wrong key or tampered file`);
      }
    }
    out.end();
    await once(out, 'finish');
    const sha = hash.digest('hex');
    if (sha !== manifest.payloadSha256) throw new ContainerError(`${path}: payload sha256 ${sha} differs from the manifest's ${manifest.payloadSha256}`);
    return { header, manifest };
  } catch (error) {
    out.destroy();
    await rm(dest, { force: true });
    throw error;
  }
}
