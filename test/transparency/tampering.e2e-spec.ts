/**
 * An auditor's checks against a real data directory tampered with by hand. One history is made
 * over HTTP (parties, a signed commitment, progress, two checkpoints signed on demand), the API
 * is stopped, and each case works on a copy: bytes edited in the write-ahead log and in LMDB, an
 * event appended or a stream tombstoned with the raw official client, the log cut short, a
 * checkpoint's signature flipped. `verifyHistory` runs on an embedded store started on the copy
 * and must name the event concerned; `watchLog`, holding the first log's checkpoint, must see a
 * second history signed with the same key as a rewrite.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ANY, EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import type Database from 'better-sqlite3';
import { EventStore, type RecordedEvent } from '@hitos/event-store';
import {
  CHECKPOINT_STREAM,
  SIGNING_KEY_FILE,
  logVerifierKey,
  openLogDatabase,
  verifyHistory,
  watchLog,
  type Finding,
  type VerifyReport,
} from '@hitos/transparency';
import {
  evidenceItem,
  expectStatus,
  post,
  registerParties,
  signedCommitment,
  tokens,
  type Tokens,
} from '../api/support/acta-requests';
import { http, startApi, stopApi, type ApiHarness } from '../api/support/api-harness';
import {
  copyDataDir,
  removeDir,
  replaceBytes,
  scavenge,
  storeOn,
  truncateLogAt,
} from './support/data-dir';

const T = '/api/transparency';
const COMMITMENT = 'auditable';
const STREAM = `commitment-${COMMITMENT}`;
const MARKER = 'MARCA-4711-AUDITABLE';
/** No checkpoint timer: the checkpoints are the ones the spec signs. */
const NO_TIMER = { HITOS_CHECKPOINT_INTERVAL_MS: '0' };

interface Checkpoint {
  treeSize: number;
  root: string;
  note: string;
}

/** What the first history is, read from the API before it stopped. */
interface History {
  dataDir: string;
  verifierKey: string;
  signerKey: string;
  events: RecordedEvent[];
  leaves: RecordedEvent[];
  checkpoints: Checkpoint[];
  trustFile: string;
}

const progress = (reportId: string, narrative: string) => ({
  reportId,
  percent: 40,
  narrative,
  evidence: [evidenceItem(`https://www.trabajo.gob.ec/evidencia/${reportId}.pdf`)],
});

async function reportProgress(
  api: ApiHarness,
  t: Tokens,
  commitment: string,
  reportId: string,
  text: string,
) {
  expectStatus(
    await post(
      api,
      `/api/commitments/${commitment}/milestones/h1/progress-reports`,
      t.mdt,
      progress(reportId, text),
    ),
    201,
  );
}

async function signCheckpoint(api: ApiHarness, t: Tokens): Promise<Checkpoint> {
  const { checkpoint } = expectStatus(await post(api, `${T}/checkpoints`, t.auditor), 200).body;
  return checkpoint as Checkpoint;
}

async function readAll(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
}

const isLeafEvent = (e: RecordedEvent) =>
  !e.streamId.startsWith('$') && e.streamId !== CHECKPOINT_STREAM;

/** Findings reduced to what the cases compare. */
const brief = (findings: Finding[]) =>
  findings.map((f) => ({
    code: f.code,
    ...(f.stream !== undefined ? { stream: f.stream } : {}),
    ...(f.revision !== undefined ? { revision: f.revision } : {}),
    ...(f.leafIndex !== undefined ? { leafIndex: f.leafIndex } : {}),
    ...(f.treeSize !== undefined ? { treeSize: f.treeSize } : {}),
  }));

describe('verifying a tampered data directory', () => {
  let history: History;
  const copies: string[] = [];

  beforeAll(async () => {
    const api = await startApi({ env: NO_TIMER });
    const t = tokens(api);
    await registerParties(api, t);
    await signedCommitment(api, t, COMMITMENT);
    await reportProgress(
      api,
      t,
      COMMITMENT,
      'p1',
      `Avance del diagnóstico ${MARKER} en servicios priorizados.`,
    );
    const first = await signCheckpoint(api, t);
    const trustFile = join(mkdtempSync(join(tmpdir(), 'hitos-trust-')), 'trust.json');
    // An outside auditor starts watching the log, and sees it grow.
    expect(await watchLog({ baseUrl: api.baseUrl, trustFile })).toMatchObject({
      verdict: 0,
      status: 'first-run',
      served: { treeSize: first.treeSize, root: first.root },
    });
    await reportProgress(api, t, COMMITMENT, 'p2', 'Segundo avance con evidencia.');
    await reportProgress(api, t, COMMITMENT, 'p3', 'Tercer avance con evidencia.');
    const second = await signCheckpoint(api, t);
    expect(await watchLog({ baseUrl: api.baseUrl, trustFile })).toMatchObject({
      verdict: 0,
      status: 'advanced',
      served: { treeSize: second.treeSize, root: second.root },
    });
    const verifierKey = (await http(api, 'GET', `${T}/key`)).body as string;
    const events = await readAll(api.app.get(EventStore));
    await api.stop();
    history = {
      dataDir: api.dataDir,
      verifierKey,
      signerKey: readFileSync(join(api.dataDir, SIGNING_KEY_FILE), 'utf8').trim(),
      events,
      leaves: events.filter(isLeafEvent),
      checkpoints: [first, second],
      trustFile,
    };
  }, 300_000);

  afterAll(() => {
    if (history) removeDir(history.dataDir);
    if (history) removeDir(dirname(history.trustFile));
    copies.forEach(removeDir);
  });

  /** A copy of the history's data directory, removed after the file. */
  const copy = () => {
    const dir = copyDataDir(history.dataDir);
    copies.push(dir);
    return dir;
  };

  /** verifyHistory on an embedded store started on `dir`, with the log's database unless told. */
  async function verifyOn(dir: string, options: { withLog?: boolean } = {}): Promise<VerifyReport> {
    const running = await storeOn(dir);
    const db: Database.Database | null = options.withLog === false ? null : openLogDatabase(dir);
    try {
      return await verifyHistory({
        store: running.store,
        verifierKey: history.verifierKey,
        ...(db ? { db } : {}),
      });
    } finally {
      db?.close();
      await running.close();
    }
  }

  const leafIndexOf = (e: RecordedEvent) => history.leaves.findIndex((l) => l.id === e.id);
  const sizes = () => history.checkpoints.map((c) => c.treeSize);

  it('given a clean copy, then the history checks out, every leaf and checkpoint included', async () => {
    const dir = copy();
    expect(logVerifierKey({}, dir)).toBe(history.verifierKey);
    const report = await verifyOn(dir);
    expect(report.findings).toEqual([]);
    expect(report).toMatchObject({
      ok: true,
      verdict: 0,
      completed: true,
      leaves: history.leaves.length,
      logLeavesCompared: history.leaves.length,
      checkpointsChecked: 2,
      tree: { size: history.checkpoints[1].treeSize, root: history.checkpoints[1].root },
    });
    expect(await verifyOn(dir, { withLog: false })).toMatchObject({
      ok: true,
      checkpointsChecked: 2,
    });
  }, 60_000);

  it('given a byte of an event’s data edited in the write-ahead log, where the store keeps it, then its bytes changed', async () => {
    const dir = copy();
    const target = history.events.find((e) => JSON.stringify(e.data).includes(MARKER))!;
    const changed = replaceBytes(dir, MARKER, MARKER.replace('4711', '4712'));
    expect(changed.inWal).toBeGreaterThan(0);
    // LMDB holds indexes only: the event's bytes are nowhere else to edit.
    expect(changed.inLmdb).toBe(0);
    const at = { stream: STREAM, revision: String(target.revision) };
    const leafIndex = leafIndexOf(target);
    const report = await verifyOn(dir);
    expect(report.verdict).toBe(1);
    expect(brief(report.findings)).toEqual([
      { code: 'INTEGRITY_HASH_MISMATCH', ...at },
      { code: 'LEAF_HASH_MISMATCH', ...at, leafIndex },
      ...sizes().map((treeSize) => ({ code: 'ROOT_MISMATCH', treeSize })),
      { code: 'LOG_TREE_MISMATCH', treeSize: history.leaves.length },
    ]);
    expect(report.findings[1]).toMatchObject({
      kind: 'bytes-changed',
      eventId: target.id,
      eventType: 'MilestoneProgressReported',
      position: target.position!.commit.toString(),
    });
    // Findings hold ids, types, positions and hashes: never the event's content.
    expect(JSON.stringify(report)).not.toContain('MARCA');
    // Without the log's database, the hash chain still names the event.
    const alone = await verifyOn(dir, { withLog: false });
    expect(brief(alone.findings)).toEqual([
      { code: 'INTEGRITY_HASH_MISMATCH', ...at },
      ...sizes().map((treeSize) => ({ code: 'ROOT_MISMATCH', treeSize })),
    ]);
  }, 60_000);

  it('given an event appended with the raw client, then it was written around hitos', async () => {
    const dir = copy();
    const running = await storeOn(dir);
    const client = EventStoreDBClient.connectionString(running.server.connectionString);
    await client.appendToStream(
      STREAM,
      jsonEvent({ type: 'MilestoneProgressReported', data: { reportId: 'p9', percent: 100 } }),
      { expectedRevision: ANY },
    );
    await client.dispose();
    await running.close();
    const last = history.events.filter((e) => e.streamId === STREAM).at(-1)!;
    const report = await verifyOn(dir);
    expect(brief(report.findings)).toEqual([
      { code: 'NO_INTEGRITY', stream: STREAM, revision: String(last.revision + 1n) },
    ]);
    expect(report.findings[0].kind).toBe('written-around');
    expect(report.verdict).toBe(1);
  }, 60_000);

  it('given a stream tombstoned with the raw client, then it was deleted; scavenged, its leaves are missing', async () => {
    const dir = copy();
    const running = await storeOn(dir);
    const client = EventStoreDBClient.connectionString(running.server.connectionString);
    await client.tombstoneStream(STREAM);
    await client.dispose();
    await running.close();
    const tombstoned = await verifyOn(dir);
    expect(brief(tombstoned.findings)).toEqual([{ code: 'STREAM_TOMBSTONED', stream: STREAM }]);
    expect(tombstoned.findings[0].kind).toBe('stream-deleted');

    // A scavenge then removes the stream's events: $all no longer has them.
    const streamLeaves = history.leaves.filter((e) => e.streamId === STREAM);
    expect(await scavenge(dir, STREAM)).toBe(streamLeaves.length);
    const scavenged = await verifyOn(dir);
    const codes = brief(scavenged.findings);
    expect(codes[0]).toEqual({ code: 'STREAM_TOMBSTONED', stream: STREAM });
    expect(codes.filter((f) => f.code === 'LEAF_MISSING')).toEqual(
      streamLeaves.map((e) => ({
        code: 'LEAF_MISSING',
        stream: STREAM,
        revision: String(e.revision),
        leafIndex: leafIndexOf(e),
      })),
    );
    // Neither checkpoint can be recomputed from what is left (the tombstone is a leaf).
    const left = history.leaves.length - streamLeaves.length + 1;
    expect(scavenged.leaves).toBe(left);
    expect(
      codes.filter((f) => f.code !== 'LEAF_MISSING' && f.code !== 'STREAM_TOMBSTONED'),
    ).toEqual(
      sizes().map((treeSize) => ({
        code: treeSize > left ? 'LOG_TRUNCATED' : 'ROOT_MISMATCH',
        treeSize,
      })),
    );
  }, 60_000);

  it('given the write-ahead log cut short before a power loss, then the events a checkpoint counted are missing', async () => {
    const dir = copy();
    const [first, second] = history.checkpoints;
    // The frame of the second report, counted by the second checkpoint only.
    const cut = history.leaves.find((e) => (e.data as { reportId?: string }).reportId === 'p2')!;
    const cutIndex = leafIndexOf(cut);
    expect(cutIndex).toBeGreaterThanOrEqual(first.treeSize);
    truncateLogAt(dir, cut.id);
    const report = await verifyOn(dir);
    expect(report.verdict).toBe(1);
    expect(brief(report.findings)).toEqual([
      ...history.leaves.slice(cutIndex).map((e, i) => ({
        code: 'LEAF_MISSING',
        stream: e.streamId,
        revision: String(e.revision),
        leafIndex: cutIndex + i,
      })),
      { code: 'LOG_TRUNCATED', treeSize: second.treeSize },
    ]);
    expect(report.findings.at(-1)).toMatchObject({ kind: 'missing', leaves: cutIndex });
    expect(report.leaves).toBe(cutIndex);
  }, 60_000);

  it('given a checkpoint note with a flipped signature byte, then it does not verify', async () => {
    const dir = copy();
    const [first] = history.checkpoints;
    const line = first.note.trimEnd().split('\n').at(-1)!;
    const signature = line.slice(line.lastIndexOf(' ') + 1);
    const bytes = Buffer.from(signature, 'base64');
    bytes[20] ^= 0x01;
    const flipped = bytes.toString('base64');
    const changed = replaceBytes(dir, signature, flipped);
    expect(changed.inWal).toBeGreaterThan(0);
    expect(changed.inLmdb).toBe(0);
    const event = history.events.find(
      (e) => e.type === 'CheckpointSigned' && (e.data as Checkpoint).treeSize === first.treeSize,
    )!;
    const report = await verifyOn(dir);
    expect(brief(report.findings)).toEqual([
      {
        code: 'SIGNATURE_INVALID',
        stream: CHECKPOINT_STREAM,
        revision: '0',
        treeSize: first.treeSize,
      },
    ]);
    expect(report.findings[0]).toMatchObject({
      kind: 'bad-signature',
      source: 'store',
      eventId: event.id,
    });
    // The log's database kept the note as signed: both trees are still recomputed and checked.
    expect(report.checkpointsChecked).toBe(2);
  }, 60_000);

  it('given another history signed with the same key, then it checks out alone, but a watcher sees the rewrite', async () => {
    const api = await startApi({ env: { ...NO_TIMER, HITOS_TRANSPARENCY_KEY: history.signerKey } });
    try {
      const t = tokens(api);
      const trusted = history.checkpoints[1];
      const trustBefore = readFileSync(history.trustFile, 'utf8');
      await registerParties(api, t);
      const short = await signCheckpoint(api, t);
      expect(short.treeSize).toBeLessThan(trusted.treeSize);
      expect((await http(api, 'GET', `${T}/key`)).body).toBe(history.verifierKey);

      const smaller = await watchLog({ baseUrl: api.baseUrl, trustFile: history.trustFile });
      expect(smaller).toMatchObject({
        verdict: 1,
        status: 'tampered',
        trusted: { treeSize: trusted.treeSize, root: trusted.root },
        served: { treeSize: short.treeSize, root: short.root },
        trustUpdated: false,
      });
      expect(smaller.findings.map((f) => f.code)).toEqual(['LOG_REWRITTEN']);

      // Grown past the trusted size: the consistency proof is what fails now.
      await signedCommitment(api, t, 'otro');
      for (let i = 0; i < 4; i++) await reportProgress(api, t, 'otro', `q${i}`, `Avance ${i}.`);
      const long = await signCheckpoint(api, t);
      expect(long.treeSize).toBeGreaterThan(trusted.treeSize);
      const larger = await watchLog({ baseUrl: api.baseUrl, trustFile: history.trustFile });
      expect(larger).toMatchObject({
        verdict: 1,
        trusted: { treeSize: trusted.treeSize, root: trusted.root },
        served: { treeSize: long.treeSize, root: long.root },
      });
      expect(larger.findings).toEqual([
        expect.objectContaining({
          code: 'LOG_REWRITTEN',
          reason: 'the consistency proof does not verify',
        }),
      ]);
      expect(larger.findings[0].message.en).toContain(`${trusted.treeSize} / ${trusted.root}`);
      expect(larger.findings[0].message.en).toContain(`${long.treeSize} / ${long.root}`);
      expect(readFileSync(history.trustFile, 'utf8')).toBe(trustBefore);

      await api.stop();
      // The second history is self-consistent: on its own it checks out.
      const report2 = await verifyOn(api.dataDir);
      expect(report2.findings).toEqual([]);
      expect(report2).toMatchObject({ ok: true, verdict: 0, checkpointsChecked: 2 });
    } finally {
      await stopApi(api);
    }
  }, 300_000);
});
