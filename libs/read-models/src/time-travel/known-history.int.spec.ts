import { randomUUID } from 'node:crypto';
import { HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS } from '@hitos/domain';
import { UpcasterRegistry, type EventStore } from '@hitos/event-store';
import { eventToAppend, readyToSignHistory, useEventStore } from '@hitos/testing';
import { PUBLIC_READER } from '../reader';
import { StreamHistories, knownHistory, mergeKnown } from './known-history';
import { commitmentAsOf } from './past-views';

const upcasters = new UpcasterRegistry(HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS);

/** Appends one event to `stream`, recorded at `recordedAt`; answers its `$all` position. */
async function record(
  store: EventStore,
  stream: string,
  recordedAt: string,
  type = 'Noted',
  data: unknown = {},
  schemaVersion = 1,
): Promise<bigint> {
  const outcome = await store.appendToStream(
    stream,
    [eventToAppend(type, data, { schemaVersion, recordedAt })],
    'any',
  );
  return outcome.position!.commit;
}

describe('the history hitos knew, read stream by stream through the port', () => {
  const env = useEventStore();
  const a = `commitment-a-${randomUUID()}`;
  const b = `commitment-b-${randomUUID()}`;
  const positions: bigint[] = [];

  beforeAll(async () => {
    positions.push(await record(env.store, a, '2026-11-24T15:00:00.000Z'));
    positions.push(await record(env.store, b, '2026-11-24T15:00:00.500Z'));
    // Written after b's, by a process whose clock is a little behind.
    positions.push(await record(env.store, a, '2026-11-24T15:00:00.400Z'));
    positions.push(await record(env.store, b, '2026-11-25T15:00:00.000Z'));
  });

  const commits = (history: { events: { at: { commit: string } }[] }) =>
    history.events.map((e) => BigInt(e.at.commit));

  it('merges the streams in $all order, a stream that does not exist reading empty', async () => {
    const history = await knownHistory(env.store, [b, a, `commitment-${randomUUID()}`], {});
    expect(commits(history)).toEqual(positions);
    expect(history.position).toBe(String(positions[3]));
    expect(history.events.map((e) => e.streamId)).toEqual([a, b, a, b]);
  });

  it('stops at a position', async () => {
    const history = await knownHistory(env.store, [a, b], { position: positions[2] });
    expect(commits(history)).toEqual(positions.slice(0, 3));
  });

  it('stops before the first event recorded after a moment, in any stream: a prefix of the history', async () => {
    const history = await knownHistory(env.store, [a, b], {
      recordedBy: new Date('2026-11-24T15:00:00.450Z'),
    });
    // a's second event was recorded "at" 400 ms, but after b's at 500 ms: it is left out too.
    expect(commits(history)).toEqual([positions[0]]);
    expect(history.bound).toBe(positions[1]);
    const apart = mergeKnown(
      await knownHistory(env.store, [a], { recordedBy: new Date('2026-11-24T15:00:00.450Z') }),
      await knownHistory(env.store, [b], { recordedBy: new Date('2026-11-24T15:00:00.450Z') }),
    );
    expect(commits(apart)).toEqual([positions[0]]);
  });

  it('keeps streams read before and reads only what was appended since; the answers do not change', async () => {
    const kept = new StreamHistories(env.store, 5);
    const c = `commitment-c-${randomUUID()}`;
    const first = await record(env.store, c, '2026-11-24T15:00:00.000Z');
    expect(commits(await knownHistory(kept, [c, a], {}))).toEqual([
      positions[0],
      positions[2],
      first,
    ]);
    expect(kept.eventsKept).toBe(3);
    const second = await record(env.store, c, '2026-11-24T16:00:00.000Z');
    expect(commits(await knownHistory(kept, [c], {}))).toEqual([first, second]);
    expect(commits(await knownHistory(kept, [c], { position: first }))).toEqual([first]);
    expect(
      commits(
        await knownHistory(kept, [a, b, c], { recordedBy: new Date('2026-11-24T15:00:00.450Z') }),
      ),
    ).toEqual(
      commits(
        await knownHistory(env.store, [a, b, c], {
          recordedBy: new Date('2026-11-24T15:00:00.450Z'),
        }),
      ),
    );
    // Past five events in all, the least recently read stream is dropped.
    expect(kept.eventsKept).toBeLessThanOrEqual(5);
  });

  it('folds a commitment with events stored at an older schema version, upcast as the runner does', async () => {
    const id = `c-${randomUUID()}`;
    const stream = `commitment-${id}`;
    for (const event of readyToSignHistory()) {
      await record(
        env.store,
        stream,
        '2026-11-24T15:00:00.000Z',
        event.type,
        event.data,
        HITOS_EVENT_SCHEMA_VERSIONS[event.type],
      );
    }
    await record(
      env.store,
      stream,
      '2026-11-24T16:00:00.000Z',
      'MilestoneProgressReported',
      {
        reportId: 'r1',
        milestoneId: 'h1',
        percent: 10,
        narrative: 'Inicio',
        evidenceUrls: ['https://gobiernoabierto.ec/evidencias/inicio.pdf'],
        reportedOn: '2026-11-24',
      },
      1,
    );
    const { view, scope } = await commitmentAsOf(
      env.store,
      id,
      { cut: {} },
      PUBLIC_READER,
      null,
      upcasters,
    );
    expect(view?.milestones[0].reports[0].evidence).toEqual([
      {
        title: 'https://gobiernoabierto.ec/evidencias/inicio.pdf',
        url: 'https://gobiernoabierto.ec/evidencias/inicio.pdf',
        sha256: null,
        classification: 'public',
        withheld: false,
      },
    ]);
    expect(view?.milestones[0].reports[0]).toMatchObject({
      classification: 'public',
      withheld: false,
    });
    expect(scope.events).toBe(6);
    const before = await commitmentAsOf(
      env.store,
      id,
      { cut: { recordedBy: new Date('2026-11-24T15:30:00.000Z') } },
      PUBLIC_READER,
      null,
      upcasters,
    );
    expect(before.view?.milestones[0].reports).toEqual([]);
  });
});
