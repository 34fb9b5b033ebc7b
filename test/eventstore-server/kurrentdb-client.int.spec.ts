/**
 * The successor client, @kurrent/kurrentdb-client 1.3.1, against the embedded server: what it
 * offers over the protocol this server speaks (appends, reads through its native bridge,
 * subscriptions, deletes, metadata, a fresh database's system events, persistent subscriptions
 * to a stream and to `$all`, TLS with basic authentication and ACLs), and KurrentDB 25.1's atomic multi-stream append, which the
 * client uses only when GetSupportedMethods advertises `AppendSession` (the rest of the suite
 * runs @eventstore/db-client 6.2.1 against the same advertisement, so its gates hold), and
 * KurrentDB 26.1's AppendRecords (records naming their streams, consistency checks first).
 *
 * The server runs in a child process, as a user's would: the two official clients' generated
 * protobuf code shares google-protobuf's global `proto` namespace, so they cannot be loaded in
 * one process (the second overwrites the first's message classes).
 */
import {
  ANY,
  AccessDeniedError,
  END,
  NO_STREAM,
  STREAM_EXISTS,
  STREAM_STATE,
  AppendConsistencyViolationError,
  KurrentDBClient,
  PARK,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  StreamTombstonedError,
  WrongExpectedVersionError,
  binaryEvent,
  jsonEvent,
  persistentSubscriptionToAllSettingsFromDefaults,
  persistentSubscriptionToStreamSettingsFromDefaults,
  streamNameFilter,
  type AppendRecordInput,
  type AppendStreamRequest,
  type AppendStreamState,
  type ConsistencyCheck,
} from '@kurrent/kurrentdb-client';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The launcher alone: loading the server's code here would load the other client's protobufs.
import { EmbeddedEventStore } from '@hitos/eventstore-server/process/embedded-event-store';
import { FRESH_NODE } from './fresh-node';
import { makeCertificates } from './tls-certs';

let store: EmbeddedEventStore;
let dataDir: string;
let kurrent: KurrentDBClient;

const streamName = (label: string) => `${label}-${randomUUID()}`;
const collect = async <T>(source: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
};
async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error(`Timed out waiting for ${what}`);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'hitos-kurrentdb-client-'));
  store = await EmbeddedEventStore.start({ dataDir, host: '127.0.0.1', port: 0 });
  // The client's own scheme; `esdb://` works too, with a deprecation warning.
  kurrent = KurrentDBClient.connectionString(
    store.connectionString.replace(/^esdb:/, 'kurrentdb:'),
  );
});
afterAll(async () => {
  await kurrent?.dispose();
  await store?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const events = (n: number, type = 'Counted') =>
  Array.from({ length: n }, (_, i) => jsonEvent({ type, data: { i } }));

describe('@kurrent/kurrentdb-client 1.3.1: the v1 protocol it shares with EventStoreDB', () => {
  it('appends, reads a stream forwards and backwards, and reads $all', async () => {
    const stream = streamName('kurrent-append');
    const first = await kurrent.appendToStream(stream, events(3), { streamState: NO_STREAM });
    expect(first.nextExpectedRevision).toBe(2n);
    const forwards = await collect(kurrent.readStream(stream));
    expect(forwards.map((e) => e.event?.data)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    // Backwards from the end: this client's default start is the stream's start either way.
    const backwards = await collect(
      kurrent.readStream(stream, { direction: 'backwards', fromRevision: END }),
    );
    expect(backwards.map((e) => e.event?.revision)).toEqual([2n, 1n, 0n]);
    const all = await collect(kurrent.readAll());
    expect(all.filter((e) => e.event?.streamId === stream)).toHaveLength(3);
  });

  it('refuses a wrong expected revision with its typed error', async () => {
    const stream = streamName('kurrent-wev');
    await kurrent.appendToStream(stream, events(1));
    await expect(
      kurrent.appendToStream(stream, events(1), { streamState: NO_STREAM }),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
  });

  it('subscribes to a stream and sees what is appended after', async () => {
    const stream = streamName('kurrent-live');
    await kurrent.appendToStream(stream, events(1));
    const seen: unknown[] = [];
    const subscription = kurrent.subscribeToStream(stream);
    subscription.on('data', (e) => seen.push(e.event?.data));
    await kurrent.appendToStream(stream, events(2));
    await waitFor(() => seen.length === 3, 'three events on the subscription');
    await subscription.unsubscribe();
    expect(seen).toEqual([{ i: 0 }, { i: 0 }, { i: 1 }]);
  });

  it('sets and reads stream metadata, and tombstones a stream', async () => {
    const stream = streamName('kurrent-meta');
    await kurrent.appendToStream(stream, events(2));
    await kurrent.setStreamMetadata(stream, { maxCount: 1 });
    const { metadata } = await kurrent.getStreamMetadata(stream);
    expect(metadata?.maxCount).toBe(1);
    expect(await collect(kurrent.readStream(stream))).toHaveLength(1);
    await kurrent.tombstoneStream(stream);
    // The v1 append says "deleted", as EventStoreDB 24.10 does.
    await expect(kurrent.appendToStream(stream, events(1))).rejects.toBeInstanceOf(
      StreamDeletedError,
    );
  });
});

describe('a fresh database and persistent subscriptions, through the successor client', () => {
  it('reads, from the start of $all, the system events a fresh 24.10 node writes: its default users', async () => {
    const first = await collect(kurrent.readAll({ fromPosition: START, maxCount: 8 }));
    expect(first.map((e) => [e.event?.streamId, e.event?.type])).toEqual(FRESH_NODE);
  });

  it('to a stream: one group over two consumers, acks, a nack that parks, the parked replayed, info and list', async () => {
    const stream = streamName('kurrent-psub');
    const group = 'reviewers';
    await kurrent.createPersistentSubscriptionToStream(
      stream,
      group,
      persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START }),
    );
    const delivered: Array<{ consumer: string; i: number; retry: number }> = [];
    let parkedOnce = false;
    const consumers = ['a', 'b'].map((consumer) => {
      const subscription = kurrent.subscribeToPersistentSubscriptionToStream(stream, group, {
        bufferSize: 1,
      });
      subscription.on('data', (event) => {
        const i = (event.event?.data as { i: number }).i;
        delivered.push({ consumer, i, retry: event.retryCount });
        // The third event is refused the first time: parked, as a poison message would be.
        const park = i === 2 && !parkedOnce;
        parkedOnce ||= park;
        void (park
          ? subscription.nack(PARK, 'cannot review this one', event)
          : subscription.ack(event));
      });
      return subscription;
    });
    try {
      let info = await kurrent.getPersistentSubscriptionToStreamInfo(stream, group);
      for (let i = 0; i < 100 && info.connections.length < 2; i++) {
        await new Promise((r) => setTimeout(r, 20));
        info = await kurrent.getPersistentSubscriptionToStreamInfo(stream, group);
      }
      expect(info).toMatchObject({ groupName: group, eventSource: stream });
      expect(info.connections).toHaveLength(2);

      await kurrent.appendToStream(stream, events(6));
      await waitFor(() => delivered.length === 6, 'six deliveries');
      expect(delivered.map((d) => d.i).sort()).toEqual([0, 1, 2, 3, 4, 5]);
      // Round robin: both consumers of the group took a share.
      expect(new Set(delivered.map((d) => d.consumer))).toEqual(new Set(['a', 'b']));

      for (let i = 0; i < 100 && info.stats.parkedMessageCount !== BigInt(1); i++) {
        await new Promise((r) => setTimeout(r, 20));
        info = await kurrent.getPersistentSubscriptionToStreamInfo(stream, group);
      }
      expect(info.stats.parkedMessageCount).toBe(BigInt(1));

      await kurrent.replayParkedMessagesToStream(stream, group);
      await waitFor(() => delivered.length === 7, 'the parked event again');
      expect(delivered[6].i).toBe(2);

      const listed = await kurrent.listAllPersistentSubscriptions();
      expect(listed.map((l) => [l.eventSource, l.groupName])).toContainEqual([stream, group]);
    } finally {
      await Promise.all(consumers.map((c) => c.unsubscribe()));
      await kurrent.deletePersistentSubscriptionToStream(stream, group);
    }
    const left = await kurrent.listPersistentSubscriptionsToStream(stream);
    expect(left).toEqual([]);
  });

  it('to $all with a stream-name filter: only the streams it names, in the order of $all', async () => {
    const prefix = `kurrent-psub-all-${randomUUID()}-`;
    const group = `all-${randomUUID()}`;
    await kurrent.createPersistentSubscriptionToAll(
      group,
      persistentSubscriptionToAllSettingsFromDefaults({ startFrom: END }),
      { filter: streamNameFilter({ prefixes: [prefix] }) },
    );
    const seen: string[] = [];
    const subscription = kurrent.subscribeToPersistentSubscriptionToAll(group);
    subscription.on('data', (event) => {
      seen.push(
        `${event.event?.streamId.slice(prefix.length)}:${(event.event?.data as { i: number }).i}`,
      );
      void subscription.ack(event);
    });
    try {
      await kurrent.appendToStream(`${prefix}one`, events(2));
      await kurrent.appendToStream(streamName('kurrent-psub-elsewhere'), events(3));
      await kurrent.appendToStream(`${prefix}two`, events(1));
      await waitFor(() => seen.length === 3, 'three filtered events');
      expect(seen).toEqual(['one:0', 'one:1', 'two:0']);
      const info = await kurrent.getPersistentSubscriptionToAllInfo(group);
      expect(info.eventSource).toBe('$all');
    } finally {
      await subscription.unsubscribe();
      await kurrent.deletePersistentSubscriptionToAll(group);
    }
  });
});

describe('multiStreamAppend (KurrentDB 25.1 AppendSession): all streams or none', () => {
  it('appends to several streams in one commit, with the properties as metadata', async () => {
    const [a, b] = [streamName('multi-a'), streamName('multi-b')];
    const properties = { name: 'multiAppendTest', empty: '' };
    const requests: AppendStreamRequest[] = [
      {
        streamName: a,
        events: [jsonEvent({ type: 'Opened', data: { n: 1 }, metadata: properties })],
        expectedState: NO_STREAM,
      },
      { streamName: b, events: events(2), expectedState: ANY },
    ];
    const result = await kurrent.multiStreamAppend(requests);
    expect(result.responses).toEqual([
      { streamName: a, revision: 0n },
      { streamName: b, revision: 1n },
    ]);
    const [opened] = await collect(kurrent.readStream(a));
    expect(opened.event?.metadata).toEqual({
      ...properties,
      '$schema.name': 'Opened',
      '$schema.format': 'Json',
    });
    // One commit: b's last event is the session's position, and a's event precedes it.
    const [last] = await collect(
      kurrent.readStream(b, { direction: 'backwards', fromRevision: END, maxCount: 1 }),
    );
    expect(last.event?.position?.commit).toBe(result.position);
    expect(opened.event!.position!.commit < result.position).toBe(true);
    const both = await collect(kurrent.readStream(b));
    expect(both.map((e) => e.event?.data)).toEqual([{ i: 0 }, { i: 1 }]);
  });

  it('writes nothing at all when one stream is not as expected, naming it', async () => {
    const [fresh, existing] = [streamName('multi-fresh'), streamName('multi-existing')];
    await kurrent.appendToStream(existing, events(1));
    const refusal = await kurrent
      .multiStreamAppend([
        { streamName: fresh, events: events(1), expectedState: ANY },
        { streamName: existing, events: events(1), expectedState: NO_STREAM },
      ])
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(WrongExpectedVersionError);
    expect(refusal).toMatchObject({ streamName: existing, expectedState: 'no_stream' });
    expect((refusal as WrongExpectedVersionError).actualState).toBe(0n);
    await expect(collect(kurrent.readStream(fresh))).rejects.toBeInstanceOf(StreamNotFoundError);
    expect(await collect(kurrent.readStream(existing))).toHaveLength(1);
  });

  it('refuses a tombstoned stream and a stream that does not exist yet under stream_exists', async () => {
    const deleted = streamName('multi-deleted');
    await kurrent.tombstoneStream(deleted);
    await expect(
      kurrent.multiStreamAppend([
        { streamName: deleted, events: events(1), expectedState: STREAM_EXISTS },
      ]),
    ).rejects.toBeInstanceOf(StreamTombstonedError);
    await expect(
      kurrent.multiStreamAppend([
        {
          streamName: streamName('multi-missing'),
          events: events(1),
          expectedState: STREAM_EXISTS,
        },
      ]),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
  });

  it('answers a repeated session (same record ids) as the first, writing nothing twice', async () => {
    const [a, b] = [streamName('multi-again-a'), streamName('multi-again-b')];
    const requests: AppendStreamRequest[] = [
      { streamName: a, events: events(2), expectedState: NO_STREAM },
      { streamName: b, events: events(1), expectedState: NO_STREAM },
    ];
    const first = await kurrent.multiStreamAppend(requests);
    const again = await kurrent.multiStreamAppend(requests);
    expect(again.responses).toEqual(first.responses);
    expect(await collect(kurrent.readStream(a))).toHaveLength(2);
  });

  it('refuses one stream named twice in a session, and keeps binary records binary', async () => {
    const stream = streamName('multi-twice');
    await expect(
      kurrent.multiStreamAppend([
        { streamName: stream, events: events(1), expectedState: ANY },
        { streamName: stream.toUpperCase(), events: events(1), expectedState: ANY },
      ]),
    ).rejects.toThrow(/already in this append session/);
    await kurrent.multiStreamAppend([
      {
        streamName: stream,
        events: [binaryEvent({ type: 'Blob', data: Buffer.from([1, 2, 3]) })],
        expectedState: ANY,
      },
    ]);
    const [blob] = await collect(kurrent.readStream(stream));
    expect(blob.event?.isJson).toBe(false);
    expect(Buffer.from(blob.event!.data as Uint8Array)).toEqual(Buffer.from([1, 2, 3]));
    expect(blob.event?.metadata).toEqual({ '$schema.format': 'Bytes', '$schema.name': 'Blob' });
  });
});

// KurrentDB 26.1's AppendRecords: a record names its stream; checks name any stream.
const record = (stream: string, i: number, type = 'Counted'): AppendRecordInput => ({
  streamName: stream,
  record: jsonEvent({ type, data: { i } }),
});
const check = (stream: string, expectedState: AppendStreamState): ConsistencyCheck => ({
  type: STREAM_STATE,
  streamName: stream,
  expectedState,
});
describe('appendRecords (KurrentDB 26.1 AppendRecords): every check holds before anything is written', () => {
  const violationsOf = (error: unknown) => (error as AppendConsistencyViolationError).violations;
  // 26.1's state constants the client has no names for.
  const DELETED = -5n;
  const TOMBSTONED = -6n;

  it('writes records interleaved across two streams in one commit, in the order sent', async () => {
    const [a, b] = [streamName('records-a'), streamName('records-b')];
    await kurrent.appendToStream(b, events(1));
    const tagged: AppendRecordInput = {
      streamName: a,
      record: jsonEvent({ type: 'Interleaved', data: { i: 0 }, metadata: { by: 'test' } }),
    };
    const result = await kurrent.appendRecords(
      [tagged, record(b, 1, 'Interleaved'), record(a, 2, 'Interleaved')],
      [check(a, NO_STREAM), check(b, 0n)],
    );
    expect(result.responses).toEqual([
      { streamName: a, revision: 1n },
      { streamName: b, revision: 1n },
    ]);
    const written = (await collect(kurrent.readAll())).filter(
      (e) => e.event?.type === 'Interleaved' && [a, b].includes(e.event.streamId),
    );
    expect(written.map((e) => [e.event?.streamId, e.event?.data])).toEqual([
      [a, { i: 0 }],
      [b, { i: 1 }],
      [a, { i: 2 }],
    ]);
    expect(written[2].event?.position?.commit).toBe(result.position);
    expect(written[0].event?.metadata).toEqual({
      by: 'test',
      '$schema.name': 'Interleaved',
      '$schema.format': 'Json',
    });
  });

  it('writes nothing when checks fail, and names every failed check with its index', async () => {
    const [moved, existing, missing, steady, target] = [
      streamName('records-moved'),
      streamName('records-existing'),
      streamName('records-missing'),
      streamName('records-steady'),
      streamName('records-target'),
    ];
    await kurrent.appendToStream(moved, events(2));
    await kurrent.appendToStream(existing, events(1));
    await kurrent.appendToStream(steady, events(1));
    const refusal = await kurrent
      .appendRecords(
        [record(target, 0), record(existing, 1)],
        [
          check(moved, 5n),
          check(steady, 0n),
          check(existing, NO_STREAM),
          check(missing, STREAM_EXISTS),
        ],
      )
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppendConsistencyViolationError);
    expect(violationsOf(refusal)).toEqual([
      { checkIndex: 0, streamName: moved, expectedState: 5n, actualState: 1n },
      { checkIndex: 2, streamName: existing, expectedState: 'no_stream', actualState: 0n },
      {
        checkIndex: 3,
        streamName: missing,
        expectedState: 'stream_exists',
        actualState: 'no_stream',
      },
    ]);
    await expect(collect(kurrent.readStream(target))).rejects.toBeInstanceOf(StreamNotFoundError);
    expect(await collect(kurrent.readStream(existing))).toHaveLength(1);
  });

  it('checks a stream it does not write: the decision holds only while that stream stays put', async () => {
    const [decision, target] = [streamName('records-decision'), streamName('records-out')];
    await kurrent.appendToStream(decision, events(1));
    const first = await kurrent.appendRecords([record(target, 0)], [check(decision, 0n)]);
    expect(first.responses).toEqual([{ streamName: target, revision: 0n }]);
    await kurrent.appendToStream(decision, events(1));
    const stale = await kurrent
      .appendRecords([record(target, 1)], [check(decision, 0n)])
      .catch((error: unknown) => error);
    expect(violationsOf(stale)).toEqual([
      { checkIndex: 0, streamName: decision, expectedState: 0n, actualState: 1n },
    ]);
    expect(await collect(kurrent.readStream(target))).toHaveLength(1);
  });

  it('knows soft-deleted and tombstoned streams, and never writes to a tombstoned one', async () => {
    const [soft, tomb, other] = [
      streamName('records-soft'),
      streamName('records-tomb'),
      streamName('records-other'),
    ];
    await kurrent.appendToStream(soft, events(2));
    await kurrent.deleteStream(soft);
    await kurrent.tombstoneStream(tomb);
    const refused = await kurrent
      .appendRecords([record(other, 0)], [check(soft, STREAM_EXISTS), check(tomb, 0n)])
      .catch((error: unknown) => error);
    expect(violationsOf(refused)).toEqual([
      { checkIndex: 0, streamName: soft, expectedState: 'stream_exists', actualState: DELETED },
      { checkIndex: 1, streamName: tomb, expectedState: 0n, actualState: TOMBSTONED },
    ]);
    // Expecting DELETED, a write revives the stream after its old last revision.
    const revived = await kurrent.appendRecords(
      [record(soft, 7)],
      [check(soft, DELETED), check(tomb, TOMBSTONED)],
    );
    expect(revived.responses).toEqual([{ streamName: soft, revision: 2n }]);
    expect((await collect(kurrent.readStream(soft))).map((e) => e.event?.data)).toEqual([{ i: 7 }]);
    // A written stream without a check is checked as ANY, numbered after the request's checks.
    const onTomb = await kurrent
      .appendRecords([record(other, 1), record(tomb, 2)], [check(soft, 2n)])
      .catch((error: unknown) => error);
    expect(violationsOf(onTomb)).toEqual([
      { checkIndex: 2, streamName: tomb, expectedState: 'any', actualState: TOMBSTONED },
    ]);
    await expect(collect(kurrent.readStream(other))).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('refuses a check expecting ANY and a stream checked twice, as 26.1 does', async () => {
    const stream = streamName('records-invalid');
    await expect(kurrent.appendRecords([record(stream, 0)], [check(stream, ANY)])).rejects.toThrow(
      /Any \(-2\) is not allowed/,
    );
    await expect(
      kurrent.appendRecords(
        [record(stream, 0)],
        [check(stream, NO_STREAM), check(stream.toUpperCase(), NO_STREAM)],
      ),
    ).rejects.toThrow(/only appear once in consistency checks/);
    await expect(collect(kurrent.readStream(stream))).rejects.toBeInstanceOf(StreamNotFoundError);
  });
});

describe('appendRecords under --auth: write access to written streams, read access to checked ones', () => {
  // Secured as `--auth --tls-cert … --tls-key … --tls-ca …` would secure it, through the launcher.
  let secured: EmbeddedEventStore;
  const dirs: string[] = [];
  const clients: KurrentDBClient[] = [];
  const as = (user: string) => {
    const client = KurrentDBClient.connectionString(
      secured.connectionString.replace(/^esdb:\/\//, `kurrentdb://${user}@`),
    );
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    const [certDir, dataDir] = await Promise.all([
      mkdtemp(join(tmpdir(), 'hitos-kurrentdb-certs-')),
      mkdtemp(join(tmpdir(), 'hitos-kurrentdb-auth-')),
    ]);
    dirs.push(certDir, dataDir);
    secured = await EmbeddedEventStore.start({
      dataDir,
      host: '127.0.0.1',
      port: 0,
      tls: makeCertificates(certDir),
      auth: { enabled: true, opsPassword: 'ops-secret' },
    });
    expect(secured.connectionString).toMatch(/tls=true&tlsCAFile=/);
  });
  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.dispose()));
    await secured?.stop();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('refuses a user who may not read a checked stream or write a written one, and writes nothing', async () => {
    const admin = as('admin:changeit');
    const ops = as('ops:ops-secret');
    const [hidden, sealed, open] = [
      streamName('auth-hidden'),
      streamName('auth-sealed'),
      streamName('auth-open'),
    ];
    await admin.appendToStream(hidden, events(1));
    await admin.setStreamMetadata(hidden, { acl: { readRoles: ['$admins'] } });
    await admin.appendToStream(sealed, events(1));
    await admin.setStreamMetadata(sealed, { acl: { writeRoles: ['$admins'] } });
    await expect(ops.appendRecords([record(open, 0)], [check(hidden, 0n)])).rejects.toBeInstanceOf(
      AccessDeniedError,
    );
    await expect(ops.appendRecords([record(open, 0), record(sealed, 1)])).rejects.toBeInstanceOf(
      AccessDeniedError,
    );
    await expect(collect(admin.readStream(open))).rejects.toBeInstanceOf(StreamNotFoundError);
    // Reading a stream is enough to check it.
    const checked = await ops.appendRecords([record(open, 2)], [check(sealed, 0n)]);
    expect(checked.responses).toEqual([{ streamName: open, revision: 0n }]);
    const byAdmin = await admin.appendRecords([record(sealed, 3)], [check(hidden, 0n)]);
    expect(byAdmin.responses).toEqual([{ streamName: sealed, revision: 1n }]);
  });
});
