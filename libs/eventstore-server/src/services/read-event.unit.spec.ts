import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { TOMBSTONE_REVISION_WIRE, streamIdentifier, ticksOf, uuidMessage } from '../protocol/codec';
import { TOMBSTONE_REVISION, type StoredEvent } from '../storage/stored-event';
import { readRespBytes } from './read-event';

function recorded(event: StoredEvent, structuredIds: boolean): ReadResp.ReadEvent.RecordedEvent {
  const r = new ReadResp.ReadEvent.RecordedEvent();
  r.setId(uuidMessage(event.id, structuredIds));
  r.setStreamIdentifier(streamIdentifier(event.streamId));
  r.setStreamRevision(
    event.revision === TOMBSTONE_REVISION ? TOMBSTONE_REVISION_WIRE : String(event.revision),
  );
  r.setPreparePosition(String(event.position));
  r.setCommitPosition(String(event.position));
  const metadata = r.getMetadataMap();
  metadata.set('type', event.type);
  metadata.set('created', ticksOf(event.created));
  metadata.set('content-type', event.isJson ? 'application/json' : 'application/octet-stream');
  r.setCustomMetadata(event.metadata);
  r.setData(event.data);
  return r;
}

/** The same ReadResp built through the generated classes: the reference the bytes must match. */
function readRespMessage(
  event: StoredEvent | undefined,
  link: StoredEvent | undefined,
  structuredIds: boolean,
): ReadResp {
  const readEvent = new ReadResp.ReadEvent();
  if (event) readEvent.setEvent(recorded(event, structuredIds));
  if (link) readEvent.setLink(recorded(link, structuredIds));
  readEvent.setCommitPosition(String((link ?? event)!.position));
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

const decoded = (bytes: Buffer | Uint8Array) =>
  ReadResp.deserializeBinary(new Uint8Array(bytes)).toObject();

describe('readRespBytes: a Streams.Read ReadResp written by hand', () => {
  const event = stored();
  const link = stored({
    id: 'f0000000-0000-4000-8000-00000000000f',
    type: '$>',
    isJson: false,
    data: Buffer.from('41@commitment-ec-2026-01'),
    streamId: '$ce-commitment',
    revision: 7,
    position: 9_007_199_254_740_000,
  });
  const cases: Array<[string, StoredEvent | undefined, StoredEvent | undefined]> = [
    ['a JSON event', event, undefined],
    [
      'a binary event with no custom metadata and no data, at position 0, revision 0',
      stored({
        isJson: false,
        metadata: Buffer.alloc(0),
        data: Buffer.alloc(0),
        position: 0,
        revision: 0,
      }),
      undefined,
    ],
    ['a resolved link: the event at its position, the link at its own', event, link],
    ['a dangling link: the link alone', undefined, link],
    [
      'a tombstone of a stream with a Unicode name, 100 KB of data',
      stored({
        type: '$streamDeleted',
        revision: TOMBSTONE_REVISION,
        streamId: 'compromiso-ñandú-€',
        data: Buffer.alloc(100_000, 0x61),
        id: 'ffffffff-ffff-4fff-bfff-ffffffffffff',
      }),
      undefined,
    ],
  ];

  for (const structuredIds of [true, false]) {
    for (const [name, e, l] of cases) {
      it(`given ${name}, with ${structuredIds ? 'structured' : 'string'} ids, then it decodes to what the generated classes write`, () => {
        const written = readRespBytes(e, l, structuredIds);
        const generated = readRespMessage(e, l, structuredIds).serializeBinary();
        expect(decoded(written)).toEqual(decoded(generated));
        expect(written.length).toBe(generated.length);
      });
    }
  }
});
