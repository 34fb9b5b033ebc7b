/**
 * The official client's own persistent subscription tests (EventStore-Client-NodeJS v6.2.1,
 * packages/test/src/persistentSubscription), their logic rewritten for the embedded server:
 * settings read back exactly as created, the async iterator with acks, nack skip and retry,
 * retry counts, log positions, replay of parked messages up to stopAt, names outside ASCII,
 * extra statistics, and $all filtered by stream name or event type, by prefix or regex. Waits
 * that the originals make with fixed delays are polls here.
 */
import { randomUUID } from 'node:crypto';
import {
  END,
  PARK,
  ROUND_ROBIN,
  START,
  eventTypeFilter,
  jsonEvent,
  persistentSubscriptionToAllSettingsFromDefaults,
  persistentSubscriptionToStreamSettingsFromDefaults,
  streamNameFilter,
  type EventStoreDBClient,
  type PersistentSubscriptionToStreamResolvedEvent,
} from '@hitos/event-store/esdb-client';
import { eventually, numberedEvents, sleep, useServer } from './harness';

const env = useServer({ persistentSubscriptionTickMs: 50 });
const unique = (label: string) => `${label}_${randomUUID().slice(0, 8)}`;
const finishEvent = () => jsonEvent({ type: 'finish-test', data: { message: 'wrap it up' } });

const parkedCount = (client: EventStoreDBClient, stream: string, group: string) =>
  client
    .getPersistentSubscriptionToStreamInfo(stream, group)
    .then((info) => info.stats.parkedMessageCount);

describe('settings', () => {
  it('reads back every setting of a stream group as created and updated', async () => {
    const stream = unique('info_stream');
    const settings = persistentSubscriptionToStreamSettingsFromDefaults({
      startFrom: END,
      checkPointUpperBound: 1,
    });
    await env.client.createPersistentSubscriptionToStream(stream, 'g', settings);
    const info = await env.client.getPersistentSubscriptionToStreamInfo(stream, 'g');
    expect(info.settings).toEqual(settings);
    expect(info.connections).toHaveLength(0);

    const settings2 = persistentSubscriptionToStreamSettingsFromDefaults({
      ...settings,
      startFrom: 123n,
      checkPointLowerBound: 12,
      maxSubscriberCount: 200,
      consumerStrategyName: ROUND_ROBIN,
    });
    await env.client.updatePersistentSubscriptionToStream(stream, 'g', settings2);
    const info2 = await env.client.getPersistentSubscriptionToStreamInfo(stream, 'g');
    expect(info2.settings).toEqual(settings2);
    expect(info2.stats.lastKnownEventRevision).toBeUndefined();

    await env.client.appendToStream(stream, numberedEvents(200));
    const subscription = env.client.subscribeToPersistentSubscriptionToStream(stream, 'g');
    let acked = 0;
    for await (const event of subscription) {
      await subscription.ack(event);
      if (++acked === 200 - 123) break;
    }
    await subscription.unsubscribe();
    const info3 = await eventually(
      () => env.client.getPersistentSubscriptionToStreamInfo(stream, 'g'),
      (i) => i.connections.length === 0,
      'the consumer gone',
    );
    expect(info3.settings).toEqual(settings2);
    expect(info3.stats.lastKnownEventRevision).toBe(199n);
    // Leaving the loop cancels the call: the last acks may not have reached the server.
    expect(info3.stats.lastCheckpointedEventRevision).toBeGreaterThanOrEqual(123n);
  });

  it('reads back every setting of a $all group, positions included', async () => {
    const { position } = await env.client.appendToStream(unique('pos'), finishEvent());
    const settings = persistentSubscriptionToAllSettingsFromDefaults({
      startFrom: position!,
      resolveLinkTos: true,
      extraStatistics: true,
      messageTimeout: 1234,
      maxRetryCount: 3,
      checkPointAfter: 500,
      checkPointLowerBound: 3,
      checkPointUpperBound: 30,
      maxSubscriberCount: 7,
      liveBufferSize: 70,
      readBatchSize: 9,
      historyBufferSize: 90,
    });
    const group = unique('all_info');
    await env.client.createPersistentSubscriptionToAll(group, settings);
    const info = await env.client.getPersistentSubscriptionToAllInfo(group);
    expect(info.settings).toEqual(settings);

    const stream = unique('all_info_events');
    await env.client.appendToStream(stream, numberedEvents(3));
    const subscription = env.client.subscribeToPersistentSubscriptionToAll(group);
    let ours = 0;
    for await (const event of subscription) {
      await subscription.ack(event);
      if (event.event?.streamId === stream && ++ours === 3) break;
    }
    const info2 = await eventually(
      () => env.client.getPersistentSubscriptionToAllInfo(group),
      (i) => i.stats.lastCheckpointedEventPosition !== undefined,
      'a checkpoint (3 handled, 500 ms)',
    );
    await subscription.unsubscribe();
    expect('lastKnownEventRevision' in info2.stats).toBe(false);
    expect(typeof info2.stats.lastKnownEventPosition?.commit).toBe('bigint');
    expect(info2.stats.lastCheckpointedEventPosition!.commit).toBeGreaterThanOrEqual(
      position!.commit,
    );
  });

  it('reports a connection with its name and, with extra statistics, its timings', async () => {
    const stream = unique('info_connection');
    await env.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      persistentSubscriptionToStreamSettingsFromDefaults({
        startFrom: START,
        extraStatistics: true,
      }),
    );
    await env.client.appendToStream(stream, numberedEvents(10));
    const subscription = env.client.subscribeToPersistentSubscriptionToStream(stream, 'g');
    let acked = 0;
    for await (const event of subscription) {
      await subscription.ack(event);
      if (++acked === 10) break;
    }
    const info = await eventually(
      () => env.client.getPersistentSubscriptionToStreamInfo(stream, 'g'),
      (i) => i.connections[0]?.extraStatistics?.get('quintile 3') !== undefined,
      'timings',
    );
    await subscription.unsubscribe();
    const [connection] = info.connections;
    expect(connection.connectionName).toBe(env.client.connectionName);
    expect(connection.totalItems).toBe(10n);
    expect([...connection.extraStatistics!.keys()]).toEqual([
      'mean',
      'median',
      'fastest',
      'quintile 1',
      'quintile 2',
      'quintile 3',
      'quintile 4',
      'quintile 5',
      '90%',
      '95%',
      '99%',
      '99.5%',
      '99.9%',
      'highest',
    ]);
  });
});

describe('consuming', () => {
  it('acks 100 events through the async iterator, 10 in flight at a time', async () => {
    const stream = unique('iterator');
    await env.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START }),
    );
    await env.client.appendToStream(stream, [...numberedEvents(99), finishEvent()]);
    const subscription = env.client.subscribeToPersistentSubscriptionToStream(stream, 'g');
    const seen: number[] = [];
    for await (const event of subscription) {
      await subscription.ack(event);
      if (event.event!.type === 'finish-test') break;
      seen.push((event.event!.data as { n: number }).n);
    }
    await subscription.unsubscribe();
    expect(seen).toEqual(Array.from({ length: 99 }, (_, i) => i));
  });

  it('skips what is nacked with skip and redelivers what is nacked with retry', async () => {
    const stream = unique('nack');
    await env.client.appendToStream(stream, [
      ...numberedEvents(20, 'skip-event'),
      ...numberedEvents(20, 'retry-event'),
      finishEvent(),
    ]);
    await env.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START }),
    );
    const subscription = env.client.subscribeToPersistentSubscriptionToStream(stream, 'g');
    const nacked = new Set<string>();
    let calls = 0;
    for await (const event of subscription) {
      calls++;
      if (event.event!.type === 'finish-test') {
        await subscription.ack(event);
        break;
      }
      if (!nacked.has(event.event!.id)) {
        nacked.add(event.event!.id);
        await subscription.nack(
          event.event!.type === 'skip-event' ? 'skip' : 'retry',
          'To test it',
          event,
        );
        continue;
      }
      await subscription.ack(event);
    }
    await subscription.unsubscribe();
    expect(calls).toBe(20 + 20 * 2 + 1);
  });

  it('counts retries per event', async () => {
    const stream = unique('retry_count');
    await env.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START, maxRetryCount: 5 }),
    );
    await env.client.appendToStream(stream, [...numberedEvents(19), finishEvent()]);
    const subscription = env.client.subscribeToPersistentSubscriptionToStream(stream, 'g');
    const nacked: Record<string, number> = {};
    const mismatches: string[] = [];
    for await (const resolved of subscription) {
      const { retryCount } = resolved as PersistentSubscriptionToStreamResolvedEvent;
      const id = resolved.event!.id;
      if (retryCount !== (nacked[id] ?? 0)) mismatches.push(`${id}: ${retryCount}`);
      await subscription.nack('retry', 'to test it', resolved);
      nacked[id] = (nacked[id] ?? 0) + 1;
      if (resolved.event!.type === 'finish-test') break;
    }
    await subscription.unsubscribe();
    expect(mismatches).toEqual([]);
    // The first ten (the consumer's buffer) went through all 5 retries and were parked after
    // the sixth delivery, making room for the rest.
    expect(Object.values(nacked).slice(0, 10)).toEqual(Array(10).fill(6));
    expect(Math.max(...Object.values(nacked))).toBe(6);
  });

  it('gives each event its log position', async () => {
    const stream = unique('log_position');
    await env.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START }),
    );
    const appended = await env.client.appendToStream(stream, finishEvent());
    const subscription = env.client.subscribeToPersistentSubscriptionToStream(stream, 'g');
    for await (const resolved of subscription) {
      await subscription.ack(resolved);
      expect(resolved.event?.position).toEqual(appended.position);
      break;
    }
    await subscription.unsubscribe();
  });
});

describe('replaying parked messages', () => {
  /**
   * Parks all 20 events of a new stream, then replays them (up to `stopAt`) and acks what comes
   * back; resolves with the numbers acked once `expected` have been.
   */
  async function parkThenReplay(
    stream: string,
    group: string,
    stopAt: number | undefined,
    expected: number,
  ): Promise<number[]> {
    await env.client.createPersistentSubscriptionToStream(
      stream,
      group,
      persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START }),
    );
    await env.client.appendToStream(stream, [...numberedEvents(19), finishEvent()]);
    const subscription = env.client.subscribeToPersistentSubscriptionToStream(stream, group);
    const acked: number[] = [];
    let parked = 0;
    subscription.on('data', (resolved) => {
      if (parked < 20) {
        parked++;
        void subscription.nack(PARK, 'Park it', resolved);
      } else {
        const data = resolved.event!.data as { n?: number };
        acked.push(data.n ?? 19);
        void subscription.ack(resolved);
      }
    });
    try {
      await eventually(
        () => parkedCount(env.client, stream, group),
        (n) => n === 20n,
        '20 parked',
      );
      await env.client.replayParkedMessagesToStream(
        stream,
        group,
        stopAt === undefined ? {} : { stopAt },
      );
      await eventually(
        async () => acked.length,
        (n) => n >= expected,
        `${expected} replayed`,
      );
      await eventually(
        () => parkedCount(env.client, stream, group),
        (n) => n === BigInt(20 - expected),
        `${20 - expected} parked`,
      );
      return [...acked];
    } finally {
      await subscription.unsubscribe();
    }
  }

  it('replays every parked message by default', async () => {
    const acked = await parkThenReplay(unique('replay_all'), 'g', undefined, 20);
    expect(acked).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('stops at stopAt, and names outside ASCII work', async () => {
    const stream = `어학연구소/0️⃣/ด้้้้้็็็็็-${randomUUID()}`;
    const acked = await parkThenReplay(stream, 'ヽ༼ຈل͜ຈ༽ﾉ ヽ༼ຈل͜ຈ༽ﾉ', 4, 4);
    await sleep(100); // the other 16 stay parked
    expect(acked).toEqual([0, 1, 2, 3]);
  });
});

describe('$all filters', () => {
  const cases = [
    ['stream name prefixes', 'stream', (k: string) => `prefix_filter_streamname_${k}`],
    [
      'stream name regex',
      'stream',
      (k: string) => `${Math.floor(Math.random() * 1000)}_regex_sn_${k}`,
    ],
    ['event type prefixes', 'type', (k: string) => `prefix_filter_eventType_${k}`],
    [
      'event type regex',
      'type',
      (k: string) => `${Math.floor(Math.random() * 1000)}_regex_et_${k}`,
    ],
  ] as const;

  it.each(cases)('by %s', async (name, on, named) => {
    const tag = randomUUID().replace(/-/g, '');
    const key = (k: string) => named(`${tag}${k}`);
    const isRegex = name.endsWith('regex');
    const filter =
      on === 'stream'
        ? isRegex
          ? streamNameFilter({ regex: `^[0-9]*_regex_sn_${tag}` })
          : streamNameFilter({ prefixes: [named(tag)] })
        : isRegex
          ? eventTypeFilter({ regex: `^[0-9]*_regex_et_${tag}[A-z]*$` })
          : eventTypeFilter({ prefixes: [named(tag)] });
    const streamA = on === 'stream' ? key('a') : unique('filter_a');
    const streamB = on === 'stream' ? key('b') : unique('filter_b');
    const type = (k: string) => (on === 'type' ? key(k) : 'test');
    const finishType = on === 'type' ? key('finish') : 'finish-test';
    await env.client.appendToStream(streamA, numberedEvents(8, type('a')));
    await env.client.appendToStream(unique('unrelated'), numberedEvents(8));
    await env.client.appendToStream(streamB, numberedEvents(8, type('b')));
    await env.client.appendToStream(streamA, [
      ...numberedEvents(8, type('c')),
      jsonEvent({ type: finishType, data: {} }),
    ]);
    const group = unique('filter_group');
    await env.client.createPersistentSubscriptionToAll(
      group,
      persistentSubscriptionToAllSettingsFromDefaults({ startFrom: START }),
      { filter },
    );
    const subscription = env.client.subscribeToPersistentSubscriptionToAll(group);
    let calls = 0;
    for await (const event of subscription) {
      calls++;
      await subscription.ack(event);
      if (event.event?.type === finishType) break;
    }
    await subscription.unsubscribe();
    expect(calls).toBe(8 + 8 + 8 + 1);
  });
});
