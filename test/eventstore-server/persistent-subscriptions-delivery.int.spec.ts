/**
 * Consumers of persistent subscription groups (PersistentSubscriptions.Read) through the official
 * client: delivery from the group's start, ack and nack (park, retry, skip), retries up to the
 * max retry count and then parking, message timeouts, the parked stream and its replay, the
 * consumer strategies across connections, max subscriber count, $all with a filter, and links
 * resolved. The server checks timeouts every 50 ms here (EventStoreDB: every second); assertions
 * are on order and counts, never on how long something took.
 */
import { randomUUID } from 'node:crypto';
import {
  DISPATCH_TO_SINGLE,
  END,
  PINNED,
  PersistentSubscriptionDoesNotExistError,
  PersistentSubscriptionMaximumSubscribersReachedError,
  ROUND_ROBIN,
  START,
  binaryEvent,
  eventTypeFilter,
  jsonEvent,
  persistentSubscriptionToAllSettingsFromDefaults,
  persistentSubscriptionToStreamSettingsFromDefaults,
  type EventStoreDBClient,
  type PersistentSubscriptionToStreamResolvedEvent,
  type PersistentSubscriptionToStreamSettings,
  type ResolvedEvent,
} from '@hitos/event-store/esdb-client';
import {
  SubscriptionRecorder,
  numberedEvents,
  eventually,
  positionOf,
  readStreamEvents,
  streamName,
  useServer,
  waitFor,
} from './harness';

const env = useServer({ persistentSubscriptionTickMs: 50 });

type Sub = ReturnType<EventStoreDBClient['subscribeToPersistentSubscriptionToStream']>;

const open: SubscriptionRecorder[] = [];
afterEach(async () => {
  await Promise.allSettled(open.splice(0).map((r) => r.stop()));
});

function consume(
  stream: string,
  group: string,
  options: { bufferSize?: number; client?: EventStoreDBClient } = {},
): { sub: Sub; recorder: SubscriptionRecorder } {
  const sub = (options.client ?? env.client).subscribeToPersistentSubscriptionToStream(
    stream,
    group,
    { bufferSize: options.bufferSize ?? 10 },
  );
  const recorder = new SubscriptionRecorder(sub);
  open.push(recorder);
  return { sub, recorder };
}

const retryCountOf = (e: ResolvedEvent) =>
  (e as PersistentSubscriptionToStreamResolvedEvent).retryCount;

const numbers = (events: ResolvedEvent[]) => events.map((e) => (e.event!.data as { n: number }).n);

async function group(
  stream: string,
  name: string,
  changes: Partial<PersistentSubscriptionToStreamSettings> = {},
): Promise<void> {
  await env.client.createPersistentSubscriptionToStream(
    stream,
    name,
    persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START, ...changes }),
  );
}

async function lastCheckpoint(stream: string, name: string): Promise<string | undefined> {
  const events = await readStreamEvents(
    env.client,
    `$persistentsubscription-${stream}::${name}-checkpoint`,
    { direction: 'backwards', fromRevision: END, maxCount: 1 },
  ).catch(() => []);
  return events[0]?.event?.data as string | undefined;
}

describe('delivery', () => {
  it('delivers from the start in order, counts retries from 0, and checkpoints what is acked', async () => {
    const stream = streamName('ps-deliver');
    await env.client.appendToStream(stream, numberedEvents(6));
    await group(stream, 'g', { checkPointLowerBound: 1, checkPointUpperBound: 3 });
    const { sub, recorder } = consume(stream, 'g');
    await recorder.waitForEvents(6);
    expect(numbers(recorder.events)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(recorder.events.map(retryCountOf)).toEqual([0, 0, 0, 0, 0, 0]);

    // Acked out of order: the checkpoint only passes what is acked without a gap.
    await sub.ack(recorder.events[0], recorder.events[1], recorder.events[3], recorder.events[4]);
    await sub.ack(recorder.events[2]);
    await eventually(
      () => lastCheckpoint(stream, 'g'),
      (c) => c === '4',
      'the checkpoint at revision 4',
    );
    const info = await env.client.getPersistentSubscriptionToStreamInfo(stream, 'g');
    expect(info.stats.lastCheckpointedEventRevision).toBe(4n);
    expect(info.connections).toHaveLength(1);
    expect(info.connections[0].inFlightMessages).toBe(1);

    // Live events after the history.
    await env.client.appendToStream(stream, numberedEvents(2, 'numbered', 6));
    await recorder.waitForEvents(8);
    expect(numbers(recorder.events)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('goes from a full live buffer back to paging history without losing or repeating', async () => {
    const stream = streamName('ps-live-buffer');
    await group(stream, 'g', { liveBufferSize: 3, historyBufferSize: 6, readBatchSize: 2 });
    const { sub, recorder } = consume(stream, 'g', { bufferSize: 1 });
    await recorder.waitForSignal('confirmation');
    let info = await env.client.getPersistentSubscriptionToStreamInfo(stream, 'g');
    expect(info.status).toBe('Live');
    await env.client.appendToStream(stream, numberedEvents(15));
    for (let n = 1; n <= 15; n++) {
      await recorder.waitForEvents(n);
      await sub.ack(recorder.events[n - 1]);
    }
    expect(numbers(recorder.events)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    info = await env.client.getPersistentSubscriptionToStreamInfo(stream, 'g');
    expect(info.stats.readBufferCount + Number(info.stats.liveBufferCount)).toBe(0);
  });

  it('starts at the end, or at a revision (inclusive)', async () => {
    const stream = streamName('ps-start');
    await env.client.appendToStream(stream, numberedEvents(5));
    await group(stream, 'from-end', { startFrom: END });
    await group(stream, 'from-3', { startFrom: 3n });
    const fromEnd = consume(stream, 'from-end').recorder;
    const from3 = consume(stream, 'from-3').recorder;
    await from3.waitForEvents(2);
    await fromEnd.waitForSignal('confirmation');
    await env.client.appendToStream(stream, numberedEvents(1, 'numbered', 5));
    await fromEnd.waitForEvents(1);
    await from3.waitForEvents(3);
    expect(numbers(fromEnd.events)).toEqual([5]);
    expect(numbers(from3.events)).toEqual([3, 4, 5]);
  });

  it('refuses a group that does not exist', async () => {
    const { recorder } = consume(streamName('ps-none'), 'nobody');
    expect(await recorder.waitForError()).toBeInstanceOf(PersistentSubscriptionDoesNotExistError);
  });
});

describe('nack', () => {
  it('parks a message in the parked stream, and replayParked delivers it again', async () => {
    const stream = streamName('ps-park');
    await env.client.appendToStream(stream, numberedEvents(3));
    await group(stream, 'g');
    const { sub, recorder } = consume(stream, 'g');
    await recorder.waitForEvents(3);
    await sub.nack('park', 'cannot handle it', recorder.events[1]);
    await sub.ack(recorder.events[0], recorder.events[2]);

    const parkedStream = `$persistentsubscription-${stream}::g-parked`;
    const parked = await eventually(
      () => readStreamEvents(env.client, parkedStream).catch(() => []),
      (events) => events.length === 1,
      'the parked message',
    );
    expect(parked[0].event!.type).toBe('$>');
    expect(Buffer.from(parked[0].event!.data as Uint8Array).toString()).toBe(`1@${stream}`);
    expect((parked[0].event!.metadata as { Reason: string }).Reason).toBe(
      "Client explicitly NAK'ed message.\ncannot handle it",
    );
    expect(
      (await env.client.getPersistentSubscriptionToStreamInfo(stream, 'g')).stats
        .parkedMessageCount,
    ).toBe(1n);

    await env.client.replayParkedMessagesToStream(stream, 'g');
    await recorder.waitForEvents(4);
    const replayed = recorder.events[3];
    expect(numbers([replayed])).toEqual([1]);
    expect(replayed.event!.streamId).toBe(stream);
    expect(replayed.link!.streamId).toBe(parkedStream);
    await sub.ack(replayed);
    await eventually(
      () => env.client.getPersistentSubscriptionToStreamInfo(stream, 'g'),
      (info) => info.stats.parkedMessageCount === 0n,
      'no parked message left',
    );
  });

  it('retries up to the max retry count, then parks', async () => {
    const stream = streamName('ps-retry');
    await env.client.appendToStream(stream, numberedEvents(1));
    await group(stream, 'g', { maxRetryCount: 2 });
    const { sub, recorder } = consume(stream, 'g');
    for (let attempt = 1; attempt <= 3; attempt++) {
      await recorder.waitForEvents(attempt);
      await sub.nack('retry', 'again', recorder.events[attempt - 1]);
    }
    const parked = await eventually(
      () =>
        readStreamEvents(env.client, `$persistentsubscription-${stream}::g-parked`).catch(() => []),
      (events) => events.length === 1,
      'the parked message',
    );
    expect(recorder.events.map(retryCountOf)).toEqual([0, 1, 2]);
    expect((parked[0].event!.metadata as { Reason: string }).Reason).toBe(
      'Reached retry count of 2',
    );
  });

  it('skips a message for good', async () => {
    const stream = streamName('ps-skip');
    await env.client.appendToStream(stream, numberedEvents(2));
    await group(stream, 'g', { checkPointLowerBound: 1, checkPointUpperBound: 1 });
    const { sub, recorder } = consume(stream, 'g');
    await recorder.waitForEvents(2);
    await sub.nack('skip', 'not mine', recorder.events[0]);
    await sub.ack(recorder.events[1]);
    await eventually(
      () => lastCheckpoint(stream, 'g'),
      (c) => c === '1',
      'the checkpoint at revision 1',
    );
    expect(numbers(recorder.events)).toEqual([0, 1]);
  });
});

describe('message timeout', () => {
  it('delivers a message again when it is not acked in time', async () => {
    const stream = streamName('ps-timeout');
    await env.client.appendToStream(stream, numberedEvents(1));
    await group(stream, 'g', { messageTimeout: 100, maxRetryCount: 5 });
    const { sub, recorder } = consume(stream, 'g');
    await recorder.waitForEvents(2);
    await sub.ack(recorder.events[1]);
    // On a busy machine a third delivery may come before the ack lands; the first two are fixed.
    expect(numbers(recorder.events.slice(0, 2))).toEqual([0, 0]);
    expect(recorder.events.slice(0, 2).map(retryCountOf)).toEqual([0, 1]);
  });
});

describe('consumer strategies and subscribers', () => {
  it('RoundRobin deals messages in turn to consumers on two connections', async () => {
    const stream = streamName('ps-rr');
    await group(stream, 'g', { consumerStrategyName: ROUND_ROBIN });
    const a = consume(stream, 'g').recorder;
    await a.waitForSignal('confirmation');
    const b = consume(stream, 'g', { client: env.newClient() }).recorder;
    await b.waitForSignal('confirmation');
    await env.client.appendToStream(stream, numberedEvents(6));
    await a.waitForEvents(3);
    await b.waitForEvents(3);
    expect(numbers(a.events)).toEqual([0, 2, 4]);
    expect(numbers(b.events)).toEqual([1, 3, 5]);
    const info = await env.client.getPersistentSubscriptionToStreamInfo(stream, 'g');
    expect(info.connections.map((c) => c.inFlightMessages)).toEqual([3, 3]);
  });

  it('DispatchToSingle fills the first consumer before the next', async () => {
    const stream = streamName('ps-single');
    await group(stream, 'g', { consumerStrategyName: DISPATCH_TO_SINGLE });
    const a = consume(stream, 'g', { bufferSize: 3 }).recorder;
    await a.waitForSignal('confirmation');
    const b = consume(stream, 'g', { bufferSize: 10 }).recorder;
    await b.waitForSignal('confirmation');
    await env.client.appendToStream(stream, numberedEvents(5));
    await a.waitForEvents(3);
    await b.waitForEvents(2);
    expect(numbers(a.events)).toEqual([0, 1, 2]);
    expect(numbers(b.events)).toEqual([3, 4]);
  });

  it('Pinned keeps each source stream with one consumer', async () => {
    const type = `ps-pinned-${randomUUID()}`;
    await env.client.createPersistentSubscriptionToAll(
      `pinned-${type}`,
      persistentSubscriptionToAllSettingsFromDefaults({
        startFrom: START,
        consumerStrategyName: PINNED,
      }),
      { filter: eventTypeFilter({ prefixes: [type] }) },
    );
    const subscribe = () => {
      const recorder = new SubscriptionRecorder(
        env.client.subscribeToPersistentSubscriptionToAll(`pinned-${type}`, { bufferSize: 50 }),
      );
      open.push(recorder);
      return recorder;
    };
    const a = subscribe();
    await a.waitForSignal('confirmation');
    const b = subscribe();
    await b.waitForSignal('confirmation');
    const streams = Array.from({ length: 6 }, (_, i) => streamName(`ps-pinned-${i}`));
    for (let round = 0; round < 3; round++) {
      for (const s of streams) await env.client.appendToStream(s, numberedEvents(1, type, round));
    }
    await waitFor(() => a.events.length + b.events.length === 18, '18 events');
    const owners = new Map<string, Set<string>>();
    for (const [name, r] of [
      ['a', a],
      ['b', b],
    ] as const) {
      for (const e of r.events) {
        const set = owners.get(e.event!.streamId) ?? new Set<string>();
        set.add(name);
        owners.set(e.event!.streamId, set);
      }
    }
    expect([...owners.values()].every((s) => s.size === 1)).toBe(true);
    expect(owners.size).toBe(6);
  });

  it('Pinned: what waits for a full consumer keeps its order while the others pass it', async () => {
    const type = `ps-pinned-full-${randomUUID()}`;
    await env.client.createPersistentSubscriptionToAll(
      `pinned-full-${type}`,
      persistentSubscriptionToAllSettingsFromDefaults({
        startFrom: START,
        consumerStrategyName: PINNED,
      }),
      { filter: eventTypeFilter({ prefixes: [type] }) },
    );
    const subscribe = (bufferSize: number) => {
      const sub = env.client.subscribeToPersistentSubscriptionToAll(`pinned-full-${type}`, {
        bufferSize,
      });
      const recorder = new SubscriptionRecorder(sub);
      open.push(recorder);
      return { sub, recorder };
    };
    // One message in flight at a time for `a`: the rest of its streams' messages wait (the
    // strategy skips them) while `b`'s go out past them.
    const a = subscribe(1);
    await a.recorder.waitForSignal('confirmation');
    const b = subscribe(50);
    await b.recorder.waitForSignal('confirmation');
    const streams = Array.from({ length: 8 }, (_, i) => streamName(`ps-pinned-full-${i}`));
    for (let round = 0; round < 4; round++) {
      for (const s of streams) await env.client.appendToStream(s, numberedEvents(1, type, round));
    }
    const total = () => a.recorder.events.length + b.recorder.events.length;
    for (let acked = 0; total() < 32; acked++) {
      await waitFor(
        () => a.recorder.events.length > acked || total() === 32,
        `a message for a (${total()} of 32 delivered)`,
      );
      if (a.recorder.events.length > acked) await a.sub.ack(a.recorder.events[acked]);
    }
    const positions = (r: SubscriptionRecorder) => r.events.map((e) => positionOf(e).commit);
    const inLogOrder = (p: bigint[]) => p.every((x, i) => i === 0 || p[i - 1] < x);
    expect(a.recorder.events.length).toBeGreaterThan(1);
    expect(b.recorder.events.length).toBeGreaterThan(0);
    expect(inLogOrder(positions(a.recorder))).toBe(true);
    expect(inLogOrder(positions(b.recorder))).toBe(true);
    expect(new Set([...positions(a.recorder), ...positions(b.recorder)]).size).toBe(32);
  });

  it('refuses a consumer past the max subscriber count', async () => {
    const stream = streamName('ps-max');
    await group(stream, 'g', { maxSubscriberCount: 1 });
    await consume(stream, 'g').recorder.waitForSignal('confirmation');
    const second = consume(stream, 'g', { client: env.newClient() }).recorder;
    expect(await second.waitForError()).toBeInstanceOf(
      PersistentSubscriptionMaximumSubscribersReachedError,
    );
  });

  it('gives what a consumer held to the others when it leaves', async () => {
    const stream = streamName('ps-leave');
    await env.client.appendToStream(stream, numberedEvents(2));
    await group(stream, 'g');
    const first = consume(stream, 'g');
    await first.recorder.waitForEvents(2);
    const other = consume(stream, 'g', { client: env.newClient() }).recorder;
    await other.waitForSignal('confirmation');
    await first.recorder.stop();
    await other.waitForEvents(2);
    expect(numbers(other.events)).toEqual([0, 1]);
    expect(other.events.map(retryCountOf)).toEqual([1, 1]);
  });
});

describe('$all and links', () => {
  it('a group on $all delivers only what its filter lets through, in log order', async () => {
    const type = `ps-all-${randomUUID()}`;
    await env.client.appendToStream(streamName('ps-all-a'), [
      jsonEvent({ type, data: { n: 0 } }),
      jsonEvent({ type: 'other', data: { n: -1 } }),
    ]);
    await env.client.createPersistentSubscriptionToAll(
      `all-${type}`,
      persistentSubscriptionToAllSettingsFromDefaults({ startFrom: START }),
      { filter: eventTypeFilter({ prefixes: [type] }) },
    );
    await env.client.appendToStream(streamName('ps-all-b'), [
      jsonEvent({ type: 'other', data: { n: -2 } }),
      jsonEvent({ type, data: { n: 1 } }),
    ]);
    const sub = env.client.subscribeToPersistentSubscriptionToAll(`all-${type}`);
    const recorder = new SubscriptionRecorder(sub);
    open.push(recorder);
    await recorder.waitForEvents(2);
    expect(recorder.events.map((e) => (e.event!.data as { n: number }).n)).toEqual([0, 1]);
    await sub.ack(...recorder.events);
  });

  it('resolves links when asked, and is acked by the link', async () => {
    const source = streamName('ps-link-src');
    const links = streamName('ps-links');
    const { position: sourceEnd } = await env.client.appendToStream(source, numberedEvents(2));
    await env.client.appendToStream(
      links,
      [1, 0].map((revision) =>
        binaryEvent({ type: '$>', data: Buffer.from(`${revision}@${source}`) }),
      ),
    );
    await group(links, 'g', {
      resolveLinkTos: true,
      checkPointLowerBound: 1,
      checkPointUpperBound: 1,
    });
    const { sub, recorder } = consume(links, 'g');
    await recorder.waitForEvents(2);
    expect(numbers(recorder.events)).toEqual([1, 0]);
    expect(recorder.events.map((e) => e.link!.streamId)).toEqual([links, links]);
    // The event carries the link's log position, as EventStoreDB fills it (original position).
    expect(recorder.events[0].event!.position).toEqual(recorder.events[0].link!.position);
    for (const e of recorder.events) {
      expect(e.event!.position!.commit).toBeGreaterThan(sourceEnd!.commit);
    }
    await sub.ack(...recorder.events);
    await eventually(
      () => lastCheckpoint(links, 'g'),
      (c) => c === '1',
      'the checkpoint at revision 1',
    );
  });
});
