import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WriteAheadLog } from './write-ahead-log';

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
});
