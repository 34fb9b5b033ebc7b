import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FRAME_HEADER, LogReader, WriteAheadLog } from './write-ahead-log';

describe('WriteAheadLog', () => {
  let dir: string;
  let path: string;
  const payloads = [Buffer.from('first'), Buffer.from('second frame'), Buffer.alloc(3000, 7)];
  const framed = payloads.reduce((size, p) => size + 8 + p.length, 0);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hitos-wal-'));
    path = join(dir, 'wal.log');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const readBack = () => [...WriteAheadLog.frames(path)].map((f) => f.payload);

  it('given frames written over zeros ahead of the log, when it is read after a crash, then the zeros end it', async () => {
    const wal = await WriteAheadLog.open(path);
    for (const p of payloads) await wal.append(p);

    // Not closed: what a crash leaves behind.
    expect(wal.size).toBe(framed);
    expect(statSync(path).size).toBeGreaterThan(framed);
    expect(readBack()).toEqual(payloads);
    await wal.close();
  });

  it('given a log cut back to its last frame after a crash, when it is opened again, then frames continue from there', async () => {
    const first = await WriteAheadLog.open(path);
    await first.append(payloads[0]);
    WriteAheadLog.truncateSync(path, first.size);
    await first.close();

    const wal = await WriteAheadLog.open(path);
    await wal.append(payloads[1]);

    expect(readBack()).toEqual(payloads.slice(0, 2));
    await wal.close();
  });

  it('given a closed log, then the file ends at its last frame', async () => {
    const wal = await WriteAheadLog.open(path);
    for (const p of payloads) await wal.append(p);
    await wal.close();

    expect(statSync(path).size).toBe(framed);
    expect(readBack()).toEqual(payloads);
  });

  it('given frames started before the previous one is on disk, then each takes its own place, in the order started', async () => {
    const wal = await WriteAheadLog.open(path);
    // Started together, the later frames reach past the zeros the first one starts writing:
    // they wait for those, and still land in the places they took, in order.
    const many = Array.from({ length: 6 }, (_, i) => Buffer.alloc(100 + i * 150_000, i + 1));
    await Promise.all(many.map((p) => wal.append(p)));

    // Compared as hex digests: jest's deep equality walks big buffers byte by byte.
    const digests = (frames: Buffer[]) =>
      frames.map((f) => createHash('sha256').update(f).digest('hex'));
    expect(wal.size).toBe(many.reduce((size, p) => size + 8 + p.length, 0));
    expect(digests(readBack())).toEqual(digests(many));
    await wal.close();
    expect(digests(readBack())).toEqual(digests(many));
  });

  describe('LogReader', () => {
    /** Frames of records `r<k>:` padded to 40 bytes, and where each record lies. */
    const records = (from: number, count: number) =>
      Array.from({ length: count }, (_, k) => Buffer.from(`r${from + k}:`.padEnd(40, '.')));
    const writeFrame = async (wal: WriteAheadLog, frame: Buffer[]) => {
      const at = wal.size + FRAME_HEADER;
      await wal.append(Buffer.concat(frame));
      return frame.map((bytes, k) => ({ at: at + k * 40, bytes }));
    };

    it('given a scan forwards and one backwards, then each read returns its own bytes', async () => {
      const wal = await WriteAheadLog.open(path);
      const placed: Array<{ at: number; bytes: Buffer }> = [];
      for (let f = 0; f < 50; f++) placed.push(...(await writeFrame(wal, records(f * 20, 20))));
      const reader = new LogReader(path);
      const read = ({ at, bytes }: (typeof placed)[number]) =>
        reader.read(at, bytes.length, wal.size).toString();

      expect(placed.map(read)).toEqual(placed.map((p) => p.bytes.toString()));
      const backwards = [...placed].reverse();
      expect(backwards.map(read)).toEqual(backwards.map((p) => p.bytes.toString()));
      // Here and there, as a stream's events lie in the log.
      const scattered = placed.filter((_, k) => k % 37 === 0);
      expect(scattered.map(read)).toEqual(scattered.map((p) => p.bytes.toString()));
      reader.close();
      await wal.close();
    });

    it('given a scan that reached the end of the log, when frames are written after it, then they are read from the file, not from what was read ahead', async () => {
      const wal = await WriteAheadLog.open(path);
      const first = await writeFrame(wal, records(0, 10));
      const reader = new LogReader(path);
      for (const { at, bytes } of first) reader.read(at, bytes.length, wal.size);

      const later = await writeFrame(wal, records(10, 10));
      expect(
        later.map(({ at, bytes }) => reader.read(at, bytes.length, wal.size).toString()),
      ).toEqual(later.map((p) => p.bytes.toString()));
      reader.close();
      await wal.close();
    });

    it('given bytes read and then read past, then the first bytes are still intact', async () => {
      const wal = await WriteAheadLog.open(path);
      const placed = await writeFrame(wal, records(0, 400));
      const reader = new LogReader(path);
      const kept = placed.map(({ at, bytes }) => reader.read(at, bytes.length, wal.size));
      expect(kept.map(String)).toEqual(placed.map((p) => p.bytes.toString()));
      reader.close();
      await wal.close();
    });
  });
});
