import { commitmentStateOf } from '@hitos/testing';
import { applyToStore } from '../apply';
import type { RecordedInAll } from '../events';
import { ProjectionStore } from '../projection-store';
import { commitmentHistory } from '../testing/commitment-history';
import {
  commitmentSummaryProjection,
  type CommitmentSummaryRow,
} from './commitment-summary.projection';

/** Interleaves the histories of `count` commitments as they would sit in `$all`. */
function interleaved(count: number): RecordedInAll[] {
  const histories = Array.from({ length: count }, (_, i) => commitmentHistory(i));
  const out: RecordedInAll[] = [];
  let position = 0;
  for (let step = 0; histories.some((h) => step < h.length); step++) {
    histories.forEach((history, i) => {
      if (step >= history.length) return;
      position += 137;
      out.push({
        id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
        type: history[step].type,
        streamId: `commitment-c${i}`,
        revision: BigInt(step),
        data: history[step].data,
        metadata: {
          schemaVersion: 1,
          recordedAt: `2026-01-01T00:00:${String(step).padStart(2, '0')}.000Z`,
        },
        created: new Date(0),
        at: { commit: String(position), prepare: String(position) },
      });
    });
  }
  return out;
}

describe('commitment-summary projection', () => {
  let store: ProjectionStore;
  beforeEach(() => {
    store = ProjectionStore.open(commitmentSummaryProjection, ':memory:');
  });
  afterEach(() => store.close());

  const row = (id: string) =>
    store.db
      .prepare('SELECT * FROM commitment_summary WHERE commitment_id = ?')
      .get(id) as CommitmentSummaryRow;

  it('summarises a drafted, then signed commitment', () => {
    const events = interleaved(1);
    applyToStore(store, events.slice(0, 1), undefined);
    expect(row('c0')).toMatchObject({
      commitment_id: 'c0',
      plan_id: 'ec-paea-2026-2027',
      number: 1,
      title: 'Compromiso 1',
      status: 'Draft',
      progress: 0,
      responsible_institution_id: 'mdt',
      counterpart_organization_id: 'fundacion-alianza-estrategica',
      revision: 0,
      position: '137',
      updated_at: '2026-01-01T00:00:00.000Z',
    });
    applyToStore(store, events.slice(1, 8), undefined);
    expect(row('c0')).toMatchObject({
      status: 'InImplementation',
      revision: 7,
      position: String(8 * 137),
    });
  });

  it('agrees with the domain fold on status and progress for every commitment', () => {
    const count = 30;
    const events = interleaved(count);
    // In uneven batches, as the runner would hand them over.
    for (let i = 0; i < events.length; i += 17) {
      expect(applyToStore(store, events.slice(i, i + 17), undefined)).toBeNull();
    }
    const statuses = new Set<string>();
    for (let i = 0; i < count; i++) {
      const history = commitmentHistory(i);
      const state = commitmentStateOf(history) as { status: string; progress: number };
      const summary = row(`c${i}`);
      statuses.add(summary.status);
      expect({ id: i, status: summary.status, progress: summary.progress }).toEqual({
        id: i,
        status: state.status,
        progress: state.progress,
      });
      expect(summary.revision).toBe(history.length - 1);
    }
    expect([...statuses].sort()).toEqual(['Closed', 'InImplementation', 'Withdrawn']);
  });

  it('ignores a commitment event type on a stream of another category', () => {
    const [drafted] = interleaved(1);
    applyToStore(store, [{ ...drafted, streamId: 'plan-x' }], undefined);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM commitment_summary').get()).toEqual({
      n: 0,
    });
  });
});
