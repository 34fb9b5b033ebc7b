import { readModelPosition, type RecordedInAll } from '@hitos/projections';
import { COMMITMENT_ID, evidence, FakeAll, signedHistory } from '@hitos/testing';
import { commitmentDetailProjection } from '../commitment-detail/commitment-detail.projection';
import { getCommitmentDetail } from '../commitment-detail/commitment-detail.queries';
import { PUBLIC_READER } from '../reader';
import { commitmentDiffFromHistory } from './commitment-diff';
import { FoldCache, foldAndRead } from './fold-cache';

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
    folds.read(commitmentDetailProjection, COMMITMENT_ID, events, undefined, (store) => ({
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
