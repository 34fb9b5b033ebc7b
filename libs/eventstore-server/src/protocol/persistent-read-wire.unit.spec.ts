import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { ReadReq } from '@eventstore/db-client/generated/persistent_pb';
import { uuidMessage, uuidToString } from './codec';
import { decodeReadRequest, isAck } from './persistent-read-wire';
import { uuidOfBytes } from './wire';

/** The generated class is the reference: what it writes, the hand reader must read alike. */
const IDS = [
  '0b6b1a4e-2f4c-4d8e-9a51-3c2f1e0d9b7a',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-0000-0000-000000000001',
];

function ackBytes(ids: readonly string[], structured: boolean, subscriptionId?: string): Buffer {
  const ack = new ReadReq.Ack();
  ack.setIdsList(ids.map((id) => uuidMessage(id, structured)));
  if (subscriptionId) ack.setId(Buffer.from(subscriptionId));
  const request = new ReadReq();
  request.setAck(ack);
  return Buffer.from(request.serializeBinary());
}

/** The ids as the generated class reads them from the same bytes. */
const referenceIds = (bytes: Buffer): string[] =>
  ReadReq.deserializeBinary(bytes).getAck()!.getIdsList().map(uuidToString);

/** The ids as the hand reader reads them, failing the test when it did not take the ack. */
function handIds(bytes: Buffer): string[] {
  const request = decodeReadRequest(bytes);
  if (!isAck(request)) throw new Error('the ack was left to the generated class');
  return request.ackIds.map(uuidOfBytes);
}

describe('a persistent subscription Read request, read by hand', () => {
  it.each([
    ['structured', true],
    ['string', false],
  ])('reads an ack of %s ids as the generated class does', (_form, structured) => {
    const bytes = ackBytes(IDS, structured);
    expect(handIds(bytes)).toEqual(referenceIds(bytes));
    expect(handIds(bytes)).toEqual(IDS);
  });

  it('reads string ids in upper case as the canonical lower-case id', () => {
    const bytes = ackBytes([IDS[0].toUpperCase()], false);
    expect(handIds(bytes)).toEqual([IDS[0]]);
  });

  it('reads the ids of an ack that also carries the subscription id', () => {
    const bytes = ackBytes(IDS, true, 'stream::group');
    expect(handIds(bytes)).toEqual(IDS);
  });

  it('reads an ack with no ids as an empty list', () => {
    expect(handIds(ackBytes([], true))).toEqual([]);
  });

  it('refuses an ack id that is not a UUID, with the message of the generated path', () => {
    const bytes = ackBytes(['not-a-uuid'], false);
    const request = decodeReadRequest(bytes);
    expect(isAck(request)).toBe(true);
    if (!isAck(request)) return;
    expect(() => request.ackIds.map(uuidOfBytes)).toThrow("'not-a-uuid' is not a valid event id");
    expect(() => referenceIds(bytes)).toThrow("'not-a-uuid' is not a valid event id");
  });

  it('leaves the options to the generated class', () => {
    const options = new ReadReq.Options();
    options.setAll(new Empty());
    options.setGroupName('group');
    options.setBufferSize(10);
    const request = new ReadReq();
    request.setOptions(options);
    const read = decodeReadRequest(Buffer.from(request.serializeBinary()));
    expect(isAck(read)).toBe(false);
    expect((read as ReadReq).getOptions()?.getGroupName()).toBe('group');
  });

  it('leaves a nack to the generated class', () => {
    const nack = new ReadReq.Nack();
    nack.setIdsList([uuidMessage(IDS[0], true)]);
    nack.setAction(ReadReq.Nack.Action.PARK);
    nack.setReason('bad');
    const request = new ReadReq();
    request.setNack(nack);
    const read = decodeReadRequest(Buffer.from(request.serializeBinary()));
    expect(isAck(read)).toBe(false);
    expect((read as ReadReq).getNack()?.getAction()).toBe(ReadReq.Nack.Action.PARK);
  });

  it('leaves an ack sent twice in one message to the generated class, to read as it does', () => {
    const bytes = Buffer.concat([ackBytes(IDS.slice(0, 1), true), ackBytes(IDS.slice(1), true)]);
    const read = decodeReadRequest(bytes);
    expect(isAck(read)).toBe(false);
    // google-protobuf keeps the last of a oneof's messages.
    expect((read as ReadReq).getAck()!.getIdsList().map(uuidToString)).toEqual(IDS.slice(1));
  });

  it('leaves bytes cut short to the generated class, which judges them as before', () => {
    const bytes = ackBytes(IDS, true).subarray(0, 20);
    let reference: unknown;
    try {
      reference = ReadReq.deserializeBinary(bytes).toObject();
    } catch (error) {
      reference = error instanceof Error ? error.message : error;
    }
    let hand: unknown;
    try {
      const read = decodeReadRequest(bytes);
      hand = isAck(read) ? 'read by hand' : read.toObject();
    } catch (error) {
      hand = error instanceof Error ? error.message : error;
    }
    expect(hand).toEqual(reference);
  });
});
