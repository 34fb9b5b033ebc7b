import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readModelPosition, type RecordedInAll } from '@hitos/projections';
import { COMMITMENT_ID, evidence, FakeAll, signedHistory } from '@hitos/testing';
import { commitmentDetailProjection } from '../commitment-detail/commitment-detail.projection';
import { getCommitmentDetail } from '../commitment-detail/commitment-detail.queries';
import { PUBLIC_READER } from '../reader';
import { commitmentDiffFromHistory } from './commitment-diff';
import { FoldCache, foldAndRead, foldOf } from './fold-cache';
import { FoldCheckpointFile, foldCheckpointsFile } from './fold-checkpoint-file';
import { recordedAtOf, type KnowledgeCut } from './known-history';

const STREAM = `commitment-${COMMITMENT_ID}`;

/** A signed commitment and `reports` progress reports on h1, each reviewed. */
function longHistory(reports: number, prefix = 'r'): RecordedInAll[] {
  const all = new FakeAll();
  for (const event of signedHistory()) all.record(STREAM, event);
  for (let k = 0; k < reports; k++) {
    const reportId = `${prefix}-${k}`;
    all.record(STREAM, {
      type: 'MilestoneProgressReported',
      data: {
        reportId,
        milestoneId: 'h1',
        percent: k % 100,
        narrative: 'Avance',
        evidence: [evidence({ url: `https://gobiernoabierto.ec/e/${k}.pdf` })],
        reportedOn: '2026-06-01',
      },
    });
    all.record(STREAM, {
      type: 'ProgressReportReviewed',
      data: { reportId, milestoneId: 'h1', verdict: 'endorsed', reviewedOn: '2026-06-02' },
    });
  }
  return all.events;
}

const fresh = (events: readonly RecordedInAll[]) =>
  foldAndRead(commitmentDetailProjection, events, undefined, (store) =>
    getCommitmentDetail(store.db, COMMITMENT_ID, PUBLIC_READER),
  );

describe('folds kept at checkpoints', () => {
  const history = longHistory(600);
  let folds: FoldCache;
  beforeEach(() => {
    folds = new FoldCache(3, 250);
  });
  afterEach(() => folds.close());

  const kept = (events: readonly RecordedInAll[]) =>
    folds.read(commitmentDetailProjection, STREAM, events, undefined, (store) => ({
      view: getCommitmentDetail(store.db, COMMITMENT_ID, PUBLIC_READER),
      position: readModelPosition(store.db),
    }));

  it('answer each cut exactly as a fresh fold does, in any order, and stay as they were', () => {
    for (const count of [1_200, 1_000, 1_207, 600, 10, 1_200, 260]) {
      const events = history.slice(0, count);
      const { view, position } = kept(events);
      expect(view).toEqual(fresh(events));
      expect(position).toBe(events[count - 1].at.commit);
    }
    // 1,200 and 1,207 share the checkpoint at 1,000; 600, 260 and 1,000 made their own; ten
    // events need none. At most three are kept.
    expect(folds.size).toBe(3);
  });

  it('never serve another history under the same key', () => {
    // FakeAll numbers ids by position; a stream's events never share ids with another history.
    const other = longHistory(600, 'x').map((e) => ({ ...e, id: e.id.replace(/^0/, 'f') }));
    expect(kept(history.slice(0, 900)).view).toEqual(fresh(history.slice(0, 900)));
    expect(kept(other.slice(0, 900)).view).toEqual(fresh(other.slice(0, 900)));
  });

  it('serve a diff as a fresh fold does', () => {
    const known = { events: history.slice(0, 1_100), position: null, bound: null };
    const from = { position: BigInt(history[1_000].at.commit) };
    expect(
      commitmentDiffFromHistory(COMMITMENT_ID, known, from, PUBLIC_READER, null, undefined, folds),
    ).toEqual(
      commitmentDiffFromHistory(COMMITMENT_ID, known, from, PUBLIC_READER, null, undefined),
    );
    expect(kept(history.slice(0, 1_001)).view).toEqual(fresh(history.slice(0, 1_001)));
  });
});

describe('folds kept at checkpoints in a file', () => {
  const history = longHistory(600);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'hitos-fold-cache-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const FOLD = foldOf(commitmentDetailProjection);
  const open = () => FoldCheckpointFile.open(foldCheckpointsFile(dir), [FOLD]);
  const keptBy = (folds: FoldCache, events: readonly RecordedInAll[]) =>
    folds.read(commitmentDetailProjection, STREAM, events, undefined, (store) =>
      getCommitmentDetail(store.db, COMMITMENT_ID, PUBLIC_READER),
    );

  it('given a fold that made checkpoints (each multiple of 250 on its way), when another process folds a longer cut, then it starts from the file’s latest and answers as a fresh fold', async () => {
    const file = open();
    const first = new FoldCache(3, 250, file);
    keptBy(first, history.slice(0, 700));
    await first.settled();
    first.close();
    expect(file.marks(FOLD, STREAM).map((mark) => mark.count)).toEqual([500, 250]);

    const next = new FoldCache(3, 250, file);
    const image = jest.spyOn(file, 'image');
    expect(keptBy(next, history.slice(0, 1_100))).toEqual(fresh(history.slice(0, 1_100)));
    expect(image).toHaveBeenCalledWith(expect.objectContaining({ count: 500 }));
    await next.settled();
    next.close();
    expect(file.marks(FOLD, STREAM).map((mark) => mark.count)).toEqual([1_000, 750, 500, 250]);
    file.close();
  });

  it('given a checkpoint in the file that the history does not begin with, then it is dropped, not used', async () => {
    const file = open();
    const other = longHistory(600, 'x').map((e) => ({ ...e, id: e.id.replace(/^0/, 'f') }));
    const forging = new FoldCache(3, 250, file);
    keptBy(forging, other.slice(0, 600));
    await forging.settled();
    forging.close();
    expect(file.marks(FOLD, STREAM).map((mark) => mark.count)).toEqual([500, 250]);

    const folds = new FoldCache(3, 250, file);
    expect(keptBy(folds, history.slice(0, 600))).toEqual(fresh(history.slice(0, 600)));
    await folds.settled();
    folds.close();
    const [mark] = file.marks(FOLD, STREAM);
    expect(mark.lastId).toBe(history[499].id);
    file.close();
  });

  it('given checkpoints in memory and in the file, then those within a cut are listed latest first, by position and by moment', async () => {
    const file = open();
    const folds = new FoldCache(1, 250, file);
    for (const count of [300, 600, 800]) keptBy(folds, history.slice(0, count));
    await folds.settled();
    // One model in memory (750), the file has 250, 500 and 750.
    expect(folds.size).toBe(1);
    const within = (cut: KnowledgeCut) =>
      folds.marksWithin(commitmentDetailProjection, STREAM, cut).map((mark) => mark.count);
    expect(within({})).toEqual([750, 500, 250]);
    expect(within({ position: BigInt(history[749].at.commit) })).toEqual([750, 500, 250]);
    expect(within({ position: BigInt(history[748].at.commit) })).toEqual([500, 250]);
    expect(within({ position: 0n })).toEqual([]);
    // FakeAll's times go round the same second: every checkpoint holds its latest.
    const latest = Math.max(...history.slice(0, 250).map((e) => Date.parse(recordedAtOf(e))));
    expect(within({ recordedBy: new Date(latest) })).toEqual([750, 500, 250]);
    expect(within({ recordedBy: new Date(latest - 1) })).toEqual([]);
    folds.close();
    file.close();
  });
});
