import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EsdbEventStore, type RecordedEvent } from '@hitos/event-store';
import { EmbeddedEventStore, type BackupManifest } from '@hitos/eventstore-server';
import { EventLog } from '@hitos/eventstore-server/storage/event-log';
import { HistoryBuilder } from '@hitos/transparency/testing/memory-history';
import { runCli } from '../main';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** Runs `hitos …` in this process; its exit code and what it wrote on stderr. */
async function hitos(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stderr = '';
  let stdout = '';
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
    stderr += String(chunk);
    return true;
  });
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    stdout += String(chunk);
    return true;
  });
  try {
    const code = await runCli(['node', 'hitos', ...args]);
    return { code, stdout, stderr };
  } finally {
    spy.mockRestore();
    out.mockRestore();
  }
}

async function append(store: EsdbEventStore, event: RecordedEvent) {
  return store.appendToStream(
    event.streamId,
    [{ id: event.id, type: event.type, data: event.data, metadata: event.metadata }],
    'any',
  );
}

/** Every record of a stopped store's directory, as its storage holds them. */
async function recordsOf(storeDir: string) {
  const log = await EventLog.open({ dataDir: storeDir });
  try {
    return [...log.allRange(0, false)];
  } finally {
    await log.close();
  }
}

describe('hitos store backup and restore', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'hitos-backup-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('copies a running store while appends go on; the restored store holds every event acknowledged up to the recorded position, byte for byte, and audit verify passes on it', async () => {
    const dataDir = join(scratch, 'data');
    const storeDir = join(dataDir, 'eventstore');
    const backup = join(scratch, 'backup');
    const restoredDir = join(scratch, 'restored');

    // A history as hitos writes it (hash chains, signed checkpoints); more of it is made and
    // appended live, one chain, until the test stops it.
    const h = new HistoryBuilder();
    h.commitments(40, 4);
    h.checkpoint();
    h.commitments(20, 4);
    h.checkpoint();
    const before = [...h.events];

    const source = await EmbeddedEventStore.start({
      dataDir: storeDir,
      host: '127.0.0.1',
      port: 0,
      logger: quiet,
      childOutput: 'errors',
    });
    const client = EsdbEventStore.connect(source.connectionString);
    const acknowledged: Array<{ id: string; position: bigint }> = [];
    let manifest: BackupManifest;
    try {
      for (const event of before) {
        const outcome = await append(client, event);
        acknowledged.push({ id: event.id, position: outcome.position!.commit });
      }
      let stop = false;
      const appending = (async () => {
        for (let n = 0; !stop; n++) {
          const event = h.hitos('commitment-live', 'ProgressReported', { n, percent: n % 100 });
          const outcome = await append(client, event);
          acknowledged.push({ id: event.id, position: outcome.position!.commit });
        }
      })();

      // The backup starts once the live appends are well under way, and they go on during it.
      while (acknowledged.length < before.length + 200) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      const run = await hitos('store', 'backup', backup, '--data-dir', dataDir);
      expect(run).toMatchObject({ code: 0 });
      manifest = JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8')) as BackupManifest;
      // The appends went on past the copy: wait until one is acknowledged beyond it, then stop.
      while (!acknowledged.some((a) => a.position > BigInt(manifest.position))) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      stop = true;
      await appending;
    } finally {
      await client.close();
      await source.stop();
    }

    expect(manifest).toMatchObject({
      format: 'hitos-eventstore-backup/1',
      hitosVersion: JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8'))
        .version,
      source: storeDir,
      files: [
        {
          name: 'wal.log',
          bytes: expect.any(Number),
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      ],
    });
    expect(Number.isNaN(Date.parse(manifest.createdAt))).toBe(false);
    expect(acknowledged.some((a) => a.position > BigInt(manifest.position))).toBe(true);

    expect(await hitos('store', 'restore', backup, restoredDir)).toMatchObject({ code: 0 });
    expect(readdirSync(restoredDir)).toEqual(['eventstore']);

    // Through the official client: every acknowledged append up to the position is there.
    const restored = await EmbeddedEventStore.start({
      dataDir: join(restoredDir, 'eventstore'),
      host: '127.0.0.1',
      port: 0,
      logger: quiet,
      childOutput: 'errors',
    });
    const reader = EsdbEventStore.connect(restored.connectionString);
    try {
      const found = new Map<string, bigint>();
      for await (const event of reader.readAll()) found.set(event.id, event.position!.commit);
      const expected = acknowledged.filter((a) => a.position <= BigInt(manifest.position));
      expect(expected.length).toBeGreaterThanOrEqual(before.length + 200);
      for (const a of expected) expect([a.id, found.get(a.id)]).toEqual([a.id, a.position]);
      for (const a of acknowledged.filter((x) => x.position > BigInt(manifest.position))) {
        expect(found.has(a.id)).toBe(false);
      }
    } finally {
      await reader.close();
      await restored.stop();
    }

    // Byte for byte, as the storage holds them: the source's records up to the position.
    const upTo = (records: Awaited<ReturnType<typeof recordsOf>>) =>
      records.filter((r) => r.position <= manifest.position);
    const original = upTo(await recordsOf(storeDir));
    const copy = upTo(await recordsOf(join(restoredDir, 'eventstore')));
    expect(copy.length).toBe(manifest.records);
    expect(copy).toEqual(original);

    // The auditor's check of the whole history, on the restored directory.
    const verified = await hitos(
      'audit',
      'verify',
      '--data-dir',
      restoredDir,
      '--key',
      h.verifierKey,
      '--quiet',
      '--json',
    );
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    const leaves = copy.filter((r) => r.streamId.startsWith('commitment-')).length;
    expect(JSON.parse(verified.stdout)).toMatchObject({
      ok: true,
      verdict: 0,
      leaves,
      checkpointsChecked: 2,
    });
  }, 180_000);

  it('refuses to restore into a directory that is not empty, and a backup whose file no longer matches its checksum', async () => {
    const storeDir = join(scratch, 'data', 'eventstore');
    const source = await EmbeddedEventStore.start({
      dataDir: storeDir,
      host: '127.0.0.1',
      port: 0,
      logger: quiet,
      childOutput: 'errors',
    });
    await source.stop();
    // No store running: the backup takes the directory itself.
    const backup = join(scratch, 'backup');
    expect(
      await hitos('store', 'backup', backup, '--data-dir', join(scratch, 'data')),
    ).toMatchObject({ code: 0 });

    const occupied = join(scratch, 'occupied');
    mkdirSync(occupied);
    writeFileSync(join(occupied, 'keep.txt'), 'mine');
    const refused = await hitos('store', 'restore', backup, occupied);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${occupied} ya existe y no es un directorio vacío`);
    expect(refused.stderr).toContain(`${occupied} already exists and is not an empty directory`);
    expect(readdirSync(occupied)).toEqual(['keep.txt']);

    const damaged = join(scratch, 'damaged');
    cpSync(backup, damaged, { recursive: true });
    const wal = readFileSync(join(damaged, 'wal.log'));
    wal[wal.length - 3] ^= 0xff;
    writeFileSync(join(damaged, 'wal.log'), wal);
    const corrupt = await hitos('store', 'restore', damaged, join(scratch, 'fresh'));
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toContain('the SHA-256 of wal.log does not match the manifest');
    expect(existsSync(join(scratch, 'fresh', 'eventstore'))).toBe(false);

    expect(await hitos('store', 'restore', backup, join(scratch, 'fresh'))).toMatchObject({
      code: 0,
    });
  }, 120_000);
});
