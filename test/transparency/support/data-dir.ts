/**
 * A hitos data directory handled as an intruder with shell access would: copied, its event
 * store's files edited byte by byte (the write-ahead log with its frames' checksums fixed, and
 * LMDB), its log cut short, records removed from LMDB; then an embedded store started on it for
 * the verifier. The formats are libs/eventstore-server/src/storage's: `wal.log` is a sequence of
 * frames (u32 length, u32 CRC-32, msgpack of [[position, stream, revision, id, type, isJson,
 * created, data, metadata]]) and holds the events; `events.mdb` is an LMDB file of indexes,
 * whose `log` says where each position's record lies in `wal.log` ([offset, length, stream,
 * revision]).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { open } from 'lmdb';
import { unpack } from 'msgpackr';
import { EsdbEventStore, type EventStore } from '@hitos/event-store';
import { startEventStoreServer, type RunningEventStoreServer } from '@hitos/eventstore-server';

const HEADER = 8;

/** A copy of a stopped API's data directory, to tamper with. */
export function copyDataDir(source: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'hitos-tampered-'));
  cpSync(source, copy, { recursive: true });
  return copy;
}

export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

const storeDir = (dataDir: string) => join(dataDir, 'eventstore');

interface StoredRecord {
  s: string;
  r: number;
  i: string;
  t: string;
  d: Buffer;
  m: Buffer;
}

type Entry = [number, string, number, string, string, boolean, number, Buffer, Buffer];
const fromEntry = ([position, s, r, i, t, , , d, m]: Entry): [number, StoredRecord] => [
  position,
  { s, r, i, t, d, m },
];

/** The log's frames: where each starts, its payload, and the records it holds. */
export function walFrames(dataDir: string) {
  const bytes = readFileSync(join(storeDir(dataDir), 'wal.log'));
  const frames: { offset: number; payload: Buffer; records: [number, StoredRecord][] }[] = [];
  for (let offset = 0; offset + HEADER <= bytes.length;) {
    const length = bytes.readUInt32LE(offset);
    if (length === 0 || offset + HEADER + length > bytes.length) break;
    const payload = bytes.subarray(offset + HEADER, offset + HEADER + length);
    frames.push({ offset, payload, records: (unpack(payload) as Entry[]).map(fromEntry) });
    offset += HEADER + length;
  }
  return frames;
}

/**
 * Replaces every occurrence of `from` by `to` (same length) in the write-ahead log — fixing each
 * changed frame's checksum, so that the log stays valid — and in LMDB's file. Returns how many
 * occurrences each file had.
 */
export function replaceBytes(dataDir: string, from: string, to: string) {
  const [a, b] = [Buffer.from(from), Buffer.from(to)];
  if (a.length !== b.length) throw new Error('the replacement must keep the length');
  const walPath = join(storeDir(dataDir), 'wal.log');
  const wal = readFileSync(walPath);
  let inWal = 0;
  for (const frame of walFrames(dataDir)) {
    const start = frame.offset + HEADER;
    const payload = wal.subarray(start, start + frame.payload.length);
    let changed = false;
    for (let at = payload.indexOf(a); at >= 0; at = payload.indexOf(a, at + 1)) {
      b.copy(payload, at);
      changed = true;
      inWal++;
    }
    if (changed) wal.writeUInt32LE(crc32(payload), frame.offset + 4);
  }
  writeFileSync(walPath, wal);
  const mdbPath = join(storeDir(dataDir), 'events.mdb');
  const mdb = readFileSync(mdbPath);
  let inLmdb = 0;
  for (let at = mdb.indexOf(a); at >= 0; at = mdb.indexOf(a, at + 1)) {
    b.copy(mdb, at);
    inLmdb++;
  }
  writeFileSync(mdbPath, mdb);
  return { inWal, inLmdb };
}

/**
 * Cuts the write-ahead log at the start of the frame that holds event `eventId`, and makes the
 * next start take it for a machine crash (another boot, no clean close), so that LMDB is set
 * aside and rebuilt from what is left of the log.
 */
export function truncateLogAt(dataDir: string, eventId: string): void {
  const frame = walFrames(dataDir).find((f) => f.records.some(([, r]) => r.i === eventId));
  if (!frame) throw new Error(`no frame holds ${eventId}`);
  truncateSync(join(storeDir(dataDir), 'wal.log'), frame.offset);
  writeFileSync(
    join(storeDir(dataDir), 'open-marker.json'),
    JSON.stringify({ boot: 'another-boot-before-the-power-cut', clean: false }),
  );
}

/**
 * Removes a stream's events (not its tombstone) from LMDB, as a scavenge does after a
 * tombstone: `$all` no longer has them. The write-ahead log keeps them, but an ordinary start
 * does not read it.
 */
export async function scavenge(dataDir: string, stream: string): Promise<number> {
  const root = open({ path: join(storeDir(dataDir), 'events.mdb'), compression: false, maxDbs: 8 });
  // Each position's [offset in wal.log, length, stream, revision]; a tombstone's revision is
  // Number.MAX_SAFE_INTEGER.
  const log = root.openDB<[number, number, string, number], number>({
    name: 'log',
    sharedStructuresKey: Symbol.for('structures'),
  });
  const index = root.openDB<number, [string, number]>({ name: 'stream-index' });
  const doomed = [...log.getRange({})].filter(
    ({ value: [, , s, r] }) => s === stream && r !== Number.MAX_SAFE_INTEGER,
  );
  root.transactionSync(() => {
    for (const { key, value } of doomed) {
      log.removeSync(key);
      index.removeSync([value[2], value[3]]);
    }
  });
  await root.close();
  return doomed.length;
}

/** An embedded store on a data directory, in this process, reached through the port. */
export async function storeOn(dataDir: string): Promise<{
  store: EventStore;
  server: RunningEventStoreServer;
  close(): Promise<void>;
}> {
  const server = await startEventStoreServer({
    dataDir: storeDir(dataDir),
    host: '127.0.0.1',
    port: 0,
  });
  const store = EsdbEventStore.connect(server.connectionString);
  return {
    store,
    server,
    async close() {
      await store.close();
      await server.stop();
    },
  };
}
