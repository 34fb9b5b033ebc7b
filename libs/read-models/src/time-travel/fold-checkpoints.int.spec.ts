import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS } from '@hitos/domain';
import { UpcasterRegistry, type EventStore } from '@hitos/event-store';
import {
  COMMITMENT_ID,
  evidence,
  eventToAppend,
  signedHistory,
  useEventStore,
} from '@hitos/testing';
import { PUBLIC_READER } from '../reader';
import { commitmentDetailProjection } from '../commitment-detail/commitment-detail.projection';
import { FoldCache, foldOf } from './fold-cache';
import { FoldCheckpointFile, foldCheckpointsFile } from './fold-checkpoint-file';
import { FoldCheckpointing } from './fold-checkpointing';
import { StreamHistories, type KnowledgeCut } from './known-history';
import { commitmentAsOf } from './past-views';

const upcasters = new UpcasterRegistry(HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS);
const STREAM = `commitment-${COMMITMENT_ID}`;
const FOLD = foldOf(commitmentDetailProjection);
/** A checkpoint every 20 events: the commitment below has six, and a tail after them. */
const EVERY = 20;
const T0 = Date.parse('2026-11-24T15:00:00.000Z');
const minutes = (n: number) => new Date(T0 + n * 60_000);

/** The signed acta's events, then a report and its review per step, narrated `narrative`. */
function history(reports: number, narrative: string) {
  const events: { type: string; data: unknown }[] = [...signedHistory()];
  for (let k = 0; k < reports; k++) {
    const reportId = `r-${k}`;
    events.push({
      type: 'MilestoneProgressReported',
      data: {
        reportId,
        milestoneId: ['h1', 'h2', 'h3'][k % 3],
        percent: k % 100,
        narrative: `${narrative} ${k}`,
        evidence: [evidence({ url: `https://gobiernoabierto.ec/e/${k}.pdf` })],
        reportedOn: '2026-11-24',
      },
    });
    events.push({
      type: 'ProgressReportReviewed',
      data: {
        reportId,
        milestoneId: ['h1', 'h2', 'h3'][k % 3],
        verdict: 'endorsed',
        reviewedOn: '2026-11-24',
      },
    });
  }
  return events;
}

/** Appends the events one by one, the i-th recorded at `recordedAt(i)`; answers their positions. */
async function record(
  store: EventStore,
  stream: string,
  events: { type: string; data: unknown }[],
  recordedAt: (i: number) => Date,
): Promise<bigint[]> {
  const positions: bigint[] = [];
  for (const [i, { type, data }] of events.entries()) {
    const schemaVersion =
      HITOS_EVENT_SCHEMA_VERSIONS[type as keyof typeof HITOS_EVENT_SCHEMA_VERSIONS];
    const outcome = await store.appendToStream(
      stream,
      [eventToAppend(type, data, { schemaVersion, recordedAt: recordedAt(i).toISOString() })],
      'any',
    );
    positions.push(outcome.position!.commit);
  }
  return positions;
}

describe('a commitment as known at a cut, from fold checkpoints kept on disk', () => {
  const env = useEventStore();
  let dir: string;
  let positions: bigint[];
  let recordedAt: Date[];

  /**
   * Given 128 events of the commitment, recorded a minute apart, except the 38th (index 37),
   * written by a process whose clock ran 4.5 minutes ahead: it reads as recorded after the two
   * events that follow it. Before them, 48 events of another history of the same commitment
   * (another stream), whose checkpoints serve to forge a file.
   */
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hitos-fold-checkpoints-'));
    await record(env.store, 'commitment-twin', history(20, 'Forjado'), (i) => minutes(-100 + i));
    const events = history(60, 'Avance');
    recordedAt = events.map((_, i) => (i === 37 ? minutes(41.5) : minutes(i)));
    positions = await record(env.store, STREAM, events, (i) => recordedAt[i]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * The cuts worth asking: at each event by position; at every third one by moment, and at
   * and half a minute after the events around each checkpoint and the late one; before the commitment; a moment with a
   * position; now.
   */
  const cuts = (): KnowledgeCut[] => {
    const near = [18, 19, 20, 21, 36, 37, 38, 39, 40, 41, 59, 60, 61, 119, 120, 121, 127];
    return [
      { position: positions[0] - 1n },
      ...positions.map((position) => ({ position })),
      ...recordedAt
        .filter((_, i) => i % 3 === 0 || near.includes(i))
        .map((at) => ({ recordedBy: at })),
      ...near.map((i) => ({ recordedBy: new Date(recordedAt[i].getTime() + 30_000) })),
      { recordedBy: minutes(-1) },
      { recordedBy: minutes(39.5), position: positions[100] },
      {},
    ];
  };
  /** One cut in four, and each of the last: for the slower loops. */
  const someCuts = () => cuts().filter((_, i, all) => i % 4 === 0 || i >= all.length - 4);

  /** What the full fold answers: the whole stream read up to the cut, folded afresh. */
  const full = (cut: KnowledgeCut) =>
    commitmentAsOf(env.store, COMMITMENT_ID, { cut }, PUBLIC_READER, null, upcasters);

  const openFile = (name: string) =>
    FoldCheckpointFile.open(foldCheckpointsFile(join(dir, name)), [FOLD]);

  it('given checkpoints built in the background, when asked at every cut, then each answer is the full fold’s, position included', async () => {
    const file = openFile('background');
    const building = new FoldCheckpointing({ store: env.store, file, upcasters, every: EVERY });
    expect(building.due([[STREAM, 128]])).toEqual([{ stream: STREAM, from: 0, to: 120 }]);
    // Bounded: two per call.
    expect(await building.catchUp([[STREAM, 128]], 2)).toEqual({ built: 2, stillDue: 1 });
    expect(await building.catchUp([[STREAM, 128]], 10)).toEqual({ built: 4, stillDue: 0 });
    expect(file.marks(FOLD, STREAM).map((mark) => mark.count)).toEqual([120, 100, 80, 60, 40, 20]);
    // The 40-event checkpoint holds the event recorded late: it is known only from 41.5 minutes.
    expect(file.latest(FOLD, STREAM)!.recordedUntil).toBe(minutes(119).getTime());
    expect(file.marks(FOLD, STREAM)[4].recordedUntil).toBe(minutes(41.5).getTime());

    // As the API reads (streams kept, two models in memory) and as the CLI does (the store).
    const folds = new FoldCache(2, EVERY, file);
    const kept = new StreamHistories(env.store);
    for (const cut of cuts()) {
      expect(
        await commitmentAsOf(kept, COMMITMENT_ID, { cut }, PUBLIC_READER, null, upcasters, folds),
      ).toEqual(await full(cut));
    }
    for (const cut of someCuts()) {
      expect(
        await commitmentAsOf(
          env.store,
          COMMITMENT_ID,
          { cut },
          PUBLIC_READER,
          null,
          upcasters,
          folds,
        ),
      ).toEqual(await full(cut));
    }
    await folds.settled();
    folds.close();
    file.close();
  });

  it('given the event recorded late, when asked between its time and the next, then the checkpoint holding it is not used and the view stops before it', async () => {
    const file = openFile('background');
    const folds = new FoldCache(2, EVERY, file);
    const cut = { recordedBy: minutes(39.5) };
    // Within the cut: only the checkpoint at 20 (the one at 40 holds the event of 41.5 minutes).
    expect(folds.marksWithin(commitmentDetailProjection, STREAM, cut).map((m) => m.count)).toEqual([
      20,
    ]);
    const past = await commitmentAsOf(
      env.store,
      COMMITMENT_ID,
      { cut },
      PUBLIC_READER,
      null,
      upcasters,
      folds,
    );
    expect(past.scope).toEqual({ position: String(positions[36]), events: 37, notYetHappened: 0 });
    expect(past).toEqual(await full(cut));
    folds.close();
    file.close();
  });

  it('given a checkpoint on disk, when asked at the end, then only the events after it are read from the store', async () => {
    const file = openFile('background');
    const folds = new FoldCache(2, EVERY, file);
    const kept = new StreamHistories(env.store);
    const past = await commitmentAsOf(
      kept,
      COMMITMENT_ID,
      { cut: {} },
      PUBLIC_READER,
      null,
      upcasters,
      folds,
    );
    expect(past.scope.events).toBe(128);
    // The checkpoint's last event (checked against the mark) and the eight after it.
    expect(kept.eventsKept).toBe(9);
    folds.close();
    file.close();
  });

  it('given no checkpoint yet, when a request folds past one, then it and those before it are written to the file, and serve the next start', async () => {
    const file = openFile('from-requests');
    const first = new FoldCache(2, EVERY, file);
    const cut = { position: positions[70] };
    expect(
      await commitmentAsOf(
        env.store,
        COMMITMENT_ID,
        { cut },
        PUBLIC_READER,
        null,
        upcasters,
        first,
      ),
    ).toEqual(await full(cut));
    await first.settled();
    first.close();
    expect(file.marks(FOLD, STREAM).map((mark) => mark.count)).toEqual([60, 40, 20]);

    // A new process: nothing in memory; the file's checkpoint, then the tail, and one more kept.
    const next = new FoldCache(2, EVERY, file);
    const kept = new StreamHistories(env.store);
    const end = { position: positions[127] };
    expect(
      await commitmentAsOf(kept, COMMITMENT_ID, { cut: end }, PUBLIC_READER, null, upcasters, next),
    ).toEqual(await full(end));
    expect(kept.eventsKept).toBe(69);
    await next.settled();
    next.close();
    expect(file.marks(FOLD, STREAM).map((mark) => mark.count)).toEqual([120, 100, 80, 60, 40, 20]);
    file.close();
  });

  it('given a file whose checkpoints are of another history of the stream, when asked, then they are never served, and are dropped', async () => {
    const file = openFile('forged');
    // The twin stream's checkpoints, filed under this commitment's stream: what a file kept
    // from another store would hold. One keeps the twin's ids, one borrows this stream's ids
    // at its own places (a store written again with the same event ids, at other positions).
    await new FoldCheckpointing({ store: env.store, file, upcasters, every: EVERY }).catchUp(
      [['commitment-twin', 48]],
      10,
    );
    const real = await realMarks();
    const raw = new Database(foldCheckpointsFile(join(dir, 'forged')));
    raw.prepare(`UPDATE fold_checkpoint SET stream = ? WHERE count = 40`).run(STREAM);
    raw
      .prepare(
        `UPDATE fold_checkpoint SET stream = ?, first_id = ?, last_id = ?, last_revision = ?
          WHERE count = 20`,
      )
      .run(STREAM, real[20].firstId, real[20].lastId, real[20].lastRevision.toString());
    raw.close();
    expect(file.marks(FOLD, STREAM).map((mark) => mark.count)).toEqual([40, 20]);

    const folds = new FoldCache(2, EVERY, file);
    for (const cut of someCuts()) {
      expect(
        await commitmentAsOf(
          env.store,
          COMMITMENT_ID,
          { cut },
          PUBLIC_READER,
          null,
          upcasters,
          folds,
        ),
      ).toEqual(await full(cut));
    }
    await folds.settled();
    folds.close();
    // Dropped; those of the stream's own history were written by the requests instead.
    expect(file.marks(FOLD, STREAM).every((mark) => mark.firstId === real[20].firstId)).toBe(true);
    for (const mark of file.marks(FOLD, STREAM)) {
      expect(mark).toEqual(real[mark.count]);
    }
    file.close();
  });

  it('given a file whose latest checkpoint is of another history, when the background catches up, then it starts the stream afresh', async () => {
    const file = openFile('forged-background');
    const building = new FoldCheckpointing({ store: env.store, file, upcasters, every: EVERY });
    await building.catchUp([['commitment-twin', 48]], 10);
    const raw = new Database(foldCheckpointsFile(join(dir, 'forged-background')));
    raw.prepare(`UPDATE fold_checkpoint SET stream = ?`).run(STREAM);
    raw.close();
    // The first call finds the latest is not the stream's and drops them all; the next builds.
    await building.catchUp([[STREAM, 128]], 10);
    await building.catchUp([[STREAM, 128]], 10);
    expect(file.marks(FOLD, STREAM)).toEqual(
      [120, 100, 80, 60, 40, 20].map((count) => expect.objectContaining({ count })),
    );
    const real = await realMarks();
    for (const mark of file.marks(FOLD, STREAM)) expect(mark).toEqual(real[mark.count]);
    file.close();
  });

  /** The marks of this stream's own checkpoints, built afresh in a file of their own. */
  async function realMarks() {
    const file = openFile(`real-${Math.random()}`);
    await new FoldCheckpointing({ store: env.store, file, upcasters, every: EVERY }).catchUp(
      [[STREAM, 128]],
      10,
    );
    const marks = Object.fromEntries(file.marks(FOLD, STREAM).map((mark) => [mark.count, mark]));
    file.close();
    return marks;
  }
});
