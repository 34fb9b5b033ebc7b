import { defineProjection, type RecordedInAll } from '@hitos/projections';
import { ProjectionSpecification } from './projection-specification';
import { FakeAll } from './read-model-fixtures';

type Tallied = { type: 'Tallied'; data: { amount: number } };

const tally = defineProjection<Tallied>({
  name: 'tally',
  version: 1,
  schema: `CREATE TABLE tally (stream_id TEXT PRIMARY KEY, total INTEGER NOT NULL);`,
  handlers: {
    Tallied: (context, event) =>
      context.run(
        `INSERT INTO tally (stream_id, total) VALUES (?, ?)
         ON CONFLICT (stream_id) DO UPDATE SET total = total + excluded.total`,
        [event.streamId, event.data.amount],
      ),
  },
});

/** A handler that (wrongly) reads the engine's per-batch bookkeeping. */
const batchDependent = defineProjection<Tallied>({
  name: 'batch-dependent',
  version: 1,
  schema: `CREATE TABLE seen (n INTEGER NOT NULL);`,
  handlers: {
    Tallied: (context) => context.run(`INSERT INTO seen (n) SELECT events FROM _projection`),
  },
});

const history = (...amounts: number[]): FakeAll => {
  const all = new FakeAll();
  for (const amount of amounts) all.record('tally-a', { type: 'Tallied', data: { amount } });
  return all;
};

describe('ProjectionSpecification', () => {
  const spec = ProjectionSpecification.for(tally);
  const wrong = ProjectionSpecification.for(batchDependent);

  it('given events, then the rows they make', () => {
    spec
      .given(history(1, 2, 3))
      .thenRows('SELECT * FROM tally', [{ stream_id: 'tally-a', total: 6 }]);
  });

  it('when more of the history comes, applies only what is after the checkpoint', () => {
    const all = history(1, 2);
    const model = spec.given(all);
    all.record('tally-a', { type: 'Tallied', data: { amount: 10 } });
    model.when(all).thenRows('SELECT total FROM tally', [{ total: 13 }]);
    expect(model.row('SELECT total FROM tally WHERE stream_id = ?', 'tally-a')).toEqual({
      total: 13,
    });
  });

  it('fails a model whose rows depend on how its events were batched', () => {
    const events: readonly RecordedInAll[] = history(1, 2, 3).events;
    expect(() => wrong.given(events)).toThrow(/toEqual/);
  });
});
