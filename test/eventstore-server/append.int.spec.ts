/**
 * appendToStream over both RPCs the official client uses: BatchAppend (default, because the
 * server advertises it) and Append (whenever the call carries per-call credentials; see the
 * client's dist/streams/appendToStream/index.js). Expected-revision rules, WrongExpectedVersion
 * details, positions and idempotency follow EventStoreDB 24.10 (IndexWriter.CheckCommit,
 * Streams.Append.cs, Streams.BatchAppend.cs).
 */
import { randomUUID } from 'node:crypto';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import {
  ANY,
  BACKWARDS,
  END,
  MaxAppendSizeExceededError,
  NO_STREAM,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
} from '@hitos/event-store/esdb-client';
import {
  APPEND_PATHS,
  ADMIN,
  MiB,
  binaryOfSize,
  expectRejection,
  numberedEvents,
  positionOf,
  range,
  readAllEvents,
  readStreamEvents,
  revisionsOf,
  streamName,
  useServer,
} from './harness';

const env = useServer();

describe.each(APPEND_PATHS)('appendToStream over %s', (path, callOptions) => {
  describe('expected revision any', () => {
    it('given a new stream, when appending three events, then revisions 0..2 are written and 2 is the next expected revision', async () => {
      const stream = streamName(`append-any-${path}`);

      const result = await env.client.appendToStream(stream, numberedEvents(3), {
        ...callOptions,
        expectedRevision: ANY,
      });

      expect(result.success).toBe(true);
      expect(result.nextExpectedRevision).toBe(2n);
      expect(result.position).toBeDefined();
      expect(revisionsOf(await readStreamEvents(env.client, stream))).toEqual(range(0, 3));
    });

    it('given an existing stream, when appending with any, then revisions continue', async () => {
      const stream = streamName(`append-any-existing-${path}`);
      await env.client.appendToStream(stream, numberedEvents(2), callOptions);

      const result = await env.client.appendToStream(
        stream,
        numberedEvents(2, 'numbered', 2),
        callOptions,
      );

      expect(result.nextExpectedRevision).toBe(3n);
      const events = await readStreamEvents(env.client, stream);
      expect(revisionsOf(events)).toEqual(range(0, 4));
      expect(events.map((e) => (e.event!.data as { n: number }).n)).toEqual([0, 1, 2, 3]);
    });
  });

  describe('expected revision no_stream', () => {
    it('given no stream, when appending with no_stream, then it succeeds at revision 0', async () => {
      const stream = streamName(`append-nostream-${path}`);

      const result = await env.client.appendToStream(stream, numberedEvents(1), {
        ...callOptions,
        expectedRevision: NO_STREAM,
      });

      expect(result.nextExpectedRevision).toBe(0n);
    });

    it('given a stream at revision 1, when appending with no_stream, then WrongExpectedVersionError(no_stream, 1) and nothing is written', async () => {
      const stream = streamName(`append-nostream-wev-${path}`);
      await env.client.appendToStream(stream, numberedEvents(2), callOptions);

      const error = await expectRejection(
        env.client.appendToStream(stream, numberedEvents(1), {
          ...callOptions,
          expectedRevision: NO_STREAM,
        }),
        WrongExpectedVersionError,
      );

      expect(error.streamName).toBe(stream);
      expect(error.expectedVersion).toBe('no_stream');
      expect(error.actualVersion).toBe(1n);
      expect(revisionsOf(await readStreamEvents(env.client, stream))).toEqual(range(0, 2));
    });
  });

  describe('expected revision stream_exists', () => {
    it('given an existing stream, when appending with stream_exists, then it succeeds', async () => {
      const stream = streamName(`append-exists-${path}`);
      await env.client.appendToStream(stream, numberedEvents(1), callOptions);

      const result = await env.client.appendToStream(stream, numberedEvents(1), {
        ...callOptions,
        expectedRevision: STREAM_EXISTS,
      });

      expect(result.nextExpectedRevision).toBe(1n);
    });

    it('given no stream, when appending with stream_exists, then WrongExpectedVersionError(stream_exists, no_stream) and the stream stays missing', async () => {
      const stream = streamName(`append-exists-wev-${path}`);

      const error = await expectRejection(
        env.client.appendToStream(stream, numberedEvents(1), {
          ...callOptions,
          expectedRevision: STREAM_EXISTS,
        }),
        WrongExpectedVersionError,
      );

      expect(error.streamName).toBe(stream);
      expect(error.expectedVersion).toBe('stream_exists');
      expect(error.actualVersion).toBe('no_stream');
      await expectRejection(readStreamEvents(env.client, stream), StreamNotFoundError);
    });

    it('given a stream that only has metadata, when appending with stream_exists, then it succeeds at revision 0', async () => {
      // IndexWriter.CheckCommit: StreamExists on a missing stream passes when its metastream has events.
      const stream = streamName(`append-exists-meta-${path}`);
      await env.client.setStreamMetadata(stream, { maxCount: 10 });

      const result = await env.client.appendToStream(stream, numberedEvents(1), {
        ...callOptions,
        expectedRevision: STREAM_EXISTS,
      });

      expect(result.nextExpectedRevision).toBe(0n);
    });
  });

  describe('exact expected revision', () => {
    it('given a stream at revision 1, when appending with expected revision 1, then it succeeds with next expected revision 3', async () => {
      const stream = streamName(`append-exact-${path}`);
      await env.client.appendToStream(stream, numberedEvents(2), callOptions);

      const result = await env.client.appendToStream(stream, numberedEvents(2), {
        ...callOptions,
        expectedRevision: 1n,
      });

      expect(result.nextExpectedRevision).toBe(3n);
    });

    it('given a stream at revision 1, when appending with expected revision 5, then WrongExpectedVersionError(5, 1)', async () => {
      const stream = streamName(`append-exact-high-${path}`);
      await env.client.appendToStream(stream, numberedEvents(2), callOptions);

      const error = await expectRejection(
        env.client.appendToStream(stream, numberedEvents(1), {
          ...callOptions,
          expectedRevision: 5n,
        }),
        WrongExpectedVersionError,
      );

      expect(error).toMatchObject({ streamName: stream, expectedVersion: 5n, actualVersion: 1n });
      expect(revisionsOf(await readStreamEvents(env.client, stream))).toEqual(range(0, 2));
    });

    it('given a stream at revision 2, when appending new events with expected revision 0, then WrongExpectedVersionError(0, 2)', async () => {
      const stream = streamName(`append-exact-low-${path}`);
      await env.client.appendToStream(stream, numberedEvents(3), callOptions);

      const error = await expectRejection(
        env.client.appendToStream(stream, numberedEvents(1), {
          ...callOptions,
          expectedRevision: 0n,
        }),
        WrongExpectedVersionError,
      );

      expect(error).toMatchObject({ streamName: stream, expectedVersion: 0n, actualVersion: 2n });
    });

    it('given no stream, when appending with expected revision 0, then WrongExpectedVersionError(0, no_stream)', async () => {
      const stream = streamName(`append-exact-missing-${path}`);

      const error = await expectRejection(
        env.client.appendToStream(stream, numberedEvents(1), {
          ...callOptions,
          expectedRevision: 0n,
        }),
        WrongExpectedVersionError,
      );

      expect(error).toMatchObject({
        streamName: stream,
        expectedVersion: 0n,
        actualVersion: 'no_stream',
      });
      await expectRejection(readStreamEvents(env.client, stream), StreamNotFoundError);
    });
  });

  describe('positions', () => {
    it('given three appends, when comparing their results, then each position is that of the last event written and positions strictly increase', async () => {
      const stream = streamName(`append-positions-${path}`);

      const first = await env.client.appendToStream(stream, numberedEvents(2), callOptions);
      const second = await env.client.appendToStream(
        stream,
        numberedEvents(3, 'numbered', 2),
        callOptions,
      );
      const third = await env.client.appendToStream(
        stream,
        numberedEvents(1, 'numbered', 5),
        callOptions,
      );

      const events = await readStreamEvents(env.client, stream);
      expect(first.position).toEqual(positionOf(events[1]));
      expect(second.position).toEqual(positionOf(events[4]));
      expect(third.position).toEqual(positionOf(events[5]));
      expect(first.position!.commit).toBeLessThan(second.position!.commit);
      expect(second.position!.commit).toBeLessThan(third.position!.commit);
      for (const e of events) expect(positionOf(e).commit).toBe(positionOf(e).prepare);

      const inAll = (
        await readAllEvents(env.client, { direction: BACKWARDS, fromPosition: END, maxCount: 50 })
      ).find((e) => e.event?.id === events[5].event!.id);
      expect(inAll?.event?.position).toEqual(third.position);
    });
  });

  describe('idempotency', () => {
    it('given an append with expected revision any, when the same event ids are appended again with any, then the original result comes back and nothing is added', async () => {
      const stream = streamName(`idem-any-${path}`);
      const events = numberedEvents(2);
      const original = await env.client.appendToStream(stream, events, {
        ...callOptions,
        expectedRevision: ANY,
      });

      const retry = await env.client.appendToStream(stream, events, {
        ...callOptions,
        expectedRevision: ANY,
      });

      expect(retry.nextExpectedRevision).toBe(original.nextExpectedRevision);
      expect(retry.position).toEqual(original.position);
      const stored = await readStreamEvents(env.client, stream);
      expect(stored.map((e) => e.event!.id)).toEqual(events.map((e) => e.id));
    });

    it('given an append with exact expected revision 0, when the same events are appended again with expected revision 0, then the original result comes back and nothing is added', async () => {
      const stream = streamName(`idem-exact-${path}`);
      await env.client.appendToStream(stream, numberedEvents(1), callOptions);
      const events = numberedEvents(2, 'numbered', 1);
      const original = await env.client.appendToStream(stream, events, {
        ...callOptions,
        expectedRevision: 0n,
      });

      const retry = await env.client.appendToStream(stream, events, {
        ...callOptions,
        expectedRevision: 0n,
      });

      expect(original.nextExpectedRevision).toBe(2n);
      expect(retry.nextExpectedRevision).toBe(2n);
      expect(retry.position).toEqual(original.position);
      expect(revisionsOf(await readStreamEvents(env.client, stream))).toEqual(range(0, 3));
    });

    it('given an append with no_stream, when the same events are appended again with no_stream, then the original result comes back', async () => {
      const stream = streamName(`idem-nostream-${path}`);
      const events = numberedEvents(2);
      const original = await env.client.appendToStream(stream, events, {
        ...callOptions,
        expectedRevision: NO_STREAM,
      });

      const retry = await env.client.appendToStream(stream, events, {
        ...callOptions,
        expectedRevision: NO_STREAM,
      });

      expect(retry).toEqual(original);
      expect(revisionsOf(await readStreamEvents(env.client, stream))).toEqual(range(0, 2));
    });
  });
});

describe('choice of append RPC', () => {
  afterEach(() => jest.restoreAllMocks());

  it('given a server advertising BatchAppend, when appending without per-call credentials, then the client uses BatchAppend', async () => {
    const batchAppend = jest.spyOn(StreamsClient.prototype, 'batchAppend');
    const append = jest.spyOn(StreamsClient.prototype, 'append');
    const client = env.newClient();

    await client.appendToStream(streamName('rpc-batch'), numberedEvents(1));

    expect(batchAppend).toHaveBeenCalled();
    expect(append).not.toHaveBeenCalled();
  });

  it('given a call with per-call credentials, when appending, then the client uses Append', async () => {
    const batchAppend = jest.spyOn(StreamsClient.prototype, 'batchAppend');
    const append = jest.spyOn(StreamsClient.prototype, 'append');
    const client = env.newClient();

    await client.appendToStream(streamName('rpc-plain'), numberedEvents(1), { credentials: ADMIN });

    expect(append).toHaveBeenCalledTimes(1);
    expect(batchAppend).not.toHaveBeenCalled();
  });
});

describe('BatchAppend error isolation', () => {
  it('given failing and succeeding appends multiplexed on one BatchAppend stream, when they run together, then each gets its own outcome and later appends still work', async () => {
    const client = env.newClient();
    const existing = streamName('isolation-existing');
    const tombstoned = streamName('isolation-tombstoned');
    await client.appendToStream(existing, numberedEvents(2));
    await client.tombstoneStream(tombstoned);
    const good = [streamName('isolation-good'), streamName('isolation-good')];

    const outcomes = await Promise.allSettled([
      client.appendToStream(good[0], numberedEvents(1)),
      client.appendToStream(existing, numberedEvents(1), { expectedRevision: 7n }),
      client.appendToStream(tombstoned, numberedEvents(1)),
      client.appendToStream(existing, binaryOfSize(MiB + MiB / 10)),
      client.appendToStream(good[1], numberedEvents(2)),
    ]);

    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    const reasons = outcomes.map((o) => (o.status === 'rejected' ? o.reason : undefined));
    expect(reasons[1]).toBeInstanceOf(WrongExpectedVersionError);
    expect(reasons[1]).toMatchObject({
      streamName: existing,
      expectedVersion: 7n,
      actualVersion: 1n,
    });
    expect(reasons[2]).toBeInstanceOf(StreamDeletedError);
    expect(reasons[2]).toMatchObject({ streamName: tombstoned });
    expect(reasons[3]).toBeInstanceOf(MaxAppendSizeExceededError);
    expect(reasons[3]).toMatchObject({ maxAppendSize: MiB });

    for (let i = 0; i < 5; i++) {
      await expectRejection(
        client.appendToStream(existing, numberedEvents(1), { expectedRevision: 99n }),
        WrongExpectedVersionError,
      );
      const result = await client.appendToStream(
        existing,
        jsonEvent({ id: randomUUID(), type: 'after', data: { i } }),
      );
      expect(result.nextExpectedRevision).toBe(BigInt(2 + i));
    }
    expect(revisionsOf(await readStreamEvents(client, existing))).toEqual(range(0, 7));
    expect(revisionsOf(await readStreamEvents(client, good[1]))).toEqual(range(0, 2));
  });
});
