/**
 * Stream metadata: the client writes a $metadata JSON event to $$stream (setStreamMetadata) and
 * reads the last event of $$stream back (getStreamMetadata). Reads of the stream honour
 * $maxCount, $tb and $maxAge (IndexReader.ReadStreamEventsForward/Backward).
 */
import {
  BACKWARDS,
  END,
  StreamNotFoundError,
  jsonEvent,
  type StreamMetadata,
} from '@hitos/event-store/esdb-client';
import {
  expectRejection,
  numberedEvents,
  readStreamEvents,
  revisionsOf,
  sleep,
  streamName,
  useServer,
} from './harness';

const env = useServer();

/** long.MaxValue, as the client's JSON.parse sees the $tb written by a soft delete. */
const DELETED_TRUNCATE_BEFORE = Number('9223372036854775807');

describe('stream metadata round trip', () => {
  it('given every well-known key and custom keys, when setting and getting the metadata, then all of it comes back', async () => {
    const stream = streamName('meta-roundtrip');
    const metadata: StreamMetadata = {
      maxCount: 50,
      maxAge: 3600,
      truncateBefore: 2,
      cacheControl: 60,
      acl: {
        readRoles: ['$all', 'readers'],
        writeRoles: ['$all', 'writers'],
        deleteRoles: ['$all'],
        metaReadRoles: ['$all'],
        metaWriteRoles: ['$all'],
      },
      owner: 'team-a',
      nested: { level: 2, tags: ['x', 'y'] },
    };

    const result = await env.client.setStreamMetadata(stream, metadata);

    expect(result.nextExpectedRevision).toBe(0n);
    const read = await env.client.getStreamMetadata(stream);
    expect(read.streamName).toBe(stream);
    expect(read.metadata).toEqual(metadata);
  });

  it('given metadata set twice, when getting it, then the latest wins', async () => {
    const stream = streamName('meta-latest');
    await env.client.setStreamMetadata(stream, { maxCount: 1, owner: 'first' });

    const second = await env.client.setStreamMetadata(stream, { maxAge: 10 });

    expect(second.nextExpectedRevision).toBe(1n);
    expect((await env.client.getStreamMetadata(stream)).metadata).toEqual({ maxAge: 10 });
  });

  it('given a stream without metadata, when getting its metadata, then it is empty', async () => {
    const stream = streamName('meta-none');
    await env.client.appendToStream(stream, numberedEvents(1));

    const read = await env.client.getStreamMetadata(stream);

    expect(read.streamName).toBe(stream);
    expect(read.metadata).toBeUndefined();
  });

  it('given a stream that does not exist, when getting its metadata, then it is empty', async () => {
    const read = await env.client.getStreamMetadata(streamName('meta-missing'));

    expect(read.metadata).toBeUndefined();
  });

  it('given metadata on a stream with no events, when reading the stream, then StreamNotFoundError', async () => {
    const stream = streamName('meta-only');
    await env.client.setStreamMetadata(stream, { maxCount: 3 });

    await expectRejection(readStreamEvents(env.client, stream), StreamNotFoundError);
  });

  it('given a soft-deleted stream, when getting its metadata, then it is replaced by the deletion marker $tb = long.MaxValue', async () => {
    const stream = streamName('meta-deleted');
    await env.client.appendToStream(stream, numberedEvents(2));
    await env.client.setStreamMetadata(stream, { maxCount: 10, owner: 'gone' });

    await env.client.deleteStream(stream);

    expect((await env.client.getStreamMetadata(stream)).metadata).toEqual({
      truncateBefore: DELETED_TRUNCATE_BEFORE,
    });
  });

  it('given a metastream, when reading it directly, then each $metadata event is a JSON event of type $metadata but only the last one is visible (implicit $maxCount 1)', async () => {
    const stream = streamName('meta-stream');
    await env.client.setStreamMetadata(stream, { maxCount: 1 });
    await env.client.setStreamMetadata(stream, { maxCount: 2 });

    const events = await readStreamEvents(env.client, `$$${stream}`);

    expect(events).toHaveLength(1);
    expect(events[0].event).toMatchObject({
      type: '$metadata',
      isJson: true,
      revision: 1n,
      data: { $maxCount: 2 },
    });
  });
});

describe('reads honour the metadata', () => {
  it('given five events and $maxCount 2, when reading forwards and backwards, then only the last two are visible', async () => {
    const stream = streamName('meta-maxcount');
    await env.client.appendToStream(stream, numberedEvents(5));

    await env.client.setStreamMetadata(stream, { maxCount: 2 });

    expect(revisionsOf(await readStreamEvents(env.client, stream))).toEqual([3n, 4n]);
    expect(
      revisionsOf(
        await readStreamEvents(env.client, stream, { direction: BACKWARDS, fromRevision: END }),
      ),
    ).toEqual([4n, 3n]);
  });

  it('given five events and $tb 3, when reading, then revisions before 3 are hidden', async () => {
    const stream = streamName('meta-tb');
    await env.client.appendToStream(stream, numberedEvents(5));

    await env.client.setStreamMetadata(stream, { truncateBefore: 3 });

    expect(revisionsOf(await readStreamEvents(env.client, stream))).toEqual([3n, 4n]);
    expect(
      revisionsOf(
        await readStreamEvents(env.client, stream, { direction: BACKWARDS, fromRevision: END }),
      ),
    ).toEqual([4n, 3n]);
    // maxCount counts events returned, not revisions skipped: the server keeps paging past $tb
    // (Enumerator.ReadStreamForwards reads further pages until maxCount events or the end).
    expect(
      revisionsOf(await readStreamEvents(env.client, stream, { fromRevision: 1n, maxCount: 3 })),
    ).toEqual([3n, 4n]);
  });

  it('given $maxAge of 1 s, when events are older than that, then they are hidden and newer ones stay visible', async () => {
    const stream = streamName('meta-maxage');
    await env.client.appendToStream(stream, numberedEvents(2));
    await env.client.setStreamMetadata(stream, { maxAge: 1 });
    await sleep(1_500);

    const [fresh] = numberedEvents(1, 'numbered', 2);
    await env.client.appendToStream(stream, fresh);

    const events = await readStreamEvents(env.client, stream);
    expect(events.map((e) => e.event!.id)).toEqual([fresh.id]);
    expect(events[0].event!.revision).toBe(2n);
  });

  it('given metadata removed by setting an empty object, when reading, then all events are visible again', async () => {
    const stream = streamName('meta-cleared');
    await env.client.appendToStream(stream, numberedEvents(4));
    await env.client.setStreamMetadata(stream, { maxCount: 1 });
    expect(revisionsOf(await readStreamEvents(env.client, stream))).toEqual([3n]);

    await env.client.setStreamMetadata(stream, {});

    expect(revisionsOf(await readStreamEvents(env.client, stream))).toEqual([0n, 1n, 2n, 3n]);
  });

  it('given $maxCount, when appending more events, then the window moves with the stream', async () => {
    const stream = streamName('meta-window');
    await env.client.setStreamMetadata(stream, { maxCount: 2 });
    await env.client.appendToStream(stream, numberedEvents(3));

    await env.client.appendToStream(stream, jsonEvent({ type: 'numbered', data: { n: 3 } }));

    expect(revisionsOf(await readStreamEvents(env.client, stream))).toEqual([2n, 3n]);
  });
});
