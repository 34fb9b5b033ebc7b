import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import {
  EvidenceStore,
  EvidenceTooLargeError,
  EvidenceTypeNotAllowedError,
} from './evidence-store';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const pdf = (text: string) => Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`);
const chunked = (bytes: Buffer, size = 7) =>
  Readable.from(
    Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
      bytes.subarray(i * size, (i + 1) * size),
    ),
  );

describe('EvidenceStore: files kept by the SHA-256 of their content', () => {
  let dir: string;
  let store: EvidenceStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hitos-evidence-'));
    store = EvidenceStore.in(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const temps = () => readdirSync(store.tmpDir);

  it('given a PDF streamed in chunks, when filed, then it is kept under sha256/<2 hex>/<hash> with its size and type', async () => {
    const bytes = pdf('acta firmada');
    const filed = await store.file(chunked(bytes), 1024);
    expect(filed).toEqual({
      sha256: sha(bytes),
      size: bytes.length,
      mediaType: 'application/pdf',
      stored: true,
    });
    const path = join(dir, 'evidence', 'sha256', sha(bytes).slice(0, 2), sha(bytes));
    expect(store.pathOf(sha(bytes))).toBe(path);
    expect(readFileSync(path)).toEqual(bytes);
    expect(temps()).toEqual([]);
  });

  it('given the same file filed twice, then it is kept once and the second temp file is dropped', async () => {
    const bytes = pdf('informe');
    await store.file(chunked(bytes), 1024);
    const again = await store.file(chunked(bytes, 3), 1024);
    expect(again).toMatchObject({ sha256: sha(bytes), stored: false });
    expect(await store.list()).toEqual([sha(bytes)]);
    expect(temps()).toEqual([]);
  });

  it('given a file over the limit, then it is refused naming the limit, the source is drained and no temp file is left', async () => {
    const source = chunked(pdf('x'.repeat(500)), 16);
    const filing = store.file(source, 100);
    await expect(filing).rejects.toEqual(new EvidenceTooLargeError(100));
    await expect(filing).rejects.toMatchObject({ maxBytes: 100 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.readableEnded).toBe(true);
    expect(temps()).toEqual([]);
    expect(await store.list()).toEqual([]);
  });

  it('given a file exactly at the limit, then it is kept', async () => {
    const bytes = pdf('y'.repeat(50));
    await expect(store.file(chunked(bytes), bytes.length)).resolves.toMatchObject({
      size: bytes.length,
    });
  });

  it('given bytes of an executable, then they are refused by content and nothing is kept', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0')]);
    await expect(store.file(chunked(exe), 1024)).rejects.toBeInstanceOf(
      EvidenceTypeNotAllowedError,
    );
    expect(temps()).toEqual([]);
    expect(await store.list()).toEqual([]);
  });

  it('given an upload cut off midway, then its temp file is removed', async () => {
    const source = new PassThrough();
    const filing = store.file(source, 1024);
    source.write(pdf('a medias'));
    await new Promise((resolve) => setImmediate(resolve));
    source.destroy(new Error('aborted'));
    await expect(filing).rejects.toThrow('aborted');
    expect(temps()).toEqual([]);
  });

  it('given a kept file altered on disk, then check names it altered; a removed one, missing', async () => {
    const bytes = Buffer.from('institución,avance\nMDT,60\n');
    const { sha256, mediaType } = await store.file(chunked(bytes), 1024);
    expect(mediaType).toBe('text/plain; charset=utf-8');
    expect(await store.check(sha256)).toEqual({ status: 'ok' });
    expect(await store.describe(sha256)).toEqual({ sha256, size: bytes.length, mediaType });
    writeFileSync(store.pathOf(sha256), 'otra cosa');
    expect(await store.check(sha256)).toEqual({
      status: 'altered',
      actual: sha(Buffer.from('otra cosa')),
    });
    rmSync(store.pathOf(sha256));
    expect(await store.check(sha256)).toEqual({ status: 'missing' });
    expect(await store.describe(sha256)).toBeNull();
    expect(existsSync(store.tmpDir)).toBe(true);
  });
});
