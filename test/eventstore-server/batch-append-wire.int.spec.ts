/**
 * BatchAppend's requests are read by hand (protocol/batch-append-wire.ts): requests the
 * generated classes would never write — ids whose bytes do not parse, events without a type —
 * reach the server as sent here, over a raw stream, and each must be answered with its own
 * error while the stream goes on appending.
 */
import { randomUUID } from 'node:crypto';
import { credentials, makeGenericClientConstructor, type ClientDuplexStream } from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { readStreamEvents, sleep, streamName, useServer } from './harness';

/** A Streams client whose BatchAppend sends the bytes it is given. */
const RawBatchAppend = makeGenericClientConstructor(
  { batchAppend: { ...StreamsService.batchAppend, requestSerialize: (bytes: Buffer) => bytes } },
  'Streams',
);

function append(
  stream: string,
  correlation: UUID | undefined,
  event: (m: BatchAppendReq.ProposedMessage) => void,
) {
  const req = new BatchAppendReq();
  if (correlation) req.setCorrelationId(correlation);
  const options = new BatchAppendReq.Options();
  options.setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(stream)));
  options.setAny(new Empty());
  req.setOptions(options);
  const message = new BatchAppendReq.ProposedMessage();
  message.setId(new UUID().setString(randomUUID()));
  message.getMetadataMap().set('type', 'wire').set('content-type', 'application/json');
  message.setData(Buffer.from('{}'));
  event(message);
  req.addProposedMessages(message);
  req.setIsFinal(true);
  return Buffer.from(req.serializeBinary());
}

describe('BatchAppend requests the generated classes would not write', () => {
  const env = useServer();

  it('given a correlation id whose bytes do not parse, an event id that is not a UUID and an event without a type, then each is refused by name and the stream then appends', async () => {
    const stream = streamName('wire');
    const raw = new RawBatchAppend(`127.0.0.1:${env.server.port}`, credentials.createInsecure());
    const call = (
      raw as unknown as { batchAppend(): ClientDuplexStream<Buffer, BatchAppendResp> }
    ).batchAppend();
    const answers: BatchAppendResp[] = [];
    call.on('data', (resp: BatchAppendResp) => answers.push(resp));
    try {
      // Field 1 (the correlation id) holding a structured UUID that claims 5 bytes and has 1.
      const brokenCorrelation = Buffer.concat([
        Buffer.from([0x0a, 0x03, 0x0a, 0x05, 0x01]),
        append(stream, undefined, () => undefined),
      ]);
      call.write(brokenCorrelation);
      const badId = randomUUID();
      call.write(
        append(stream, new UUID().setString(badId), (m) =>
          m.setId(new UUID().setString('no-es-un-uuid')),
        ),
      );
      const noType = randomUUID();
      call.write(
        append(stream, new UUID().setString(noType), (m) => m.getMetadataMap().del('type')),
      );
      const fine = randomUUID();
      call.write(append(stream, new UUID().setString(fine), () => undefined));
      for (let waited = 0; answers.length < 4 && waited < 5000; waited += 20) await sleep(20);

      const errors = answers.filter((a) => a.hasError()).map((a) => a.getError()!.getMessage());
      expect(errors).toEqual([
        'a field runs past its message',
        "'no-es-un-uuid' is not a valid event id",
        "Required Metadata Property 'type' is missing",
      ]);
      const byId = (id: string) => answers.find((a) => a.getCorrelationId()?.getString() === id);
      expect(byId(badId)?.hasError()).toBe(true);
      expect(byId(noType)?.hasError()).toBe(true);
      expect(byId(fine)?.hasSuccess()).toBe(true);
      expect(await readStreamEvents(env.client, stream)).toHaveLength(1);
    } finally {
      call.end();
      raw.close();
    }
  });
});
