import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { ReadResp } from '@eventstore/db-client/generated/persistent_pb';
import {
  TOMBSTONE_REVISION_WIRE,
  streamIdentifier,
  ticksOf,
  uuidMessage,
} from '../../protocol/codec';
import { TOMBSTONE_REVISION, type StoredEvent } from '../../storage/stored-event';
import { deliveryBytes, type Delivery } from './delivery';

function recorded(
  event: StoredEvent,
  structuredIds: boolean,
  position: number,
): ReadResp.ReadEvent.RecordedEvent {
  const r = new ReadResp.ReadEvent.RecordedEvent();
  r.setId(uuidMessage(event.id, structuredIds));
  r.setStreamIdentifier(streamIdentifier(event.streamId));
  r.setStreamRevision(
    event.revision === TOMBSTONE_REVISION ? TOMBSTONE_REVISION_WIRE : String(event.revision),
  );
  r.setPreparePosition(String(position));
  r.setCommitPosition(String(position));
  const metadata = r.getMetadataMap();
  metadata.set('type', event.type);
  metadata.set('created', ticksOf(event.created));
  metadata.set('content-type', event.isJson ? 'application/json' : 'application/octet-stream');
  r.setCustomMetadata(event.metadata);
  r.setData(event.data);
  return r;
}

/** The same ReadResp built through the generated classes: the reference the bytes must match. */
function deliveryMessage(delivery: Delivery, structuredIds: boolean): ReadResp {
  const readEvent = new ReadResp.ReadEvent();
  const position = delivery.record.position;
  if (delivery.event) readEvent.setEvent(recorded(delivery.event, structuredIds, position));
  if (delivery.event !== delivery.record)
    readEvent.setLink(recorded(delivery.record, structuredIds, position));
  if (delivery.record.position >= 0) readEvent.setCommitPosition(String(delivery.record.position));
  else readEvent.setNoPosition(new Empty());
  readEvent.setRetryCount(delivery.retryCount);
  const resp = new ReadResp();
  resp.setEvent(readEvent);
  return resp;
}

const stored = (overrides: Partial<StoredEvent> = {}): StoredEvent => ({
  id: '0b7c8f3e-52a1-4d0e-9f7a-3c2b1a09e8d7',
  type: 'HitoCumplido',
  isJson: true,
  data: Buffer.from('{"hito":"h1","porcentaje":100}'),
  metadata: Buffer.from('{"$correlationId":"c-1"}'),
  position: 1_234_567,
  streamId: 'commitment-ec-2026-01',
  revision: 41,
  created: 1_764_000_000_123.25,
  ...overrides,
});

const decoded = (bytes: Buffer) => ReadResp.deserializeBinary(new Uint8Array(bytes)).toObject();

/** What the generated classes would send, decoded, beside what deliveryBytes sends, decoded. */
function both(delivery: Delivery, structuredIds: boolean) {
  return {
    written: decoded(deliveryBytes(delivery, structuredIds)),
    generated: decoded(Buffer.from(deliveryMessage(delivery, structuredIds).serializeBinary())),
  };
}

describe('deliveryBytes: a persistent subscription ReadResp written by hand', () => {
  const event = stored();
  const cases: Array<[string, Delivery]> = [
    [
      'a JSON event',
      { id: event.id, record: event, event, position: event.position, retryCount: 0 },
    ],
    [
      'a binary event with no custom metadata, no data, retried 3 times, at position 0, revision 0',
      ((e: StoredEvent): Delivery => ({
        id: e.id,
        record: e,
        event: e,
        position: 0,
        retryCount: 3,
      }))(
        stored({
          isJson: false,
          metadata: Buffer.alloc(0),
          data: Buffer.alloc(0),
          position: 0,
          revision: 0,
        }),
      ),
    ],
    [
      'a resolved link (event and link, both at the link position)',
      {
        id: 'f0000000-0000-4000-8000-00000000000f',
        record: stored({
          id: 'f0000000-0000-4000-8000-00000000000f',
          type: '$>',
          isJson: false,
          data: Buffer.from('41@commitment-ec-2026-01'),
          streamId: '$ce-commitment',
          revision: 7,
          position: 9_007_199_254_740_000,
        }),
        event,
        position: 9_007_199_254_740_000,
        retryCount: 1,
      },
    ],
    [
      'a dangling link (no event)',
      {
        id: 'ffffffff-ffff-4fff-bfff-ffffffffffff',
        record: stored({ id: 'ffffffff-ffff-4fff-bfff-ffffffffffff', type: '$>' }),
        event: undefined,
        position: 5,
        retryCount: 0,
      },
    ],
    [
      "a parked message replayed: the parked stream's link, its target from a tombstoned stream with a Unicode name",
      {
        id: 'a1b2c3d4-0000-4000-8000-000000000001',
        record: stored({
          id: 'a1b2c3d4-0000-4000-8000-000000000001',
          type: '$>',
          isJson: false,
          data: Buffer.from('9223372036854775807@compromiso-ñandú-€'),
          streamId: '$persistentsubscription-compromiso-ñandú-€::g-parked',
          revision: 2,
          position: 77,
        }),
        event: stored({
          revision: TOMBSTONE_REVISION,
          streamId: 'compromiso-ñandú-€',
          type: 'Reseña',
        }),
        position: -1,
        retryCount: 0,
      },
    ],
  ];

  for (const [name, delivery] of cases) {
    for (const structured of [true, false]) {
      it(`given ${name}, with ${structured ? 'structured' : 'string'} ids, then it decodes to what the generated classes send`, () => {
        const { written, generated } = both(delivery, structured);
        expect(written).toEqual(generated);
      });
    }
  }

  it('given an id of all zeros, then its structured halves are left out as proto3 leaves zeros out, and still decode', () => {
    const zero = stored({ id: '00000000-0000-0000-0000-000000000000' });
    const { written, generated } = both(
      { id: zero.id, record: zero, event: zero, position: 1, retryCount: 0 },
      true,
    );
    expect(written).toEqual(generated);
  });
});
