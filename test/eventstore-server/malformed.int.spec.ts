/**
 * Requests the official client never sends, built with @grpc/grpc-js and the generated
 * definitions shipped in @eventstore/db-client. EventStoreDB's Append handler requires the first
 * message to be the options and every proposed message to carry `type` and `content-type`
 * metadata (Streams.Append.cs; RpcExceptions.RequiredMetadataPropertyMissing answers
 * INVALID_ARGUMENT with exception=missing-required-metadata-property); nothing is written.
 */
import { randomUUID } from 'node:crypto';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { AppendReq, type AppendResp } from '@eventstore/db-client/generated/streams_pb';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { StreamNotFoundError } from '@hitos/event-store/esdb-client';
import {
  expectRejection,
  numberedEvents,
  readAllEvents,
  readStreamEvents,
  streamName,
  useServer,
} from './harness';

const env = useServer();
let streams: StreamsClient;

beforeAll(() => {
  streams = new StreamsClient(`127.0.0.1:${env.server.port}`, credentials.createInsecure());
});

afterAll(() => streams.close());

function options(stream: string): AppendReq {
  const identifier = new StreamIdentifier();
  identifier.setStreamName(Buffer.from(stream, 'utf8'));
  const opts = new AppendReq.Options();
  opts.setStreamIdentifier(identifier);
  opts.setAny(new Empty());
  return new AppendReq().setOptions(opts);
}

function proposed(id: string, metadata: Record<string, string>): AppendReq {
  const uuid = new UUID();
  uuid.setString(id);
  const message = new AppendReq.ProposedMessage();
  message.setId(uuid);
  for (const [key, value] of Object.entries(metadata)) message.getMetadataMap().set(key, value);
  message.setData(Buffer.from(JSON.stringify({ malformed: true }), 'utf8'));
  return new AppendReq().setProposedMessage(message);
}

/** Sends the messages on one Append call and resolves with the call's outcome. */
function rawAppend(
  messages: AppendReq[],
): Promise<{ response?: AppendResp; error?: ServiceError }> {
  return new Promise((resolve) => {
    const call = streams.append({ deadline: Date.now() + 10_000 }, (error, response) =>
      resolve(error ? { error } : { response }),
    );
    call.on('error', () => undefined);
    for (const message of messages) call.write(message);
    call.end();
  });
}

async function allIds(): Promise<Set<string>> {
  return new Set((await readAllEvents(env.client)).map((e) => e.event!.id));
}

describe('malformed Append requests', () => {
  // The project's contract asks for INVALID_ARGUMENT here. EventStoreDB 24.10 itself throws an
  // InvalidOperationException when the first message is not the options (Streams.Append.cs), which
  // ASP.NET Core gRPC reports as UNKNOWN; the official client maps both to UnknownError.
  it('given an Append whose first message is a proposed event instead of options, when sent, then INVALID_ARGUMENT and nothing is written', async () => {
    const id = randomUUID();
    const before = await readAllEvents(env.client);

    const { error } = await rawAppend([
      proposed(id, { type: 'orphan', 'content-type': 'application/json' }),
    ]);

    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    const after = await readAllEvents(env.client);
    expect(after).toHaveLength(before.length);
    expect(after.some((e) => e.event!.id === id)).toBe(false);
  });

  it('given an event without type metadata, when appended, then INVALID_ARGUMENT with exception missing-required-metadata-property and nothing is written', async () => {
    const stream = streamName('malformed-no-type');
    const id = randomUUID();

    const { error } = await rawAppend([
      options(stream),
      proposed(id, { 'content-type': 'application/json' }),
    ]);

    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    expect(error?.metadata.get('exception')).toEqual(['missing-required-metadata-property']);
    await expectRejection(readStreamEvents(env.client, stream), StreamNotFoundError);
    expect((await allIds()).has(id)).toBe(false);
  });

  it('given an event without content-type metadata, when appended, then INVALID_ARGUMENT and nothing is written', async () => {
    const stream = streamName('malformed-no-content-type');

    const { error } = await rawAppend([
      options(stream),
      proposed(randomUUID(), { type: 'no-content-type' }),
    ]);

    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    expect(error?.metadata.get('exception')).toEqual(['missing-required-metadata-property']);
    await expectRejection(readStreamEvents(env.client, stream), StreamNotFoundError);
  });

  it('given a valid event followed by one without type in the same Append, when sent, then INVALID_ARGUMENT and neither is written', async () => {
    const stream = streamName('malformed-partial');
    const valid = randomUUID();

    const { error } = await rawAppend([
      options(stream),
      proposed(valid, { type: 'fine', 'content-type': 'application/json' }),
      proposed(randomUUID(), { 'content-type': 'application/json' }),
    ]);

    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    await expectRejection(readStreamEvents(env.client, stream), StreamNotFoundError);
    expect((await allIds()).has(valid)).toBe(false);
  });

  it('given malformed requests earlier, when the official client appends, then the server still works', async () => {
    const stream = streamName('malformed-after');

    const result = await env.client.appendToStream(stream, numberedEvents(2));

    expect(result.nextExpectedRevision).toBe(1n);
  });

  it('given a well-formed raw Append, when sent, then it succeeds (control for the requests above)', async () => {
    const stream = streamName('malformed-control');

    const { error, response } = await rawAppend([
      options(stream),
      proposed(randomUUID(), { type: 'fine', 'content-type': 'application/json' }),
    ]);

    expect(error).toBeUndefined();
    expect(response?.hasSuccess()).toBe(true);
    expect(await readStreamEvents(env.client, stream)).toHaveLength(1);
  });
});
