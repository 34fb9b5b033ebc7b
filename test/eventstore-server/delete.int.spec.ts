/**
 * deleteStream (soft delete) and tombstoneStream (hard delete), as EventStoreDB 24.10 does them
 * (StorageWriterService WriteDelete/WriteCommit, IndexWriter.CheckCommit, Streams.Delete.cs):
 * - soft delete writes {"$tb": long.MaxValue} to $$stream, reads then answer stream_not_found,
 *   and a later append un-deletes the stream with revisions continuing and $tb moved to the
 *   first new revision; soft-deleting a stream with neither events nor metadata is a
 *   WrongExpectedVersion;
 * - a tombstone makes every later append, read, subscription, delete and metadata read fail with
 *   stream-deleted; tombstoning a stream that never existed succeeds;
 * - WrongExpectedVersion on Delete/Tombstone is a FAILED_PRECONDITION status whose trailers carry
 *   the raw expected version (-2 any, -1 no_stream) and the current version.
 */
import {
  BACKWARDS,
  END,
  NO_STREAM,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@hitos/event-store/esdb-client';
import {
  APPEND_PATHS,
  SubscriptionRecorder,
  expectRejection,
  numberedEvents,
  range,
  readAllEvents,
  readStreamEvents,
  revisionsOf,
  streamName,
  useServer,
} from './harness';

const env = useServer();

describe('deleteStream', () => {
  it('given a stream with three events, when deleting it, then reading it fails with StreamNotFoundError in both directions', async () => {
    const stream = streamName('delete');
    await env.client.appendToStream(stream, numberedEvents(3));

    const result = await env.client.deleteStream(stream);

    expect(result.position).toBeDefined();
    const forwards = await expectRejection(
      readStreamEvents(env.client, stream),
      StreamNotFoundError,
    );
    expect(forwards.streamName).toBe(stream);
    await expectRejection(
      readStreamEvents(env.client, stream, { direction: BACKWARDS, fromRevision: END }),
      StreamNotFoundError,
    );
  });

  it('given a deleted stream, when reading $all, then its events are still there', async () => {
    const stream = streamName('delete-all');
    const events = numberedEvents(2);
    await env.client.appendToStream(stream, events);

    await env.client.deleteStream(stream);

    const inAll = (await readAllEvents(env.client)).filter((e) => e.event!.streamId === stream);
    expect(inAll.map((e) => e.event!.id)).toEqual(events.map((e) => e.id));
  });

  describe.each(APPEND_PATHS)('revival over %s', (path, callOptions) => {
    it('given a deleted stream at revision 2, when appending again, then revisions continue at 3 and only the new events are visible', async () => {
      const stream = streamName(`delete-revive-${path}`);
      await env.client.appendToStream(stream, numberedEvents(3));
      await env.client.deleteStream(stream);

      const result = await env.client.appendToStream(
        stream,
        numberedEvents(2, 'numbered', 3),
        callOptions,
      );

      expect(result.nextExpectedRevision).toBe(4n);
      const events = await readStreamEvents(env.client, stream);
      expect(revisionsOf(events)).toEqual([3n, 4n]);
      expect(events.map((e) => (e.event!.data as { n: number }).n)).toEqual([3, 4]);
      const { metadata } = await env.client.getStreamMetadata(stream);
      expect(metadata?.truncateBefore).toBe(3);
    });

    it('given a deleted stream, when appending with no_stream, then it succeeds (EventStoreDB lets no_stream recreate a soft-deleted stream)', async () => {
      const stream = streamName(`delete-revive-nostream-${path}`);
      await env.client.appendToStream(stream, numberedEvents(2));
      await env.client.deleteStream(stream);

      const result = await env.client.appendToStream(stream, numberedEvents(1), {
        ...callOptions,
        expectedRevision: NO_STREAM,
      });

      expect(result.nextExpectedRevision).toBe(2n);
      expect(revisionsOf(await readStreamEvents(env.client, stream))).toEqual([2n]);
    });
  });

  it('given a stream at revision 2, when deleting with expected revision 5, then WrongExpectedVersionError(5, 2) and the stream is intact', async () => {
    const stream = streamName('delete-wev');
    await env.client.appendToStream(stream, numberedEvents(3));

    const error = await expectRejection(
      env.client.deleteStream(stream, { expectedRevision: 5n }),
      WrongExpectedVersionError,
    );

    expect(error).toMatchObject({ streamName: stream, expectedVersion: 5n, actualVersion: 2n });
    expect(revisionsOf(await readStreamEvents(env.client, stream))).toEqual(range(0, 3));
  });

  it('given a stream at revision 2, when deleting with expected revision 2, then it is deleted', async () => {
    const stream = streamName('delete-exact');
    await env.client.appendToStream(stream, numberedEvents(3));

    await env.client.deleteStream(stream, { expectedRevision: 2n });

    await expectRejection(readStreamEvents(env.client, stream), StreamNotFoundError);
  });

  it('given a stream at revision 2, when deleting with no_stream, then WrongExpectedVersionError(-1, 2)', async () => {
    const stream = streamName('delete-nostream');
    await env.client.appendToStream(stream, numberedEvents(3));

    const error = await expectRejection(
      env.client.deleteStream(stream, { expectedRevision: NO_STREAM }),
      WrongExpectedVersionError,
    );

    // The status trailer carries the raw expected version, which the client parses as a bigint.
    expect(error).toMatchObject({ streamName: stream, expectedVersion: -1n, actualVersion: 2n });
  });

  it('given a stream that never existed, when deleting it, then WrongExpectedVersionError(-2, -1)', async () => {
    // StorageWriterService.WriteDelete: soft-deleting a stream with neither events nor metadata.
    const stream = streamName('delete-never');

    const error = await expectRejection(env.client.deleteStream(stream), WrongExpectedVersionError);

    expect(error).toMatchObject({ streamName: stream, expectedVersion: -2n, actualVersion: -1n });
  });
});

describe('tombstoneStream', () => {
  it('given a tombstoned stream, when reading it, then StreamDeletedError names the stream', async () => {
    const stream = streamName('tombstone-read');
    await env.client.appendToStream(stream, numberedEvents(2));

    await env.client.tombstoneStream(stream);

    const error = await expectRejection(readStreamEvents(env.client, stream), StreamDeletedError);
    expect(error.streamName).toBe(stream);
    await expectRejection(
      readStreamEvents(env.client, stream, { direction: BACKWARDS, fromRevision: END }),
      StreamDeletedError,
    );
  });

  it.each(APPEND_PATHS)(
    'given a tombstoned stream, when appending over %s, then StreamDeletedError names the stream',
    async (_path, callOptions) => {
      const stream = streamName('tombstone-append');
      await env.client.appendToStream(stream, numberedEvents(1));
      await env.client.tombstoneStream(stream);

      const error = await expectRejection(
        env.client.appendToStream(stream, numberedEvents(1), callOptions),
        StreamDeletedError,
      );

      expect(error.streamName).toBe(stream);
    },
  );

  it('given a tombstoned stream, when deleting or tombstoning it again, then StreamDeletedError', async () => {
    const stream = streamName('tombstone-again');
    await env.client.appendToStream(stream, numberedEvents(1));
    await env.client.tombstoneStream(stream);

    const deleted = await expectRejection(env.client.deleteStream(stream), StreamDeletedError);
    const tombstoned = await expectRejection(
      env.client.tombstoneStream(stream),
      StreamDeletedError,
    );

    expect(deleted.streamName).toBe(stream);
    expect(tombstoned.streamName).toBe(stream);
  });

  it('given a tombstoned stream, when subscribing to it, then the subscription fails with StreamDeletedError', async () => {
    const stream = streamName('tombstone-subscribe');
    await env.client.appendToStream(stream, numberedEvents(1));
    await env.client.tombstoneStream(stream);

    const recorder = new SubscriptionRecorder(env.client.subscribeToStream(stream));
    try {
      const error = await recorder.waitForError();
      expect(error).toBeInstanceOf(StreamDeletedError);
      expect((error as StreamDeletedError).streamName).toBe(stream);
    } finally {
      await recorder.stop();
    }
  });

  it('given a tombstoned stream, when reading its metadata, then StreamDeletedError (its metastream is deleted too)', async () => {
    const stream = streamName('tombstone-metadata');
    await env.client.setStreamMetadata(stream, { maxCount: 3 });
    await env.client.appendToStream(stream, numberedEvents(1));
    await env.client.tombstoneStream(stream);

    const error = await expectRejection(env.client.getStreamMetadata(stream), StreamDeletedError);

    expect(error.streamName).toBe(`$$${stream}`);
  });

  it('given a tombstoned stream, when writing its metadata, then StreamDeletedError and nothing is written', async () => {
    const stream = streamName('tombstone-set-metadata');
    await env.client.appendToStream(stream, numberedEvents(1));
    await env.client.tombstoneStream(stream);

    const error = await expectRejection(
      env.client.setStreamMetadata(stream, { maxCount: 1 }),
      StreamDeletedError,
    );

    expect(error.streamName).toBe(`$$${stream}`);
  });

  it('given a stream that never existed, when tombstoning it, then it succeeds and later appends fail with StreamDeletedError', async () => {
    const stream = streamName('tombstone-never');

    await env.client.tombstoneStream(stream);

    await expectRejection(env.client.appendToStream(stream, numberedEvents(1)), StreamDeletedError);
    await expectRejection(readStreamEvents(env.client, stream), StreamDeletedError);
  });

  it('given a stream at revision 1, when tombstoning with expected revision 5, then WrongExpectedVersionError(5, 1) and the stream is intact', async () => {
    const stream = streamName('tombstone-wev');
    await env.client.appendToStream(stream, numberedEvents(2));

    const error = await expectRejection(
      env.client.tombstoneStream(stream, { expectedRevision: 5n }),
      WrongExpectedVersionError,
    );

    expect(error).toMatchObject({ streamName: stream, expectedVersion: 5n, actualVersion: 1n });
    expect(revisionsOf(await readStreamEvents(env.client, stream))).toEqual(range(0, 2));
  });

  it('given a soft-deleted stream, when tombstoning it, then it becomes permanently deleted', async () => {
    const stream = streamName('tombstone-after-delete');
    await env.client.appendToStream(stream, numberedEvents(2));
    await env.client.deleteStream(stream);

    await env.client.tombstoneStream(stream);

    await expectRejection(readStreamEvents(env.client, stream), StreamDeletedError);
    await expectRejection(env.client.appendToStream(stream, numberedEvents(1)), StreamDeletedError);
  });
});
