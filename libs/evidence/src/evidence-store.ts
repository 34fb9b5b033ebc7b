import { createHash, randomUUID } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  promises as fs,
} from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { SNIFF_BYTES, Utf8Watch, sniffEvidence } from './evidence-type';

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** What the store holds of one file: its hash, its size in bytes and its type by content. */
export interface StoredEvidence {
  sha256: string;
  size: number;
  mediaType: string;
}

/** The file is larger than the store accepts; nothing was kept. */
export class EvidenceTooLargeError extends Error {
  override readonly name = 'EvidenceTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${maxBytes} bytes`);
  }
}

/** The content is none of the allowed types (`detected` says what it is); nothing was kept. */
export class EvidenceTypeNotAllowedError extends Error {
  override readonly name = 'EvidenceTypeNotAllowedError';
  constructor(readonly detected: string) {
    super(`files of type ${detected} are not kept as evidence`);
  }
}

/**
 * Evidence files kept by content: each under `sha256/<first 2 hex>/<64 hex>` of its root
 * (`<dataDir>/evidence`), written first to `tmp/` while it is hashed, counted and typed, then
 * fsynced and renamed into place. A file filed twice is kept once. Nothing is held in memory
 * but the first {@link SNIFF_BYTES} bytes.
 */
export class EvidenceStore {
  constructor(readonly root: string) {}

  static in(dataDir: string): EvidenceStore {
    return new EvidenceStore(join(dataDir, 'evidence'));
  }

  get tmpDir(): string {
    return join(this.root, 'tmp');
  }

  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return join(this.root, 'sha256', sha256.slice(0, 2), sha256);
  }

  /**
   * Streams `source` into the store. Rejects with EvidenceTooLargeError beyond `maxBytes` (the
   * source is still drained, so a multipart parser goes on) or EvidenceTypeNotAllowedError;
   * the temp file is removed on any failure. `stored` is false when the file was already kept.
   */
  async file(source: Readable, maxBytes: number): Promise<StoredEvidence & { stored: boolean }> {
    // Synchronously, so the source's listeners are attached before it can emit anything.
    mkdirSync(this.tmpDir, { recursive: true });
    const temp = join(this.tmpDir, `${randomUUID()}.part`);
    try {
      const { sha256, size, head, text } = await this.writeTemp(source, temp, maxBytes);
      const sniffed = await sniffEvidence(head, text);
      if (!sniffed.allowed) throw new EvidenceTypeNotAllowedError(sniffed.detected);
      const target = this.pathOf(sha256);
      await fs.mkdir(join(this.root, 'sha256', sha256.slice(0, 2)), { recursive: true });
      let stored = false;
      if (await exists(target)) {
        await fs.rm(temp, { force: true });
      } else {
        await fs.rename(temp, target);
        await fsyncDir(join(this.root, 'sha256', sha256.slice(0, 2)));
        stored = true;
      }
      return { sha256, size, mediaType: sniffed.mediaType, stored };
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }

  /**
   * What the store holds under `sha256`, read again from disk (hash recomputed, type sniffed):
   * null when no such file is kept. `sha256` in the answer is what the bytes hash to now.
   */
  async describe(sha256: string): Promise<StoredEvidence | null> {
    const path = this.pathOf(sha256);
    if (!(await exists(path))) return null;
    const hash = createHash('sha256');
    const text = new Utf8Watch();
    const headChunks: Buffer[] = [];
    let headLength = 0;
    let size = 0;
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      text.push(chunk);
      size += chunk.length;
      if (headLength < SNIFF_BYTES) {
        headChunks.push(chunk.subarray(0, SNIFF_BYTES - headLength));
        headLength += Math.min(chunk.length, SNIFF_BYTES - headLength);
      }
    }
    const sniffed = await sniffEvidence(Buffer.concat(headChunks), text.end());
    return {
      sha256: hash.digest('hex'),
      size,
      mediaType: sniffed.allowed ? sniffed.mediaType : 'application/octet-stream',
    };
  }

  /** The bytes kept under `sha256`, streamed; null when there is none. */
  readStream(sha256: string): Readable | null {
    const path = this.pathOf(sha256);
    return existsSync(path) ? createReadStream(path) : null;
  }

  /** The size of the file kept under `sha256`, or null when there is none. */
  async sizeOf(sha256: string): Promise<number | null> {
    try {
      return (await fs.stat(this.pathOf(sha256))).size;
    } catch {
      return null;
    }
  }

  /** Recomputes the hash of a kept file: 'ok', 'missing', or 'altered' (with what it hashes to). */
  async check(
    sha256: string,
  ): Promise<{ status: 'ok' } | { status: 'missing' } | { status: 'altered'; actual: string }> {
    const path = this.pathOf(sha256);
    if (!(await exists(path))) return { status: 'missing' };
    const actual = await hashFile(path);
    return actual === sha256 ? { status: 'ok' } : { status: 'altered', actual };
  }

  /** Every hash the store keeps a file under, sorted. */
  async list(): Promise<string[]> {
    const base = join(this.root, 'sha256');
    const prefixes = await fs.readdir(base).catch(() => [] as string[]);
    const all: string[] = [];
    for (const prefix of prefixes.sort()) {
      const names = await fs.readdir(join(base, prefix)).catch(() => [] as string[]);
      for (const name of names) if (SHA256_HEX.test(name)) all.push(name);
    }
    return all.sort();
  }

  private writeTemp(
    source: Readable,
    temp: string,
    maxBytes: number,
  ): Promise<{ sha256: string; size: number; head: Buffer; text: boolean }> {
    return new Promise((resolve, reject) => {
      const hash = createHash('sha256');
      const text = new Utf8Watch();
      const headChunks: Buffer[] = [];
      let headLength = 0;
      let size = 0;
      let failed = false;
      const out = createWriteStream(temp, { flags: 'wx' });
      const fail = (error: Error) => {
        if (failed) return;
        failed = true;
        source.unpipe(out);
        out.destroy();
        // Keep reading what is left, so the request (a multipart body) is consumed.
        source.on('data', () => undefined);
        source.resume();
        reject(error);
      };
      source.on('data', (chunk: Buffer) => {
        if (failed) return;
        size += chunk.length;
        if (size > maxBytes) return fail(new EvidenceTooLargeError(maxBytes));
        hash.update(chunk);
        text.push(chunk);
        if (headLength < SNIFF_BYTES) {
          headChunks.push(chunk.subarray(0, SNIFF_BYTES - headLength));
          headLength += Math.min(chunk.length, SNIFF_BYTES - headLength);
        }
      });
      source.on('error', (error) => fail(error));
      source.on('close', () => {
        if (!source.readableEnded) fail(new Error('the upload was cut off'));
      });
      out.on('error', (error) => fail(error));
      source.on('end', () => {
        if (failed) return;
        out.end(() => {
          if (failed) return;
          fsyncFile(temp).then(
            () =>
              resolve({
                sha256: hash.digest('hex'),
                size,
                head: Buffer.concat(headChunks),
                text: text.end(),
              }),
            (error: Error) => fail(error),
          );
        });
      });
      source.pipe(out);
    });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.access(path);
    return true;
  } catch {
    return false;
  }
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await fs.open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncDir(path: string): Promise<void> {
  const handle = await fs.open(path, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the file itself was synced.
  } finally {
    await handle.close();
  }
}

/** The SHA-256 of a file, streamed. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}
