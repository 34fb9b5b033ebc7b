import { integrityHash, type RecordedEvent } from '@hitos/event-store';
import { HITOS_STREAM_PREFIXES } from '@hitos/read-models';
import { generateSignerKey, parseSignerKey, parseVerifierKey } from './note-key';
import { cosignNote, openNote } from './signed-note';
import { HistoryBuilder } from './testing/memory-history';
import { CHECKPOINT_STREAM } from './transparency-log.projection';
import type { Finding } from './verify-findings';
import {
  HITOS_CHAINED_PREFIXES,
  storedHashCount,
  verifyHistory,
  verifyHistoryUpdates,
  type VerifyHistoryOptions,
} from './verify-history';
import { treeOf } from './tree-store';

/** Findings reduced to what a spec compares: code and where. */
const brief = (findings: Finding[]) =>
  findings.map((f) => ({
    code: f.code,
    ...(f.stream !== undefined ? { stream: f.stream } : {}),
    ...(f.revision !== undefined ? { revision: f.revision } : {}),
    ...(f.leafIndex !== undefined ? { leafIndex: f.leafIndex } : {}),
    ...(f.treeSize !== undefined ? { treeSize: f.treeSize } : {}),
  }));

/** Twelve hitos events, a checkpoint, eight more, a second checkpoint, two more. */
function history() {
  const h = new HistoryBuilder();
  h.commitments(12);
  const first = h.checkpoint();
  h.commitments(8);
  const second = h.checkpoint();
  h.hitos('commitment-c0', 'ProgressReported', { n: 99 });
  h.hitos('plan-p1', 'ActionPlanRegistered', { code: 'EC-2026' });
  return { h, first, second };
}

async function verify(h: HistoryBuilder, options: Partial<VerifyHistoryOptions> = {}) {
  return verifyHistory({ store: h.store, verifierKey: h.verifierKey, ...options });
}

/** Runs with and without the log's database, built from the history before `tamper`. */
async function verifyBoth(h: HistoryBuilder, tamper: (events: RecordedEvent[]) => void) {
  const log = h.logDatabase();
  tamper(h.events);
  const withLog = await verify(h, { db: log.db });
  const alone = await verify(h);
  log.close();
  return { withLog, alone };
}

const leafOf = (h: HistoryBuilder, event: RecordedEvent) =>
  h.events
    .filter((e) => !e.streamId.startsWith('$') && e.streamId !== CHECKPOINT_STREAM)
    .indexOf(event);

describe('verifyHistory', () => {
  it('given a clean history, then it is ok with and without the log’s database', async () => {
    const { h, second } = history();
    const log = h.logDatabase();
    const withLog = await verify(h, { db: log.db });
    expect(withLog.findings).toEqual([]);
    expect(withLog).toMatchObject({
      ok: true,
      verdict: 0,
      completed: true,
      eventsRead: 24,
      leaves: 22,
      checkpointsChecked: 2,
      logLeavesCompared: 22,
      tree: { size: 22, root: treeOf(log.db).root().toString('base64') },
    });
    const alone = await verify(h);
    expect(alone).toMatchObject({ ok: true, verdict: 0, checkpointsChecked: 2, leaves: 22 });
    expect(second.size).toBe(20);
    log.close();
  });

  it('given an event whose data changed, then its hash, its leaf and the checkpoints after it say so', async () => {
    const { h } = history();
    const target = h.events[5];
    const { withLog, alone } = await verifyBoth(h, () => {
      target.data = { ...(target.data as object), percent: 101 };
    });
    const at = { stream: 'commitment-c2', revision: '1' };
    expect(brief(withLog.findings)).toEqual([
      { code: 'INTEGRITY_HASH_MISMATCH', ...at },
      { code: 'LEAF_HASH_MISMATCH', ...at, leafIndex: 5 },
      { code: 'ROOT_MISMATCH', treeSize: 12 },
      { code: 'ROOT_MISMATCH', treeSize: 20 },
      { code: 'LOG_TREE_MISMATCH', treeSize: 22 },
    ]);
    expect(withLog.findings[0]).toMatchObject({ kind: 'bytes-changed', eventId: target.id });
    expect(withLog.findings[2]).toMatchObject({ kind: 'tree-mismatch', first: '0', last: '11' });
    expect(withLog.verdict).toBe(1);
    expect(brief(alone.findings)).toEqual([
      { code: 'INTEGRITY_HASH_MISMATCH', ...at },
      { code: 'ROOT_MISMATCH', treeSize: 12 },
      { code: 'ROOT_MISMATCH', treeSize: 20 },
    ]);
  });

  it('given a change after the first checkpoint, then the mismatch is placed between the two', async () => {
    const { h } = history();
    const target = h.events[15]; // leaf 14
    target.metadata = { ...(target.metadata as object), actor: { id: 'someone-else', role: 'x' } };
    const report = await verify(h);
    expect(brief(report.findings)).toEqual([
      { code: 'INTEGRITY_HASH_MISMATCH', stream: 'commitment-c2', revision: '4' },
      { code: 'ROOT_MISMATCH', treeSize: 20 },
    ]);
    expect(report.findings[1]).toMatchObject({ first: '12', last: '19' });
  });

  it('given a missing event, then the gap, the leaf the log counted and the checkpoints say so', async () => {
    const { h } = history();
    const target = h.events[4]; // commitment-c1 revision 1, leaf 4
    const { withLog, alone } = await verifyBoth(h, (events) => {
      events.splice(4, 1);
    });
    expect(brief(withLog.findings)).toEqual([
      { code: 'LEAF_MISSING', stream: 'commitment-c1', revision: '1', leafIndex: 4 },
      { code: 'REVISION_GAP', stream: 'commitment-c1', revision: '2' },
      { code: 'ROOT_MISMATCH', treeSize: 12 },
      { code: 'ROOT_MISMATCH', treeSize: 20 },
    ]);
    expect(withLog.findings[0]).toMatchObject({ kind: 'missing', eventId: target.id });
    expect(withLog.findings[1]).toMatchObject({ first: '1', last: '1' });
    expect(brief(alone.findings)).toEqual([
      { code: 'REVISION_GAP', stream: 'commitment-c1', revision: '2' },
      { code: 'ROOT_MISMATCH', treeSize: 12 },
      { code: 'ROOT_MISMATCH', treeSize: 20 },
    ]);
  });

  it('given the history cut short, then the checkpoints and the log count what is gone', async () => {
    const { h } = history();
    const { withLog, alone } = await verifyBoth(h, (events) => {
      events.splice(17); // leaves 17.. and the second checkpoint
    });
    expect(brief(withLog.findings)).toEqual([
      ...[16, 17, 18, 19, 20, 21].map((leafIndex) =>
        expect.objectContaining({ code: 'LEAF_MISSING', leafIndex }),
      ),
      { code: 'LOG_TRUNCATED', treeSize: 20 },
    ]);
    expect(withLog.findings.at(-1)).toMatchObject({ leaves: 16, source: 'log-database' });
    // Without the log, the store's own checkpoints are all it has: the first one still holds.
    expect(alone.findings).toEqual([]);
  });

  it('given events out of order in a stream, then it says so', async () => {
    const { h } = history();
    const [a, b] = [h.events[3], h.events[6]]; // commitment-c0 revisions 1 and 2
    [a.position, b.position] = [b.position, a.position];
    [h.events[3], h.events[6]] = [b, a];
    const report = await verify(h);
    expect(brief(report.findings).slice(0, 2)).toEqual([
      { code: 'REVISION_GAP', stream: 'commitment-c0', revision: '2' },
      { code: 'REVISION_OUT_OF_ORDER', stream: 'commitment-c0', revision: '1' },
    ]);
    expect(report.findings[1].kind).toBe('out-of-order');
  });

  it('given an event written around hitos, then it lacks the link, and the log never had it', async () => {
    const { h } = history();
    const log = h.logDatabase();
    const around = h.raw('commitment-c0', 'ProgressReported', { percent: 100 }, { actor: 'me' });
    // …and one slipped in among the leaves the log counted, with a link of its own making.
    const data = { percent: 50 };
    const inserted = {
      ...around,
      id: h.nextId(),
      streamId: 'commitment-c9',
      revision: 0n,
      data,
      metadata: {
        integrity: {
          previousHash: 'f'.repeat(64),
          hash: integrityHash({
            streamName: 'commitment-c9',
            revision: 0n,
            type: around.type,
            data,
            metadata: {},
            previousHash: 'f'.repeat(64),
          }),
        },
      },
      position: { commit: 250n, prepare: 250n },
    };
    h.events.splice(2, 0, inserted);
    const report = await verify(h, { db: log.db });
    log.close();
    expect(brief(report.findings)).toEqual([
      { code: 'CHAIN_BROKEN', stream: 'commitment-c9', revision: '0' },
      { code: 'NOT_IN_LOG', stream: 'commitment-c9', revision: '0' },
      { code: 'ROOT_MISMATCH', treeSize: 12 },
      { code: 'ROOT_MISMATCH', treeSize: 20 },
      { code: 'LOG_TREE_MISMATCH', treeSize: 22 },
      { code: 'NO_INTEGRITY', stream: 'commitment-c0', revision: '8' },
    ]);
    expect(report.findings.map((f) => f.kind)).toContain('written-around');
  });

  it('given a hitos event that is not JSON, then it was written around hitos, and the chain goes on past it', async () => {
    const h = new HistoryBuilder();
    h.commitments(3);
    h.raw('commitment-c1', 'Blob', new Uint8Array([1, 2, 3]), undefined, { isJson: false });
    h.hitos('commitment-c1', 'ProgressReported', { n: 1 });
    expect(brief((await verify(h)).findings)).toEqual([
      { code: 'NO_INTEGRITY', stream: 'commitment-c1', revision: '1' },
    ]);
  });

  it('given streams deleted, tombstoned, truncated or expiring, then each is named', async () => {
    const { h } = history();
    h.raw('$$commitment-c1', '$metadata', JSON.parse('{"$tb":9223372036854775807}'));
    h.raw('$$commitment-c2', '$metadata', { $tb: 3 });
    h.raw('$$commitment-c0', '$metadata', { $maxCount: 2 });
    h.raw('commitment-c0', '$streamDeleted', new Uint8Array(0), undefined, {
      isJson: false,
      revision: 9223372036854775807n,
    });
    const report = await verify(h);
    expect(brief(report.findings)).toEqual([
      { code: 'STREAM_SOFT_DELETED', stream: 'commitment-c1' },
      { code: 'STREAM_TRUNCATED', stream: 'commitment-c2' },
      { code: 'STREAM_EXPIRING', stream: 'commitment-c0' },
      { code: 'STREAM_TOMBSTONED', stream: 'commitment-c0' },
    ]);
    expect(report.findings.every((f) => f.kind === 'stream-deleted')).toBe(true);
    expect(report.findings[1]).toMatchObject({ first: '3' });
    // The tombstone is a leaf like any event of the stream.
    expect(report.leaves).toBe(23);
  });

  it('given a checkpoint with a flipped signature byte, then it does not verify', async () => {
    const { h } = history();
    const event = h.events.find((e) => e.type === 'CheckpointSigned')!;
    const data = event.data as { note: string };
    const line = data.note.slice(data.note.lastIndexOf(' ') + 1, -1);
    const bytes = Buffer.from(line, 'base64');
    bytes[20] ^= 1;
    event.data = { ...data, note: data.note.replace(line, bytes.toString('base64')) };
    const report = await verify(h);
    expect(brief(report.findings)).toEqual([
      { code: 'SIGNATURE_INVALID', stream: CHECKPOINT_STREAM, revision: '0', treeSize: 12 },
    ]);
    expect(report.findings[0]).toMatchObject({
      kind: 'bad-signature',
      source: 'store',
      eventId: event.id,
      stream: CHECKPOINT_STREAM,
    });
    expect(report.checkpointsChecked).toBe(1);
  });

  it('given witnesses’ co-signatures, then good ones pass and a forged or misplaced one is named', async () => {
    const { h, first, second } = history();
    const witness = parseSignerKey(generateSignerKey('witness.example/w1').signerKey);
    const cosign = (checkpoint: { size: number; note: string }, signer = witness) => {
      const cosigned = cosignNote(checkpoint.note, signer, [parseVerifierKey(h.verifierKey)]);
      const signature = openNote(cosigned, [parseVerifierKey(signer.verifierKey)]).verified[0];
      return {
        treeSize: checkpoint.size,
        witness: signer.name,
        verifierKey: signer.verifierKey,
        signatureLine: `— ${signature.name} ${signature.signature}\n`,
        cosignedAt: '2026-12-02T10:00:00.000Z',
      };
    };
    h.raw(CHECKPOINT_STREAM, 'CheckpointCosigned', cosign(first));
    h.raw(CHECKPOINT_STREAM, 'CheckpointCosigned', cosign(second));
    expect((await verify(h)).findings).toEqual([]);

    // The first's line recorded for the second checkpoint; a line signed by another key.
    h.raw(CHECKPOINT_STREAM, 'CheckpointCosigned', { ...cosign(first), treeSize: second.size });
    const impostor = parseSignerKey(
      generateSignerKey('witness.example/w1', Buffer.alloc(32, 9)).signerKey,
    );
    h.raw(CHECKPOINT_STREAM, 'CheckpointCosigned', {
      ...cosign(first, impostor),
      verifierKey: witness.verifierKey,
    });
    h.raw(CHECKPOINT_STREAM, 'CheckpointCosigned', { ...cosign(first), treeSize: 999 });
    const report = await verify(h);
    expect(brief(report.findings)).toEqual([
      {
        code: 'COSIGNATURE_INVALID',
        stream: CHECKPOINT_STREAM,
        revision: '4',
        treeSize: second.size,
      },
      {
        code: 'COSIGNATURE_INVALID',
        stream: CHECKPOINT_STREAM,
        revision: '5',
        treeSize: first.size,
      },
      { code: 'COSIGNATURE_INVALID', stream: CHECKPOINT_STREAM, revision: '6', treeSize: 999 },
    ]);
    expect(report.findings[0]).toMatchObject({
      kind: 'bad-signature',
      witness: 'witness.example/w1',
    });
    expect(report.findings[2].message.en).toMatch(/no checkpoint of that size/);
    expect(report.verdict).toBe(1);
  });

  it('given a checkpoint signed by another key, or two trees of one size, then it says so', async () => {
    const { h, first } = history();
    const impostor = parseSignerKey(generateSignerKey(h.origin, Buffer.alloc(32, 7)).signerKey);
    const forged = h.checkpoint([impostor]);
    const signedByOther = { stream: CHECKPOINT_STREAM, revision: '2', treeSize: forged.size };
    expect(brief((await verify(h)).findings)).toEqual([
      { code: 'SIGNATURE_INVALID', ...signedByOther },
    ]);

    // The log's own key signing another tree of the first size: a fork.
    const other = new HistoryBuilder();
    other.commitments(11);
    other.hitos('institution-x', 'InstitutionRegistered', { name: 'Otra' });
    const fork = other.checkpoint();
    expect(fork.size).toBe(first.size);
    const report = await verify(h, { trustedCheckpoints: [fork.note] });
    expect(brief(report.findings)).toEqual([
      { code: 'CHECKPOINT_CONFLICT', stream: CHECKPOINT_STREAM, revision: '0', treeSize: 12 },
      { code: 'SIGNATURE_INVALID', ...signedByOther },
      { code: 'ROOT_MISMATCH', treeSize: 12 },
    ]);
  });

  it('given an interior hash of the log’s tree changed, then the log’s tree no longer matches', async () => {
    const { h } = history();
    const log = h.logDatabase();
    // The complete subtree of leaves 0–7 (stored once, when leaf 7 arrived): in the root of 12.
    log.db.prepare('UPDATE tlog_hash SET hash = ? WHERE id = ?').run(Buffer.alloc(32, 1), 14);
    const report = await verify(h, { db: log.db });
    log.close();
    expect(brief(report.findings)).toEqual([{ code: 'LOG_TREE_MISMATCH', treeSize: 12 }]);
    expect(report.findings[0]).toMatchObject({ source: 'log-database', kind: 'tree-mismatch' });
  });

  it('given the checkpoint stream unreadable, then its checkpoints are checked as $all brings them', async () => {
    const { h } = history();
    h.store.unreadable.add(CHECKPOINT_STREAM);
    expect(await verify(h)).toMatchObject({ ok: true, checkpointsChecked: 2, findings: [] });
    h.events[1].data = { changed: true };
    expect(brief((await verify(h)).findings)).toEqual([
      { code: 'INTEGRITY_HASH_MISMATCH', stream: 'commitment-c1', revision: '0' },
      { code: 'ROOT_MISMATCH', treeSize: 12 },
      { code: 'ROOT_MISMATCH', treeSize: 20 },
    ]);
  });

  it('given a checkpoint signed late, then it is recomputed from the recent leaves', async () => {
    const h = new HistoryBuilder();
    h.commitments(10);
    const log = h.logDatabase();
    const size = treeOf(log.db).size();
    log.close();
    h.commitments(5); // written before the checkpoint of 10 landed
    const { note } = h.checkpoint();
    // The event of an older tree head, as a slow signer would append it.
    const event = h.events.at(-1)!;
    const older = new HistoryBuilder();
    for (const e of h.events.slice(0, 10)) older.events.push(e);
    const olderNote = older.checkpoint().note;
    event.data = { ...(event.data as object), treeSize: size, note: olderNote, root: undefined };
    h.store.unreadable.add(CHECKPOINT_STREAM);
    const report = await verify(h, { lateCheckpointWindow: 4 });
    expect(brief(report.findings)).toEqual([
      {
        code: 'CHECKPOINT_FIELDS_MISMATCH',
        stream: CHECKPOINT_STREAM,
        revision: '0',
        treeSize: 10,
      },
    ]);
    expect(report.checkpointsChecked).toBe(1);
    expect(note).not.toBe(olderNote);
    // Past the window of recent leaves, it says it could not recompute it.
    const late = await verify(h, { lateCheckpointWindow: 2 });
    expect(late).toMatchObject({ verdict: 1, checkpointsChecked: 0 });
    expect(brief(late.findings)).toContainEqual({
      code: 'CHECKPOINT_NOT_RECOMPUTED',
      stream: CHECKPOINT_STREAM,
      revision: '0',
      treeSize: 10,
    });
  });

  it('recomputes late checkpoints exactly, across windows of recent leaves', async () => {
    const h = new HistoryBuilder();
    const notes: { size: number; note: string }[] = [];
    for (let i = 0; i < 60; i++) {
      h.commitments(1, 1);
      if (i % 7 === 3) notes.push(h.checkpoint());
      // Appended some leaves late: each checkpoint event lands after more events.
      if (i % 7 === 6 && notes.length > 0) {
        const { note, size } = notes.shift()!;
        h.raw(CHECKPOINT_STREAM, 'CheckpointSigned', { treeSize: size, note, root: undefined });
      }
    }
    // The checkpoints as signed in place are dropped: only the late copies remain.
    h.events.splice(
      0,
      h.events.length,
      ...h.events.filter((e) => e.type !== 'CheckpointSigned' || !(e.data as any).origin),
    );
    h.store.unreadable.add(CHECKPOINT_STREAM);
    for (const window of [1, 2, 3, 5, 8, 64]) {
      const report = await verify(h, { lateCheckpointWindow: window });
      const codes = new Set(report.findings.map((f) => f.code));
      codes.delete('CHECKPOINT_FIELDS_MISMATCH'); // the late copies say no root
      codes.delete('CHECKPOINT_NOT_RECOMPUTED');
      codes.delete('REVISION_GAP'); // the dropped events of the checkpoint stream
      expect([window, [...codes]]).toEqual([window, []]);
      const notRecomputed = report.findings.filter((f) => f.code === 'CHECKPOINT_NOT_RECOMPUTED');
      expect(report.checkpointsChecked + notRecomputed.length).toBe(8);
      if (window === 2) expect(notRecomputed.length).toBe(4); // half of them too late
      if (window >= 3) expect(report.checkpointsChecked).toBe(8);
    }
  });

  it('given a store it cannot read, or a bad key, then it could not run', async () => {
    const { h } = history();
    h.store.failure = new Error('UNAVAILABLE: connection refused');
    const down = await verify(h);
    expect(down).toMatchObject({ ok: false, verdict: 2, completed: false, findings: [] });
    expect(down.error?.en).toContain('connection refused');
    const badKey = await verify(h, { verifierKey: 'not a key' });
    expect(badKey).toMatchObject({ verdict: 2, completed: false });
  });

  it('streams findings and progress to callbacks and as an async iterator, then the report', async () => {
    const { h } = history();
    h.events[1].data = { changed: true };
    const progress: number[] = [];
    const seen: string[] = [];
    const report = await verify(h, {
      progressEvery: 10,
      onProgress: (p) => progress.push(p.eventsRead),
      onFinding: (f) => seen.push(f.code),
    });
    expect(progress).toEqual([10, 20, 24]);
    expect(seen).toEqual(report.findings.map((f) => f.code));

    const updates: string[] = [];
    for await (const update of verifyHistoryUpdates({
      store: h.store,
      verifierKey: h.verifierKey,
      progressEvery: 100,
    })) {
      updates.push(update.type === 'finding' ? update.finding.code : update.type);
    }
    expect(updates).toEqual([
      'INTEGRITY_HASH_MISMATCH',
      'ROOT_MISMATCH',
      'ROOT_MISMATCH',
      'progress',
      'report',
    ]);
  });

  it('keeps at most maxFindings findings and counts the rest', async () => {
    const h = new HistoryBuilder();
    for (let i = 0; i < 30; i++) h.raw('commitment-x', 'Raw', { i });
    const report = await verify(h, { maxFindings: 5 });
    expect(report.findings).toHaveLength(5);
    expect(report.findingsOmitted).toBe(25);
    expect(report.verdict).toBe(1);
  });

  it('knows the same hitos streams as the read models, and where the tree store keeps leaves', () => {
    expect(HITOS_CHAINED_PREFIXES).toEqual(HITOS_STREAM_PREFIXES);
    const h = new HistoryBuilder();
    h.commitments(37);
    const log = h.logDatabase();
    const tree = treeOf(log.db);
    const row = log.db.prepare<[number], Buffer>('SELECT hash FROM tlog_hash WHERE id = ?').pluck();
    for (let i = 0; i < 37; i++) expect(row.get(storedHashCount(i))).toEqual(tree.leafHash(i));
    log.close();
  });

  it('names the leaf of the event it flags', async () => {
    const { h } = history();
    const target = h.events[16];
    const log = h.logDatabase();
    target.type = 'Renamed';
    const report = await verify(h, { db: log.db });
    log.close();
    expect(report.findings.find((f) => f.code === 'LEAF_HASH_MISMATCH')?.leafIndex).toBe(
      leafOf(h, target),
    );
  });

  it('finds the same, in the same order, when worker threads hash a long history', async () => {
    const h = new HistoryBuilder();
    h.commitments(3000);
    h.checkpoint();
    h.commitments(3000);
    const log = h.logDatabase();
    // Past the events checked before the workers start: content, a link, an order, a leaf.
    const leaves = h.events.filter((e) => e.streamId.startsWith('commitment-'));
    leaves[4500].data = { ...(leaves[4500].data as object), percent: 101 };
    leaves[5000].metadata = { ...(leaves[5000].metadata as object), actor: { id: 'x' } };
    leaves[5200].type = 'Renamed';
    h.raw('commitment-x', 'Raw', { i: 1 });
    const onThisThread = await verify(h, { db: log.db, hashThreads: 0 });
    const onWorkers = await verify(h, { db: log.db, hashThreads: 1 });
    log.close();
    expect(onThisThread.findings.length).toBeGreaterThanOrEqual(4);
    expect(onWorkers.findings).toEqual(onThisThread.findings);
    expect(onWorkers.tree).toEqual(onThisThread.tree);
    expect({ ...onWorkers, elapsedMs: 0 }).toEqual({ ...onThisThread, elapsedMs: 0 });
  });
});
