import { Empty } from 'google-protobuf/google/protobuf/empty_pb';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import {
  AllStreamPosition,
  StreamIdentifier,
  UUID,
} from '@eventstore/db-client/generated/shared_pb';
import { BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import {
  decodeBatchAppendRequest,
  encodeBatchAppendSuccess,
  revisionOf,
  type WireExpectation,
} from './batch-append-wire';
import { uuidOfBytes } from './wire';
import { uuidMessage, uuidToString } from './codec';

/** The generated classes are the reference: what they write, the hand reader must read. */
const structured = (id: string) => uuidMessage(id, true);
const asString = (id: string) => uuidMessage(id, false);
const bytesOf = (message: { serializeBinary(): Uint8Array }) =>
  Buffer.from(message.serializeBinary());

function request(build: (req: BatchAppendReq) => void): Buffer {
  const req = new BatchAppendReq();
  build(req);
  return bytesOf(req);
}

function proposed(
  id: UUID | undefined,
  metadata: Record<string, string>,
  data: string,
  custom = '',
): BatchAppendReq.ProposedMessage {
  const message = new BatchAppendReq.ProposedMessage();
  if (id) message.setId(id);
  for (const [key, value] of Object.entries(metadata)) message.getMetadataMap().set(key, value);
  message.setData(Buffer.from(data));
  message.setCustomMetadata(Buffer.from(custom));
  return message;
}

function options(build: (options: BatchAppendReq.Options) => void): BatchAppendReq.Options {
  const o = new BatchAppendReq.Options();
  build(o);
  return o;
}

const named = (name: string) => new StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));

describe('BatchAppend on the wire, by hand', () => {
  it('given a request written by the generated classes, then the reader reads every field', () => {
    const correlation = structured('f0e1d2c3-b4a5-4697-8877-665544332211');
    const bytes = request((req) => {
      req.setCorrelationId(correlation);
      req.setOptions(
        options((o) => {
          o.setStreamIdentifier(named('órden-42'));
          o.setStreamPosition('12345678901');
          o.setDeadline(new Timestamp().setSeconds(1_764_000_000).setNanos(987_654_321));
        }),
      );
      req.addProposedMessages(
        proposed(
          structured('8a1b2c3d-4e5f-4061-9172-83940a5b6c7d'),
          { type: 'HitoCumplido', 'content-type': 'application/json', extra: 'x' },
          '{"hito":1}',
          'meta',
        ),
      );
      req.addProposedMessages(
        proposed(
          asString('0B1C2D3E-4F50-4162-8374-8596A7B8C9D0'),
          { 'content-type': 'application/octet-stream', type: 'Binario' },
          'raw',
        ),
      );
      req.setIsFinal(true);
    });

    const decoded = decodeBatchAppendRequest(bytes);

    expect(decoded.isFinal).toBe(true);
    expect(uuidOfBytes(decoded.correlationId)).toBe(uuidToString(correlation));
    expect(decoded.correlationId).toEqual(bytesOf(correlation));
    expect(decoded.options?.streamName?.toString('utf8')).toBe('órden-42');
    expect(decoded.options?.expectation).toEqual({
      kind: 'revision',
      revision: { lo: 12345678901 % 2 ** 32, hi: Math.floor(12345678901 / 2 ** 32) },
    });
    expect(decoded.options?.deadline).toBe(
      new Timestamp().setSeconds(1_764_000_000).setNanos(987_654_321).toDate().getTime(),
    );
    expect(
      decoded.messages.map((m) => ({
        id: uuidOfBytes(m.id),
        type: m.type,
        contentType: m.contentType,
        data: m.data.toString(),
        custom: m.customMetadata.toString(),
      })),
    ).toEqual([
      {
        id: '8a1b2c3d-4e5f-4061-9172-83940a5b6c7d',
        type: 'HitoCumplido',
        contentType: 'application/json',
        data: '{"hito":1}',
        custom: 'meta',
      },
      {
        id: '0b1c2d3e-4f50-4162-8374-8596a7b8c9d0',
        type: 'Binario',
        contentType: 'application/octet-stream',
        data: 'raw',
        custom: '',
      },
    ]);
  });

  it.each([
    ['no_stream', (o: BatchAppendReq.Options) => o.setNoStream(new Empty())],
    ['any', (o: BatchAppendReq.Options) => o.setAny(new Empty())],
    ['stream_exists', (o: BatchAppendReq.Options) => o.setStreamExists(new Empty())],
  ])('given the expectation %s, then the reader names it', (kind, set) => {
    const decoded = decodeBatchAppendRequest(
      request((req) => req.setOptions(options((o) => set(o.setStreamIdentifier(named('s')))))),
    );
    expect(decoded.options?.expectation).toEqual({ kind });
    expect(decoded.options?.deadline).toBeUndefined();
    expect(decoded.isFinal).toBe(false);
  });

  it('given UUID halves with the sign bit set, then the id reads as the generated classes read it', () => {
    for (const id of [
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      '80000000-0000-0000-8000-000000000000',
      '00000000-0000-0000-0000-000000000000',
      '7fffffff-ffff-ffff-7fff-ffffffffffff',
    ]) {
      const message = structured(id);
      expect(uuidOfBytes(bytesOf(message))).toBe(uuidToString(message));
    }
  });

  it('given a bad string id, a missing id or a revision past 2^53, then the reader refuses it', () => {
    expect(() => uuidOfBytes(bytesOf(asString('not-a-uuid')))).toThrow(
      "'not-a-uuid' is not a valid event id",
    );
    expect(() => uuidOfBytes(undefined)).toThrow('event id is required');
    expect(() => revisionOf({ lo: 0, hi: 0x20_0000 })).toThrow('out of range');
    expect(() => revisionOf({ lo: 0xffff_ffff, hi: 0xffff_ffff })).toThrow('out of range');
    expect(revisionOf({ lo: 0xffff_ffff, hi: 0x1f_ffff })).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('given a request cut short, then the reader refuses it', () => {
    const bytes = request((req) =>
      req.addProposedMessages(
        proposed(structured('8a1b2c3d-4e5f-4061-9172-83940a5b6c7d'), {}, 'x'),
      ),
    );
    expect(() => decodeBatchAppendRequest(bytes.subarray(0, bytes.length - 1))).toThrow(
      'runs past',
    );
  });

  const expectations: Array<[WireExpectation | undefined, (resp: BatchAppendResp) => void]> = [
    [undefined, () => undefined],
    [{ kind: 'revision', revision: { lo: 7, hi: 0 } }, (r) => r.setStreamPosition('7')],
    [{ kind: 'revision', revision: { lo: 0, hi: 0 } }, (r) => r.setStreamPosition('0')],
    [{ kind: 'no_stream' }, (r) => r.setNoStream(new Empty())],
    [{ kind: 'any' }, (r) => r.setAny(new Empty())],
    [{ kind: 'stream_exists' }, (r) => r.setStreamExists(new Empty())],
  ];
  const outcomes: Array<{ revision: number; position: number | undefined }> = [
    { revision: 0, position: 0 },
    { revision: 41, position: 123_456_789_012 },
    { revision: -1, position: undefined },
    { revision: 2 ** 40, position: 300 },
  ];

  it('given each expectation and outcome, then the success is byte for byte what the generated classes write', () => {
    const correlation = structured('f0e1d2c3-b4a5-4697-8877-665544332211');
    for (const [expectation, setExpectation] of expectations) {
      for (const { revision, position } of outcomes) {
        const success = new BatchAppendResp.Success();
        if (revision >= 0) success.setCurrentRevision(String(revision));
        else success.setNoStream(new Empty());
        if (position === undefined) success.setNoPosition(new Empty());
        else
          success.setPosition(
            new AllStreamPosition()
              .setCommitPosition(String(position))
              .setPreparePosition(String(position)),
          );
        const resp = new BatchAppendResp();
        resp.setCorrelationId(correlation);
        resp.setSuccess(success);
        resp.setStreamIdentifier(named('órden-42'));
        setExpectation(resp);

        const byHand = encodeBatchAppendSuccess({
          correlationId: bytesOf(correlation),
          streamName: Buffer.from('órden-42', 'utf8'),
          expectation,
          revision,
          position,
        });
        expect(byHand.toString('hex')).toBe(bytesOf(resp).toString('hex'));
      }
    }
  });
});
