/**
 * Catch-up subscriptions (Read with count_option = subscription). EventStoreDB 24.10 subscribes
 * to live events first, confirms, catches up from the (exclusive) start point, sends caught_up
 * once it reaches the live point and then streams live events, de-duplicated by revision or
 * position (Enumerator.StreamSubscription / AllSubscription / AllSubscriptionFiltered). Filtered
 * $all subscriptions send a checkpoint every checkpointIntervalMultiplier x 32 events considered
 * during catch-up and always one at the end of catch-up; live, one every interval of committed
 * events.
 */
import { randomUUID } from 'node:crypto';
import {
  END,
  START,
  StreamDeletedError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
} from '@hitos/event-store/esdb-client';
import {
  SubscriptionRecorder,
  numberedEvents,
  positionOf,
  range,
  readAllEvents,
  readStreamEvents,
  sleep,
  streamName,
  useServer,
  waitFor,
} from './harness';

const env = useServer();

const recorders: SubscriptionRecorder<any>[] = [];
afterEach(async () => {
  await Promise.allSettled(recorders.splice(0).map((r) => r.stop()));
});

function subscribeStream(
  stream: string,
  options: Parameters<EventStoreDBClient['subscribeToStream']>[1] = {},
) {
  const recorder = new SubscriptionRecorder(env.client.subscribeToStream(stream, options));
  recorders.push(recorder);
  return recorder;
}

function subscribeAll(options: Parameters<EventStoreDBClient['subscribeToAll']>[0] = {}) {
  const recorder = new SubscriptionRecorder<AllStreamResolvedEvent>(
    env.client.subscribeToAll(options),
  );
  recorders.push(recorder);
  return recorder;
}

/** Appends done so far by all writers of a test. */
interface Progress {
  appended: number;
}

/** Appends `count` events, one per append, to the given streams in turn; returns their ids in append order. */
async function writer(
  client: EventStoreDBClient,
  streams: string[],
  count: number,
  label: string,
  progress: Progress,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    await client.appendToStream(
      streams[i % streams.length],
      jsonEvent({ id, type: label, data: { i } }),
    );
    ids.push(id);
    progress.appended++;
  }
  return ids;
}

/** Nothing more arrives for a while. */
async function settle(): Promise<void> {
  await sleep(250);
}

describe('subscribeToStream', () => {
  it('given five events, when subscribing from start, then confirmation, the five events, exactly one caughtUp, then live events follow', async () => {
    const stream = streamName('sub-stream-start');
    await env.client.appendToStream(stream, numberedEvents(5));

    const recorder = subscribeStream(stream, { fromRevision: START });
    await recorder.waitForSignal('caughtUp');
    await recorder.waitForEvents(5);
    await env.client.appendToStream(stream, numberedEvents(3, 'numbered', 5));
    await recorder.waitForEvents(8);
    await settle();

    expect(recorder.signals.map((s) => s.kind)).toEqual(['confirmation', 'caughtUp']);
    expect(recorder.events.map((e) => e.event!.revision)).toEqual(range(0, 8));
    expect(recorder.events.map((e) => (e.event!.data as { n: number }).n)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7,
    ]);
    expect(recorder.errors).toEqual([]);
  });

  it('given five events, when subscribing from revision 2, then the subscription starts after revision 2', async () => {
    const stream = streamName('sub-stream-revision');
    await env.client.appendToStream(stream, numberedEvents(5));

    const recorder = subscribeStream(stream, { fromRevision: 2n });
    await recorder.waitForSignal('caughtUp');
    await recorder.waitForEvents(2);
    await env.client.appendToStream(stream, numberedEvents(1, 'numbered', 5));
    await recorder.waitForEvents(3);
    await settle();

    expect(recorder.events.map((e) => e.event!.revision)).toEqual([3n, 4n, 5n]);
    expect(recorder.count('caughtUp')).toBe(1);
  });

  it('given five events, when subscribing from end, then only events appended afterwards arrive', async () => {
    const stream = streamName('sub-stream-end');
    await env.client.appendToStream(stream, numberedEvents(5));

    const recorder = subscribeStream(stream, { fromRevision: END });
    await recorder.waitForSignal('caughtUp');
    await env.client.appendToStream(stream, numberedEvents(2, 'numbered', 5));
    await recorder.waitForEvents(2);
    await settle();

    expect(recorder.events.map((e) => e.event!.revision)).toEqual([5n, 6n]);
    expect(recorder.signals.map((s) => s.kind)).toEqual(['confirmation', 'caughtUp']);
  });

  it("given no stream, when subscribing to it, then the subscription waits and receives the stream's first event", async () => {
    const stream = streamName('sub-stream-missing');

    const recorder = subscribeStream(stream, { fromRevision: START });
    await recorder.waitForSignal('confirmation');
    await settle();
    expect(recorder.events).toEqual([]);
    expect(recorder.errors).toEqual([]);
    const [first] = numberedEvents(1);
    await env.client.appendToStream(stream, first);
    await recorder.waitForEvents(1);

    expect(recorder.events[0].event).toMatchObject({
      id: first.id,
      revision: 0n,
      streamId: stream,
    });
  });

  it('given concurrent writers, when subscribing from start mid-way, then catch-up hands off to live with no gap, no duplicate and order kept', async () => {
    const stream = streamName('sub-stream-handoff');
    const prewritten = numberedEvents(200);
    for (let i = 0; i < prewritten.length; i += 50)
      await env.client.appendToStream(stream, prewritten.slice(i, i + 50));
    const writerClients = [env.newClient(), env.newClient()];

    const progress: Progress = { appended: 0 };
    const writing = Promise.all(
      writerClients.map((c, w) => writer(c, [stream], 150, `writer-${w}`, progress)),
    );
    await waitFor(() => progress.appended >= 20, 'the writers to get going');
    // The subscription starts while the writers are still appending.
    expect(progress.appended).toBeLessThan(300);
    const recorder = subscribeStream(stream, { fromRevision: START });
    const written = (await writing).flat();
    await recorder.waitForEvents(500, 20_000);
    await settle();

    expect(recorder.events.map((e) => e.event!.revision)).toEqual(range(0, 500));
    const ids = recorder.events.map((e) => e.event!.id);
    expect(ids).toEqual((await readStreamEvents(env.client, stream)).map((e) => e.event!.id));
    expect(new Set(ids)).toEqual(new Set([...prewritten.map((e) => e.id), ...written]));
    expect(recorder.count('caughtUp')).toBe(1);
    expect(recorder.count('confirmation')).toBe(1);
    expect(recorder.errors).toEqual([]);
  });

  it('given a live subscription, when unsubscribing, then it receives nothing more and the server keeps serving appends, reads and new subscriptions', async () => {
    const stream = streamName('sub-stream-unsubscribe');
    await env.client.appendToStream(stream, numberedEvents(2));
    const recorder = subscribeStream(stream, { fromRevision: START });
    await recorder.waitForEvents(2);

    await recorder.stop();
    await env.client.appendToStream(stream, numberedEvents(2, 'numbered', 2));
    await settle();

    expect(recorder.events).toHaveLength(2);
    for (let i = 0; i < 30; i++) {
      const churn = subscribeStream(stream, { fromRevision: START });
      await churn.waitForSignal('confirmation');
      await churn.stop();
    }
    expect(
      (await env.client.appendToStream(stream, numberedEvents(1, 'numbered', 4)))
        .nextExpectedRevision,
    ).toBe(4n);
    expect(await readStreamEvents(env.client, stream)).toHaveLength(5);
    const fresh = subscribeStream(stream, { fromRevision: START });
    await fresh.waitForEvents(5);
    expect(fresh.events.map((e) => e.event!.revision)).toEqual(range(0, 5));
  });

  it('given a tombstoned stream, when subscribing to it, then the subscription fails with StreamDeletedError', async () => {
    const stream = streamName('sub-stream-tombstoned');
    await env.client.appendToStream(stream, numberedEvents(1));
    await env.client.tombstoneStream(stream);

    const recorder = subscribeStream(stream, { fromRevision: START });
    const error = await recorder.waitForError();

    expect(error).toBeInstanceOf(StreamDeletedError);
    expect((error as StreamDeletedError).streamName).toBe(stream);
  });
});

describe('subscribeToAll', () => {
  it('given events in $all, when subscribing from start without filter, then every event of $all arrives in $all order, then one caughtUp, then live events', async () => {
    const stream = streamName('sub-all-start');
    await env.client.appendToStream(stream, numberedEvents(3));
    const all = await readAllEvents(env.client);

    const recorder = subscribeAll({ fromPosition: START });
    await recorder.waitForSignal('caughtUp');
    await waitFor(
      () => recorder.events.some((e) => e.event?.id === all.at(-1)!.event!.id),
      'the last caught-up event',
    );
    const live = numberedEvents(2, 'numbered', 3);
    await env.client.appendToStream(stream, live);
    await waitFor(() => recorder.events.some((e) => e.event?.id === live[1].id), 'the live events');
    await settle();

    // EventStoreDB keeps its own epoch records out of subscriptions; leave them out of the comparison.
    const notEpoch = (e: AllStreamResolvedEvent) => e.event!.streamId !== '$epoch-information';
    const received = recorder.events.filter(notEpoch).map((e) => e.event!.id);
    expect(received).toEqual([
      ...all.filter(notEpoch).map((e) => e.event!.id),
      ...live.map((e) => e.id),
    ]);
    for (let i = 1; i < recorder.events.length; i++) {
      expect(positionOf(recorder.events[i]).commit).toBeGreaterThan(
        positionOf(recorder.events[i - 1]).commit,
      );
    }
    expect(recorder.signals.map((s) => s.kind)).toEqual(['confirmation', 'caughtUp']);
  });

  it('given a position, when subscribing from it, then the subscription starts after that position', async () => {
    const prefix = `sub-all-pos-${randomUUID()}`;
    await env.client.appendToStream(`${prefix}-a`, numberedEvents(5));
    const events = await readStreamEvents(env.client, `${prefix}-a`);

    const recorder = subscribeAll({
      fromPosition: positionOf(events[2]),
      filter: streamNameFilter({ prefixes: [prefix] }),
    });
    await recorder.waitForSignal('caughtUp');
    await recorder.waitForEvents(2);
    await settle();

    expect(recorder.events.map((e) => e.event!.id)).toEqual([
      events[3].event!.id,
      events[4].event!.id,
    ]);
  });

  it('given events in $all, when subscribing from end, then only events appended afterwards arrive', async () => {
    const prefix = `sub-all-end-${randomUUID()}`;
    await env.client.appendToStream(`${prefix}-a`, numberedEvents(3));

    const recorder = subscribeAll({
      fromPosition: END,
      filter: streamNameFilter({ prefixes: [prefix] }),
    });
    await recorder.waitForSignal('caughtUp');
    const live = numberedEvents(2, 'numbered', 3);
    await env.client.appendToStream(`${prefix}-a`, live);
    await recorder.waitForEvents(2);
    await settle();

    expect(recorder.events.map((e) => e.event!.id)).toEqual(live.map((e) => e.id));
    expect(recorder.count('caughtUp')).toBe(1);
  });

  it('given concurrent writers on several streams, when subscribing from start mid-way, then catch-up hands off to live with no gap, no duplicate and $all order kept', async () => {
    const prefix = `sub-all-handoff-${randomUUID()}`;
    const streams = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];
    const prewritten = numberedEvents(150);
    for (let i = 0; i < prewritten.length; i += 50)
      await env.client.appendToStream(streams[i % 3], prewritten.slice(i, i + 50));
    const writerClients = [env.newClient(), env.newClient()];

    const progress: Progress = { appended: 0 };
    const writing = Promise.all(
      writerClients.map((c, w) => writer(c, streams, 150, `writer-${w}`, progress)),
    );
    await waitFor(() => progress.appended >= 20, 'the writers to get going');
    // The subscription starts while the writers are still appending.
    expect(progress.appended).toBeLessThan(300);
    const recorder = subscribeAll({
      fromPosition: START,
      filter: streamNameFilter({ prefixes: [prefix] }),
    });
    const written = (await writing).flat();
    await recorder.waitForEvents(450, 20_000);
    await settle();

    const ids = recorder.events.map((e) => e.event!.id);
    const inAll = (await readAllEvents(env.client)).filter((e) =>
      e.event!.streamId.startsWith(prefix),
    );
    expect(ids).toEqual(inAll.map((e) => e.event!.id));
    expect(new Set(ids)).toEqual(new Set([...prewritten.map((e) => e.id), ...written]));
    for (let i = 1; i < recorder.events.length; i++) {
      expect(positionOf(recorder.events[i]).commit).toBeGreaterThan(
        positionOf(recorder.events[i - 1]).commit,
      );
    }
    expect(recorder.count('caughtUp')).toBe(1);
    expect(recorder.errors).toEqual([]);
  });

  it('given a subscription to $all, when unsubscribing, then it receives nothing more and later appends work', async () => {
    const prefix = `sub-all-unsub-${randomUUID()}`;
    const recorder = subscribeAll({
      fromPosition: END,
      filter: streamNameFilter({ prefixes: [prefix] }),
    });
    await recorder.waitForSignal('caughtUp');
    await env.client.appendToStream(`${prefix}-a`, numberedEvents(1));
    await recorder.waitForEvents(1);

    await recorder.stop();
    const result = await env.client.appendToStream(`${prefix}-a`, numberedEvents(2, 'numbered', 1));
    await settle();

    expect(result.nextExpectedRevision).toBe(2n);
    expect(recorder.events).toHaveLength(1);
  });

  describe('filters', () => {
    /** Writes one event of each type to each stream; returns the written events with their stream. */
    async function seed(prefix: string, typePrefix: string) {
      const written: Array<{ id: string; stream: string; type: string }> = [];
      for (const suffix of ['a', 'b', 'c']) {
        const stream = `${prefix}-${suffix}`;
        const events = ['x', 'y', 'z'].map((t) =>
          jsonEvent({ id: randomUUID(), type: `${typePrefix}-${t}`, data: {} }),
        );
        await env.client.appendToStream(stream, events);
        written.push(...events.map((e) => ({ id: e.id, stream, type: e.type })));
      }
      return written;
    }

    async function expectFiltered(
      filter: Parameters<EventStoreDBClient['subscribeToAll']>[0],
      prefix: string,
      typePrefix: string,
      keep: (e: { stream: string; type: string }) => boolean,
    ) {
      const before = await seed(prefix, typePrefix);
      const recorder = subscribeAll(filter);
      await recorder.waitForSignal('caughtUp');
      const after = await seed(prefix, typePrefix);
      const expected = [...before, ...after].filter(keep).map((e) => e.id);
      await recorder.waitForEvents(expected.length);
      await settle();
      expect(recorder.events.map((e) => e.event!.id)).toEqual(expected);
      expect(recorder.count('caughtUp')).toBe(1);
    }

    it('given a stream-name prefix filter, when subscribing, then only events of streams with those prefixes arrive, in catch-up and live', async () => {
      const prefix = `flt-sp-${randomUUID()}`;
      const typePrefix = `t-${randomUUID()}`;

      await expectFiltered(
        {
          fromPosition: START,
          filter: streamNameFilter({ prefixes: [`${prefix}-a`, `${prefix}-c`] }),
        },
        prefix,
        typePrefix,
        (e) => e.stream.endsWith('-a') || e.stream.endsWith('-c'),
      );
    });

    it('given a stream-name regex filter, when subscribing, then only events of matching streams arrive', async () => {
      const prefix = `flt-sr-${randomUUID()}`;
      const typePrefix = `t-${randomUUID()}`;

      await expectFiltered(
        { fromPosition: START, filter: streamNameFilter({ regex: `^${prefix}-[bc]$` }) },
        prefix,
        typePrefix,
        (e) => e.stream.endsWith('-b') || e.stream.endsWith('-c'),
      );
    });

    it('given an event-type prefix filter, when subscribing, then only events with those type prefixes arrive', async () => {
      const prefix = `flt-tp-${randomUUID()}`;
      const typePrefix = `t-${randomUUID()}`;

      await expectFiltered(
        { fromPosition: START, filter: eventTypeFilter({ prefixes: [`${typePrefix}-y`] }) },
        prefix,
        typePrefix,
        (e) => e.type.endsWith('-y'),
      );
    });

    it('given an event-type regex filter, when subscribing, then only events with matching types arrive (unanchored match)', async () => {
      const prefix = `flt-tr-${randomUUID()}`;
      const typePrefix = `t-${randomUUID()}`;

      await expectFiltered(
        { fromPosition: START, filter: eventTypeFilter({ regex: `${typePrefix.slice(2)}-(x|z)` }) },
        prefix,
        typePrefix,
        (e) => e.type.endsWith('-x') || e.type.endsWith('-z'),
      );
    });

    it('given system events in $all, when subscribing with excludeSystemEvents, then no event whose type starts with $ arrives but user events do', async () => {
      const stream = streamName('flt-nosys');
      await env.client.setStreamMetadata(stream, { maxCount: 5 });
      const [user] = numberedEvents(1, 'user-event');
      await env.client.appendToStream(stream, user);
      const all = await readAllEvents(env.client);
      expect(all.some((e) => e.event!.type.startsWith('$'))).toBe(true);

      const recorder = subscribeAll({ fromPosition: START, filter: excludeSystemEvents() });
      await recorder.waitForSignal('caughtUp');
      await env.client.setStreamMetadata(stream, { maxCount: 6 });
      const [live] = numberedEvents(1, 'user-event');
      await env.client.appendToStream(stream, live);
      await waitFor(
        () => recorder.events.some((e) => e.event?.id === live.id),
        'the live user event',
      );
      await settle();

      expect(recorder.events.filter((e) => e.event!.type.startsWith('$'))).toEqual([]);
      const expectedUserEvents = [
        ...all.filter((e) => !e.event!.type.startsWith('$')).map((e) => e.event!.id),
        live.id,
      ];
      expect(recorder.events.map((e) => e.event!.id)).toEqual(expectedUserEvents);
      expect(recorder.events.map((e) => e.event!.id)).toContain(user.id);
    });
  });

  describe('checkpoints', () => {
    // The number of events the catch-up considers is padded so that it is either an exact
    // multiple of the interval (the interval checkpoint and the end-of-catch-up checkpoint fall
    // on the same position, which EventStoreDB sends once: AllSubscriptionFiltered.MoveNextAsync
    // drops a checkpoint not after the previous one) or 7 past one.
    it.each([
      [1, 'a multiple of the interval', 0],
      [1, '7 past a multiple of the interval', 7],
      [2, 'a multiple of the interval', 0],
      [2, '7 past a multiple of the interval', 7],
    ])(
      'given a filtered catch-up over $all with checkpointInterval %i and %s events to consider, when catching up, then a checkpoint comes every interval x 32 events considered, one at the end of catch-up, all strictly increasing, and live ones follow',
      async (multiplier, _label, remainder) => {
        const prefix = `ckpt-${multiplier}-${randomUUID()}`;
        const interval = 32 * multiplier;
        for (let i = 0; i < 4; i++)
          await env.client.appendToStream(`${prefix}-a`, numberedEvents(100, 'ckpt', i * 100));
        const unpadded = (await readAllEvents(env.client)).length;
        const padding = (((remainder - unpadded) % interval) + interval) % interval;
        if (padding > 0)
          await env.client.appendToStream(
            streamName('ckpt-padding'),
            numberedEvents(padding, 'padding'),
          );
        const considered = (await readAllEvents(env.client)).length;
        expect(considered % interval).toBe(remainder);

        const recorder: SubscriptionRecorder<AllStreamResolvedEvent> = subscribeAll({
          fromPosition: START,
          filter: streamNameFilter({
            prefixes: [prefix],
            checkpointInterval: multiplier,
            checkpointReached: (sub, position) => recorder.onCheckpoint(sub, position),
          }),
        });
        await recorder.waitForSignal('caughtUp');
        await recorder.waitForEvents(400);

        const caughtUpAt = recorder.signals.findIndex((s) => s.kind === 'caughtUp');
        const catchUpCheckpoints = recorder.signals
          .slice(0, caughtUpAt)
          .flatMap((s) => (s.kind === 'checkpoint' ? [s.position] : []));
        const expected = Math.floor(considered / interval);
        expect(catchUpCheckpoints.length).toBeGreaterThanOrEqual(expected);
        expect(catchUpCheckpoints.length).toBeLessThanOrEqual(expected + 1);
        // The end-of-catch-up checkpoint is at or after the last event sent during catch-up.
        const lastCaughtUpEvent = recorder.events[399];
        expect(catchUpCheckpoints.at(-1)!.commit).toBeGreaterThanOrEqual(
          positionOf(lastCaughtUpEvent).commit,
        );

        // Live: filtered-out events still count towards the interval.
        const before = recorder.checkpoints().length;
        for (let i = 0; i < 2; i++)
          await env.client.appendToStream(
            streamName('ckpt-noise'),
            numberedEvents(interval, 'noise'),
          );
        await waitFor(() => recorder.checkpoints().length > before, 'a live checkpoint');
        await settle();
        expect(recorder.checkpoints()[before].commit).toBeGreaterThan(
          catchUpCheckpoints.at(-1)!.commit,
        );
        expect(recorder.count('caughtUp')).toBe(1);

        const commits = recorder.checkpoints().map((c) => c.commit);
        const repeatedOrBackwards = commits.flatMap((c, i) =>
          i > 0 && c <= commits[i - 1] ? [{ index: i, previous: commits[i - 1], commit: c }] : [],
        );
        expect(repeatedOrBackwards).toEqual([]);
      },
    );
  });
});
