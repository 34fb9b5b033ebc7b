/**
 * Append limits: the maximum append size (EventStoreDB's MaxAppendSize, default 1 MiB, counted
 * as data + metadata + 2 x type length, Event.SizeOnDisk), large events up to what the client
 * can carry, and deadlines. On BatchAppend the server answers an expired deadline with a
 * per-append Timeout status (Streams.BatchAppend.cs: "Max(timeout, 0) == 0 -> Status.Timeout"),
 * which the client's unpackToCommandError turns into DeadlineExceededError; on Append the 1 ms
 * gRPC deadline expires in the client and grpc-js reports DEADLINE_EXCEEDED, which
 * convertToCommandError also maps to DeadlineExceededError.
 */
import { randomUUID } from 'node:crypto';
import { credentials, type ClientDuplexStream } from '@grpc/grpc-js';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import {
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  StreamNotFoundError,
  binaryEvent,
} from '@hitos/event-store/esdb-client';
import {
  APPEND_PATHS,
  MiB,
  binaryOfSize,
  bytes,
  expectRejection,
  readStreamEvents,
  sleep,
  streamName,
  useServer,
} from './harness';

describe('maximum append size of 1024 bytes', () => {
  const env = useServer({ maxAppendSize: 1024 });

  it('given a 1 ms deadline, when an append over the maximum size goes over BatchAppend, then DeadlineExceededError: the deadline is checked first, as EventStoreDB does', async () => {
    const stream = streamName('limit-deadline-first');

    await expectRejection(
      env.client.appendToStream(stream, binaryOfSize(2000), { deadline: 1 }),
      DeadlineExceededError,
    );

    await expectRejection(readStreamEvents(env.client, stream), StreamNotFoundError);
  });

  describe.each(APPEND_PATHS)('over %s', (path, callOptions) => {
    it('given a 2000-byte event, when appending, then MaxAppendSizeExceededError(1024) and nothing is written', async () => {
      const stream = streamName(`limit-small-${path}`);

      const error = await expectRejection(
        env.client.appendToStream(stream, binaryOfSize(2000), callOptions),
        MaxAppendSizeExceededError,
      );

      expect(error.maxAppendSize).toBe(1024);
      await expectRejection(readStreamEvents(env.client, stream), StreamNotFoundError);
    });

    it('given three 400-byte events in one append, when appending, then the sizes add up and MaxAppendSizeExceededError is raised', async () => {
      const stream = streamName(`limit-sum-${path}`);

      const error = await expectRejection(
        env.client.appendToStream(
          stream,
          [binaryOfSize(400), binaryOfSize(400), binaryOfSize(400)],
          callOptions,
        ),
        MaxAppendSizeExceededError,
      );

      expect(error.maxAppendSize).toBe(1024);
      await expectRejection(readStreamEvents(env.client, stream), StreamNotFoundError);
    });

    it('given an append under the limit, when appending, then it succeeds', async () => {
      const stream = streamName(`limit-under-${path}`);

      const result = await env.client.appendToStream(
        stream,
        [binaryOfSize(400), binaryOfSize(400)],
        callOptions,
      );

      expect(result.nextExpectedRevision).toBe(1n);
    });
  });
});

describe('default maximum append size (1 MiB)', () => {
  const env = useServer();

  describe.each(APPEND_PATHS)('over %s', (path, callOptions) => {
    it('given a 1.1 MiB event, when appending, then MaxAppendSizeExceededError(1048576) and nothing is written', async () => {
      const stream = streamName(`limit-default-${path}`);

      const error = await expectRejection(
        env.client.appendToStream(stream, binaryOfSize(Math.round(1.1 * MiB)), callOptions),
        MaxAppendSizeExceededError,
      );

      expect(error.maxAppendSize).toBe(MiB);
      await expectRejection(readStreamEvents(env.client, stream), StreamNotFoundError);
    });
  });
});

describe('large events with the maximum append size raised to 16 MiB', () => {
  const env = useServer({ maxAppendSize: 16 * MiB });

  describe.each(APPEND_PATHS)('over %s', (path, callOptions) => {
    it('given a 5 MiB binary event, when appending and reading it back, then the bytes round-trip', async () => {
      const stream = streamName(`large-${path}`);
      const data = bytes(5 * MiB, 13);
      const id = randomUUID();

      const result = await env.client.appendToStream(
        stream,
        binaryEvent({ id, type: 'large', data }),
        callOptions,
      );

      expect(result.nextExpectedRevision).toBe(0n);
      const [read] = await readStreamEvents(env.client, stream);
      expect(read.event!.id).toBe(id);
      expect(read.event!.isJson).toBe(false);
      expect(Buffer.from(read.event!.data as Uint8Array).equals(data)).toBe(true);
    });
  });

  describe('deadlines', () => {
    const bigAppend = () => Array.from({ length: 60 }, () => binaryOfSize(100 * 1024, 'chunk'));

    it('given a 1 ms deadline, when a 6 MB append goes over BatchAppend, then DeadlineExceededError and nothing is written', async () => {
      const stream = streamName('deadline-batch');

      await expectRejection(
        env.client.appendToStream(stream, bigAppend(), { deadline: 1 }),
        DeadlineExceededError,
      );

      await sleep(300);
      await expectRejection(readStreamEvents(env.client, stream), StreamNotFoundError);
      // The shared BatchAppend stream survives the timeout.
      expect((await env.client.appendToStream(stream, binaryOfSize(10))).nextExpectedRevision).toBe(
        0n,
      );
    });

    it('given an append whose last chunk has not come when its deadline passes, when waiting, then that append is answered Timeout, its late chunks are ignored and the stream goes on', async () => {
      const stream = streamName('deadline-late-chunk');
      const raw = new StreamsClient(`127.0.0.1:${env.server.port}`, credentials.createInsecure());
      const call: ClientDuplexStream<BatchAppendReq, BatchAppendResp> = raw.batchAppend();
      const answers: BatchAppendResp[] = [];
      call.on('data', (resp: BatchAppendResp) => answers.push(resp));
      const chunk = (correlation: string, final: boolean, withOptions: boolean) => {
        const req = new BatchAppendReq();
        req.setCorrelationId(new UUID().setString(correlation));
        if (withOptions) {
          const options = new BatchAppendReq.Options();
          options.setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(stream)));
          options.setAny(new Empty());
          options.setDeadline(Timestamp.fromDate(new Date(Date.now() + 150)));
          req.setOptions(options);
        }
        const message = new BatchAppendReq.ProposedMessage();
        message.setId(new UUID().setString(randomUUID()));
        message
          .getMetadataMap()
          .set('type', 'late')
          .set('content-type', 'application/octet-stream');
        message.setData(Buffer.from('x'));
        req.addProposedMessages(message);
        req.setIsFinal(final);
        return req;
      };
      try {
        const byId = (id: string) =>
          answers.filter((a) => a.getCorrelationId()?.getString() === id);
        const late = randomUUID();
        call.write(chunk(late, false, true));
        await sleep(400);
        // Answered at its deadline, without waiting for the rest of the append.
        expect(byId(late)).toHaveLength(1);
        expect(byId(late)[0].getError()?.getCode()).toBe(4); // DEADLINE_EXCEEDED
        call.write(chunk(late, true, false)); // after the deadline: ignored
        const onTime = randomUUID();
        call.write(chunk(onTime, true, true));
        await sleep(300);

        expect(byId(late)).toHaveLength(1);
        expect(byId(onTime)).toHaveLength(1);
        expect(byId(onTime)[0].hasSuccess()).toBe(true);
        const events = await readStreamEvents(env.client, stream);
        expect(events).toHaveLength(1);
      } finally {
        call.end();
        raw.close();
      }
    });

    it('given a 1 ms deadline, when a 6 MB append goes over Append, then DeadlineExceededError and nothing is written', async () => {
      const stream = streamName('deadline-plain');
      const [, plain] = APPEND_PATHS;

      await expectRejection(
        env.client.appendToStream(stream, bigAppend(), { ...plain[1], deadline: 1 }),
        DeadlineExceededError,
      );

      await sleep(300);
      await expectRejection(readStreamEvents(env.client, stream), StreamNotFoundError);
    });
  });
});
