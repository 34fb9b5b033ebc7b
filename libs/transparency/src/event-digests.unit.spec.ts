import { integrityHash, type RecordedEvent } from '@hitos/event-store';
import { eventDigests, storedLeafHash } from './event-digests';
import { LeafEncodingError, leafBytes } from './leaf';
import { leafHash } from './merkle';
import { leafValue } from './leaf';
import { CHAIN_LINK, hitosMetadata, recordedEvent } from './testing/recorded-events';

/** The long way, written with the log's and command handling's own functions. */
function expected(event: RecordedEvent) {
  const leaf = leafHash(
    leafBytes({
      stream: event.streamId,
      revision: event.revision,
      id: event.id,
      type: event.type,
      data: leafValue(event.data),
      metadata: leafValue(event.metadata),
    }),
  );
  const { integrity, ...rest } = (event.metadata ?? {}) as Record<string, any>;
  const recomputed =
    integrity && typeof integrity.hash === 'string'
      ? integrityHash({
          streamName: event.streamId,
          revision: event.revision,
          type: event.type,
          data: event.data,
          metadata: rest,
          previousHash: integrity.previousHash,
        })
      : undefined;
  return { leaf: leaf.toString('hex'), recomputed };
}

/** Values JSON.parse can give, the awkward ones included. */
const DATA: unknown[] = [
  { b: 1, a: 2, B: 3, é: 4, '€': 5, '\u{1F600}': 6, '': 7, '10': 8, '9': 9 },
  { n: [0, -0, 1e21, 1e-7, 0.1, 123456789012345680000, -1.5e-300, 5e-324, 2 ** 53] },
  { s: 'comillas " barra \\ nueva\nlínea \t tab \u0001 \u007f \u2028 \u{1F680} ñ' },
  { nested: { z: [{ y: null, x: true }, [], {}], a: { c: { b: false } } } },
  'a string',
  12,
  null,
  [],
  JSON.parse('{"__proto__": {"x": 1}, "constructor": 2}'),
];

describe('eventDigests', () => {
  it('hashes leaves and links exactly as leafBytes and integrityHash do', () => {
    for (const data of DATA) {
      for (const metadata of [
        hitosMetadata(),
        hitosMetadata({ nested: data }),
        undefined,
        { no: 'link' },
      ]) {
        const e = recordedEvent(data, metadata);
        const digests = eventDigests(e, true);
        const long = expected(e);
        expect(digests.leaf.toString('hex')).toBe(long.leaf);
        expect(digests.recomputed).toBe(long.recomputed);
        expect(digests.link).toEqual(long.recomputed ? CHAIN_LINK : undefined);
        expect(eventDigests(e, false)).toEqual({ leaf: digests.leaf });
      }
    }
  });

  it('takes bytes as base64 and leaves the link of an event that is not JSON aside', () => {
    const e = recordedEvent(new Uint8Array([0, 1, 2, 250]), new Uint8Array([9, 9]), {
      isJson: false,
    });
    expect(eventDigests(e, true)).toEqual({ leaf: Buffer.from(expected(e).leaf, 'hex') });
    const tombstone = recordedEvent(new Uint8Array(0), undefined, {
      isJson: false,
      type: '$streamDeleted',
      revision: 9223372036854775807n,
    });
    expect(eventDigests(tombstone, true).leaf.toString('hex')).toBe(expected(tombstone).leaf);
  });

  it('goes the long way for what JSON cannot hold, and refuses what cannot be a leaf', () => {
    // A lone surrogate, as JSON.parse gives it from "\ud800".
    const lone = recordedEvent(JSON.parse('{"s":"\\ud800"}'), hitosMetadata());
    expect(() => eventDigests(lone, true)).toThrow(LeafEncodingError);
    const loneKey = recordedEvent(JSON.parse('{"\\udc00":1}'), hitosMetadata());
    expect(() => eventDigests(loneKey, true)).toThrow(LeafEncodingError);
    // Text that merely looks like an escape is fine.
    const lookalike = recordedEvent({ s: '\\ud800' }, hitosMetadata());
    expect(eventDigests(lookalike, true).leaf.toString('hex')).toBe(expected(lookalike).leaf);
    expect(() => eventDigests(recordedEvent({ x: undefined }, hitosMetadata()), true)).toThrow(
      LeafEncodingError,
    );
    expect(() => eventDigests(recordedEvent({ d: new Date(0) }, hitosMetadata()), true)).toThrow(
      LeafEncodingError,
    );
  });
});

describe('storedLeafHash', () => {
  const fields = (e: RecordedEvent) => ({
    stream: e.streamId,
    revision: e.revision,
    id: e.id,
    type: e.type,
    data: e.data,
    metadata: e.metadata,
  });

  it('is the leaf hash leafBytes gives, for ordinary and awkward JSON, bytes and no metadata', () => {
    const events = DATA.flatMap((data) =>
      [hitosMetadata(), hitosMetadata({ nested: data }), undefined, { no: 'link' }].map((m) =>
        recordedEvent(data, m),
      ),
    );
    events.push(
      recordedEvent(new Uint8Array([0, 1, 2, 250]), new Uint8Array([9, 9]), { isJson: false }),
    );
    events.push(recordedEvent({ s: '\\ud800' }, hitosMetadata()));
    for (const e of events) {
      expect(storedLeafHash(fields(e)).toString('hex')).toBe(expected(e).leaf);
      expect(storedLeafHash({ ...fields(e), revision: Number(e.revision) })).toEqual(
        storedLeafHash(fields(e)),
      );
    }
  });

  it('refuses what cannot be a leaf, as leafBytes does', () => {
    const lone = fields(recordedEvent(JSON.parse('{"s":"\\ud800"}'), hitosMetadata()));
    expect(() => storedLeafHash(lone)).toThrow(LeafEncodingError);
    expect(() => storedLeafHash({ ...lone, data: {}, stream: 'a\udc00' })).toThrow(
      LeafEncodingError,
    );
    expect(() => storedLeafHash({ ...lone, data: {}, revision: -1 })).toThrow(LeafEncodingError);
    expect(() => storedLeafHash({ ...lone, data: {}, revision: 2n ** 64n })).toThrow(
      LeafEncodingError,
    );
  });
});
