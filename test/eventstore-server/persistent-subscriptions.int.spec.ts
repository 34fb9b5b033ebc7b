/**
 * Persistent subscription groups, managed through the official client over gRPC as EventStoreDB
 * 24.10 serves them (PersistentSubscriptions.Create/Update/Delete/GetInfo/List/RestartSubsystem):
 * the methods advertised with features "stream" and "all" (so the client never falls back to the
 * HTTP API), EventStoreDB's errors, and definitions kept in `$persistentSubscriptionConfig`,
 * which a restarted server loads again.
 */
import {
  DISPATCH_TO_SINGLE,
  END,
  PINNED,
  PersistentSubscriptionDoesNotExistError,
  PersistentSubscriptionDroppedError,
  PersistentSubscriptionExistsError,
  PersistentSubscriptionFailedError,
  ROUND_ROBIN,
  START,
  UNBOUNDED,
  eventTypeFilter,
  jsonEvent,
  persistentSubscriptionToAllSettingsFromDefaults,
  persistentSubscriptionToStreamSettingsFromDefaults,
  type EventStoreDBClient,
} from '@hitos/event-store/esdb-client';
import type { RunningEventStoreServer } from '@hitos/eventstore-server';
import {
  SubscriptionRecorder,
  connect,
  expectRejection,
  makeDataDir,
  readStreamEvents,
  removeDataDir,
  startServer,
  streamName,
} from './harness';

let dataDir: string;
let server: RunningEventStoreServer;
let client: EventStoreDBClient;
const recorders: SubscriptionRecorder[] = [];

afterEach(async () => {
  await Promise.allSettled(recorders.splice(0).map((r) => r.stop()));
});

beforeAll(async () => {
  dataDir = await makeDataDir();
  server = await startServer(dataDir);
  client = connect(server.connectionString);
});

afterAll(async () => {
  await client?.dispose();
  await server?.stop();
  await removeDataDir(dataDir);
});

describe('a server without groups', () => {
  it('lists none, and $all as a stream that never had one', async () => {
    expect(await client.listAllPersistentSubscriptions()).toEqual([]);
    const error = await expectRejection(
      client.listPersistentSubscriptionsToAll(),
      PersistentSubscriptionDoesNotExistError,
    );
    expect(error.message).toBe('5 NOT_FOUND: Subscription group  on stream $all does not exist.');
    expect(error.streamName).toBe('$all');
  });
});

describe('a group on a stream', () => {
  it('is created, listed, described, updated and deleted', async () => {
    const stream = streamName('ps-crud');
    await client.createPersistentSubscriptionToStream(
      stream,
      'audit',
      persistentSubscriptionToStreamSettingsFromDefaults({
        startFrom: START,
        maxRetryCount: 3,
        messageTimeout: 5_000,
        consumerStrategyName: DISPATCH_TO_SINGLE,
        checkPointLowerBound: 2,
        checkPointUpperBound: 50,
        readBatchSize: 7,
        historyBufferSize: 70,
        maxSubscriberCount: 4,
      }),
    );

    const info = await client.getPersistentSubscriptionToStreamInfo(stream, 'audit');
    expect(info.eventSource).toBe(stream);
    expect(info.groupName).toBe('audit');
    expect(info.settings).toMatchObject({
      startFrom: START,
      maxRetryCount: 3,
      messageTimeout: 5_000,
      consumerStrategyName: DISPATCH_TO_SINGLE,
      checkPointLowerBound: 2,
      checkPointUpperBound: 50,
      readBatchSize: 7,
      historyBufferSize: 70,
      maxSubscriberCount: 4,
      resolveLinkTos: false,
    });
    expect(info.connections).toEqual([]);
    expect(info.stats.parkedMessageCount).toBe(0n);

    const listed = await client.listPersistentSubscriptionsToStream(stream);
    expect(listed.map((i) => i.groupName)).toEqual(['audit']);

    await client.updatePersistentSubscriptionToStream(
      stream,
      'audit',
      persistentSubscriptionToStreamSettingsFromDefaults({
        startFrom: 5n,
        maxRetryCount: 9,
        consumerStrategyName: PINNED,
        maxSubscriberCount: UNBOUNDED,
      }),
    );
    const updated = await client.getPersistentSubscriptionToStreamInfo(stream, 'audit');
    expect(updated.settings).toMatchObject({
      startFrom: 5n,
      maxRetryCount: 9,
      consumerStrategyName: PINNED,
      maxSubscriberCount: UNBOUNDED,
    });

    await client.deletePersistentSubscriptionToStream(stream, 'audit');
    await expectRejection(
      client.getPersistentSubscriptionToStreamInfo(stream, 'audit'),
      PersistentSubscriptionDoesNotExistError,
    );
    // The stream has had a group since the start, so it lists as empty rather than NotFound.
    expect(await client.listPersistentSubscriptionsToStream(stream)).toEqual([]);
  });

  it('refuses a second group of the same name with PersistentSubscriptionExistsError', async () => {
    const stream = streamName('ps-twice');
    const settings = persistentSubscriptionToStreamSettingsFromDefaults();
    await client.createPersistentSubscriptionToStream(stream, 'g', settings);
    const error = await expectRejection(
      client.createPersistentSubscriptionToStream(stream, 'g', settings),
      PersistentSubscriptionExistsError,
    );
    expect(error.streamName).toBe(stream);
    expect(error.groupName).toBe('g');
    // The same group name on another stream is another group.
    await client.createPersistentSubscriptionToStream(streamName('ps-other'), 'g', settings);
  });

  it('answers PersistentSubscriptionDoesNotExistError for what is not there', async () => {
    const stream = streamName('ps-missing');
    const settings = persistentSubscriptionToStreamSettingsFromDefaults();
    const update = await expectRejection(
      client.updatePersistentSubscriptionToStream(stream, 'nope', settings),
      PersistentSubscriptionDoesNotExistError,
    );
    expect(update.groupName).toBe('nope');
    await expectRejection(
      client.deletePersistentSubscriptionToStream(stream, 'nope'),
      PersistentSubscriptionDoesNotExistError,
    );
    await expectRejection(
      client.replayParkedMessagesToStream(stream, 'nope'),
      PersistentSubscriptionDoesNotExistError,
    );
    const list = await expectRejection(
      client.listPersistentSubscriptionsToStream(stream),
      PersistentSubscriptionDoesNotExistError,
    );
    expect(list.message).toContain(`Subscription group  on stream ${stream} does not exist.`);
  });
});

describe('connected consumers', () => {
  it('are dropped when their group is updated or deleted', async () => {
    const stream = streamName('ps-drop');
    const settings = persistentSubscriptionToStreamSettingsFromDefaults();
    await client.createPersistentSubscriptionToStream(stream, 'g', settings);
    const subscribe = () => {
      const recorder = new SubscriptionRecorder(
        client.subscribeToPersistentSubscriptionToStream(stream, 'g'),
      );
      recorders.push(recorder);
      return recorder;
    };

    const first = subscribe();
    await first.waitForSignal('confirmation');
    await client.updatePersistentSubscriptionToStream(stream, 'g', settings);
    const dropped = await first.waitForError();
    expect(dropped).toBeInstanceOf(PersistentSubscriptionDroppedError);
    expect((dropped as PersistentSubscriptionDroppedError).groupName).toBe('g');

    const second = subscribe();
    await second.waitForSignal('confirmation');
    await client.deletePersistentSubscriptionToStream(stream, 'g');
    expect(await second.waitForError()).toBeInstanceOf(PersistentSubscriptionDroppedError);

    expect(await subscribe().waitForError()).toBeInstanceOf(
      PersistentSubscriptionDoesNotExistError,
    );
  });

  it('are dropped by a restart of the subsystem, and may connect again at once', async () => {
    const stream = streamName('ps-restart-drop');
    await client.createPersistentSubscriptionToStream(
      stream,
      'g',
      persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START }),
    );
    await client.appendToStream(stream, jsonEvent({ type: 'ps-restart', data: { n: 0 } }));
    const subscribe = () => {
      const recorder = new SubscriptionRecorder(
        client.subscribeToPersistentSubscriptionToStream(stream, 'g'),
      );
      recorders.push(recorder);
      return recorder;
    };
    const before = subscribe();
    await before.waitForEvents(1);
    await client.restartPersistentSubscriptionSubsystem();
    expect(await before.waitForError()).toBeInstanceOf(PersistentSubscriptionDroppedError);
    // Not acknowledged before the restart, so delivered again.
    const after = subscribe();
    await after.waitForEvents(1);
    expect(after.events[0].event!.id).toBe(before.events[0].event!.id);
  });
});

describe('a group on $all', () => {
  it('is created with a filter, listed with the stream groups, updated and deleted', async () => {
    await client.createPersistentSubscriptionToAll(
      'all-audit',
      persistentSubscriptionToAllSettingsFromDefaults({ startFrom: START, maxRetryCount: 2 }),
      { filter: eventTypeFilter({ prefixes: ['ps-all-'] }) },
    );
    const info = await client.getPersistentSubscriptionToAllInfo('all-audit');
    expect(info.eventSource).toBe('$all');
    expect(info.settings.startFrom).toBe(START);
    expect(info.settings.maxRetryCount).toBe(2);

    const all = await client.listAllPersistentSubscriptions();
    expect(all.map((i) => [i.eventSource, i.groupName])).toContainEqual(['$all', 'all-audit']);
    const toAll = await client.listPersistentSubscriptionsToAll();
    expect(toAll.map((i) => i.groupName)).toEqual(['all-audit']);

    const { position } = await client.appendToStream(
      streamName('ps-all-src'),
      jsonEvent({ type: 'ps-all-x', data: {} }),
    );
    await client.updatePersistentSubscriptionToAll(
      'all-audit',
      persistentSubscriptionToAllSettingsFromDefaults({
        startFrom: position!,
        consumerStrategyName: ROUND_ROBIN,
      }),
    );
    const updated = await client.getPersistentSubscriptionToAllInfo('all-audit');
    expect(updated.settings.startFrom).toEqual(position);

    await expectRejection(
      client.createPersistentSubscriptionToAll(
        'all-audit',
        persistentSubscriptionToAllSettingsFromDefaults(),
      ),
      PersistentSubscriptionExistsError,
    );
    await client.deletePersistentSubscriptionToAll('all-audit');
    await expectRejection(
      client.getPersistentSubscriptionToAllInfo('all-audit'),
      PersistentSubscriptionDoesNotExistError,
    );
  });

  it('is not created through the stream API under the name $all', async () => {
    const error = await expectRejection(
      client.createPersistentSubscriptionToStream(
        '$all',
        'sneaky',
        persistentSubscriptionToStreamSettingsFromDefaults(),
      ),
      PersistentSubscriptionFailedError,
    );
    expect(error.reason).toBe(
      'Persistent subscriptions to $all are only supported over gRPC through gRPC clients',
    );
  });

  it('refuses a start position past the end of the log', async () => {
    await expectRejection(
      client.createPersistentSubscriptionToAll(
        'too-far',
        persistentSubscriptionToAllSettingsFromDefaults({
          startFrom: { commit: 10n ** 15n, prepare: 10n ** 15n },
        }),
      ),
      PersistentSubscriptionFailedError,
    );
  });
});

describe('the definitions', () => {
  it('are kept in $persistentSubscriptionConfig and loaded again after a restart', async () => {
    const stream = streamName('ps-durable');
    await client.createPersistentSubscriptionToStream(
      stream,
      'kept',
      persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: END, maxRetryCount: 4 }),
    );
    await client.createPersistentSubscriptionToAll(
      'kept-all',
      persistentSubscriptionToAllSettingsFromDefaults({ startFrom: START }),
      { filter: eventTypeFilter({ regex: '^ps-durable' }) },
    );

    const [config] = await readStreamEvents(client, '$persistentSubscriptionConfig', {
      direction: 'backwards',
      fromRevision: END,
      maxCount: 1,
    });
    expect(config.event!.type).toBe('$PersistentConfig');
    const stored = config.event!.data as {
      Version: string;
      Entries: Array<Record<string, unknown>>;
    };
    expect(stored.Version).toBe('2');
    expect(stored.Entries).toContainEqual(
      expect.objectContaining({
        Stream: stream,
        Group: 'kept',
        StartPosition: '-1',
        MaxRetryCount: 4,
        NamedConsumerStrategy: 'RoundRobin',
        Filter: null,
      }),
    );
    expect(stored.Entries).toContainEqual(
      expect.objectContaining({
        Stream: '$all',
        Group: 'kept-all',
        StartPosition: 'C:0/P:0',
        Filter: { Context: 'eventtype', Type: 'regex', Data: '^ps-durable', IsAllStream: true },
      }),
    );

    await client.dispose();
    await server.stop();
    server = await startServer(dataDir);
    client = connect(server.connectionString);

    const info = await client.getPersistentSubscriptionToStreamInfo(stream, 'kept');
    expect(info.settings).toMatchObject({ startFrom: END, maxRetryCount: 4 });
    expect((await client.getPersistentSubscriptionToAllInfo('kept-all')).settings.startFrom).toBe(
      START,
    );
  });

  it('survive a restart of the subsystem', async () => {
    const stream = streamName('ps-restart');
    await client.createPersistentSubscriptionToStream(
      stream,
      'g',
      persistentSubscriptionToStreamSettingsFromDefaults(),
    );
    await client.restartPersistentSubscriptionSubsystem();
    expect(
      (await client.listPersistentSubscriptionsToStream(stream)).map((i) => i.groupName),
    ).toEqual(['g']);
  });
});
