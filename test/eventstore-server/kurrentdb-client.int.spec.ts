/**
 * The successor client, @kurrent/kurrentdb-client 1.3.1, against the embedded server: what it
 * offers over the protocol this server speaks (appends, reads through its native bridge,
 * subscriptions, deletes, metadata), and KurrentDB 25.1's atomic multi-stream append, which the
 * client uses only when GetSupportedMethods advertises `AppendSession` (the rest of the suite
 * runs @eventstore/db-client 6.2.1 against the same advertisement, so its gates hold).
 *
 * The server runs in a child process, as a user's would: the two official clients' generated
 * protobuf code shares google-protobuf's global `proto` namespace, so they cannot be loaded in
 * one process (the second overwrites the first's message classes).
 */
import {
  ANY,
  END,
  NO_STREAM,
  STREAM_EXISTS,
  KurrentDBClient,
  StreamDeletedError,
  StreamNotFoundError,
  StreamTombstonedError,
  WrongExpectedVersionError,
  binaryEvent,
  jsonEvent,
  type AppendStreamRequest,
} from '@kurrent/kurrentdb-client';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The launcher alone: loading the server's code here would load the other client's protobufs.
import { EmbeddedEventStore } from '@hitos/eventstore-server/process/embedded-event-store';

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
