import { randomUUID } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackupError, backupEventStore, restoreEventStore, verifyBackup } from './backup';
import { EventLog } from './event-log';

const at = new Date('2026-12-03T04:00:00.000Z');

async function storeWith(dataDir: string, batches: number): Promise<number[]> {
  const log = await EventLog.open({ dataDir, now: () => at.getTime() });
  const heads: number[] = [];
  try {
    for (let b = 0; b < batches; b++) {
      const outcome = await log.append(`s-${b % 3}`, 'any', [
        {
          id: randomUUID(),
          type: 'Happened',
          isJson: true,
          data: Buffer.from(JSON.stringify({ b })),
          metadata: Buffer.from('{}'),
        },
      ]);
      if (outcome.kind !== 'ok') throw new Error(outcome.kind);
      heads.push(outcome.position!);
    }
  } finally {
    await log.close();
  }
  return heads;
}

const options = (dataDir: string, target: string, committedPosition?: number) => ({
  dataDir,
  target,
  committedPosition,
  hitosVersion: '0.0.0-test',
  createdAt: at,
});

describe('backupEventStore and restoreEventStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hitos-backup-lib-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stops exactly at a committed position, and refuses one that no frame ends at or the log does not reach', async () => {
    const source = join(dir, 'source');
    const heads = await storeWith(source, 10);

    const manifest = await backupEventStore(options(source, join(dir, 'b4'), heads[4]));
    expect(manifest).toMatchObject({
      position: heads[4],
      records: 5,
      createdAt: at.toISOString(),
      hitosVersion: '0.0.0-test',
    });
    const { head } = await restoreEventStore({
      backup: join(dir, 'b4'),
      dataDir: join(dir, 'r4'),
    });
    expect(head).toBe(heads[4]);

    await expect(
      backupEventStore(options(source, join(dir, 'mid'), heads[4] + 1)),
    ).rejects.toMatchObject({ reason: 'log-inconsistent' });
    await expect(
      backupEventStore(options(source, join(dir, 'far'), heads[9] + 1_000)),
    ).rejects.toMatchObject({ reason: 'log-short' });
    // A failed backup leaves nothing behind.
    expect(() => readFileSync(join(dir, 'mid', 'wal.log'))).toThrow();
  });

  it('without a running store, recovers the directory first: a whole frame LMDB had not taken yet is copied, a torn one is not', async () => {
    const source = join(dir, 'source');
    const heads = await storeWith(source, 3);
    // What a SIGKILL can leave: a whole frame at the log's end that LMDB had not taken yet
    // (it trails the log: the frame may have been acknowledged), then a frame cut short (never
    // acknowledged). Made here from a copy of the store that took one batch more.
    const longer = join(dir, 'longer');
    cpSync(source, longer, { recursive: true });
    const walLength = statSync(join(source, 'wal.log')).size;
    const log = await EventLog.open({ dataDir: longer });
    const written = await log.append('s-0', 'any', [
      {
        id: randomUUID(),
        type: 'Durable',
        isJson: true,
        data: Buffer.from('{}'),
        metadata: Buffer.from('{}'),
      },
    ]);
    await log.close();
    const frame = readFileSync(join(longer, 'wal.log')).subarray(walLength);
    expect(frame.length).toBeGreaterThan(8);
    appendFileSync(join(source, 'wal.log'), frame);
    appendFileSync(join(source, 'wal.log'), frame.subarray(0, frame.length - 1));

    const manifest = await backupEventStore(options(source, join(dir, 'b')));
    expect(written).toMatchObject({ kind: 'ok' });
    expect(manifest).toMatchObject({
      position: (written as { position: number }).position,
      records: 4,
    });
    expect(manifest.position).toBeGreaterThan(heads[2]);
    expect(manifest.files[0].bytes).toBe(walLength + frame.length);
  });

  it('refuses a backup whose manifest is missing or whose log changed, before writing anything', async () => {
    const source = join(dir, 'source');
    await storeWith(source, 3);
    const backup = join(dir, 'b');
    await backupEventStore(options(source, backup));
    await expect(verifyBackup(backup)).resolves.toMatchObject({ records: 3 });

    writeFileSync(
      join(backup, 'wal.log'),
      Buffer.concat([readFileSync(join(backup, 'wal.log')), Buffer.from([0])]),
    );
    await expect(restoreEventStore({ backup, dataDir: join(dir, 'r') })).rejects.toThrow(
      BackupError,
    );
    await expect(restoreEventStore({ backup, dataDir: join(dir, 'r') })).rejects.toMatchObject({
      reason: 'checksum',
    });
    rmSync(join(backup, 'manifest.json'));
    await expect(restoreEventStore({ backup, dataDir: join(dir, 'r') })).rejects.toMatchObject({
      reason: 'manifest',
    });
    expect(() => readFileSync(join(dir, 'r', 'wal.log'))).toThrow();
  });
});
