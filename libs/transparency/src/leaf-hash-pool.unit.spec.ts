import type { RecordedEvent } from '@hitos/event-store';
import { eventDigests, storedLeafHash } from './event-digests';
import { LeafEncodingError } from './leaf';
import { LeafHashPool } from './leaf-hash-pool';
import { hitosMetadata, recordedEvent } from './testing/recorded-events';

/** Ordinary events, awkward JSON, bytes, and events the long way refuses, mixed in one batch. */
function batch(): RecordedEvent[] {
  const data: unknown[] = [
    { b: 1, a: 2, B: 3, é: 4, '€': 5, '\u{1F600}': 6, '': 7, '10': 8, '9': 9 },
    { n: [0, -0, 1e21, 1e-7, 0.1, -1.5e-300, 5e-324, 2 ** 53] },
    { s: 'comillas " barra \\ nueva\nlínea \t \u0001 \u2028 \u{1F680} ñ' },
    { nested: { z: [{ y: null, x: true }, [], {}], a: { c: { b: false } } } },
    'a string',
    null,
    JSON.parse('{"__proto__": {"x": 1}, "constructor": 2}'),
  ];
  const events = data.flatMap((d) =>
    [hitosMetadata(), hitosMetadata({ nested: d }), undefined, { no: 'link' }].map((m) =>
      recordedEvent(d, m),
    ),
  );
  events.push(
    recordedEvent(new Uint8Array([0, 1, 2, 250]), new Uint8Array([9, 9]), { isJson: false }),
  );
  events.push(recordedEvent({ s: '\\ud800' }, hitosMetadata()));
  // Out of the ordinary: a lone surrogate (refused), a name that is not text (refused).
  events.push(recordedEvent(JSON.parse('{"s":"\\ud800"}'), hitosMetadata()));
  events.push(recordedEvent({}, hitosMetadata(), { streamId: 'commitment-\udc00' }));
  return events;
}

const fields = (e: RecordedEvent) => ({
  stream: e.streamId,
  revision: e.revision,
  id: e.id,
  type: e.type,
  data: e.data,
  metadata: e.metadata,
});

/** What the caller ends with: the pool's answer, or the long way for what it left undone. */
function leafOrRefusal(hash: Buffer | undefined, e: RecordedEvent): string {
  if (hash) return hash.toString('hex');
  try {
    return storedLeafHash(fields(e)).toString('hex');
  } catch (error) {
    return (error as Error).name;
  }
}

describe('LeafHashPool', () => {
  let pool: LeafHashPool;
  beforeAll(() => (pool = LeafHashPool.start(2)));
  afterAll(() => pool.close());

  it('hashes each leaf as storedLeafHash does, in order, and leaves the refused ones undone', async () => {
    const events = batch();
    const [first, second] = await Promise.all([
      pool.leafHashes(events.map(fields)),
      pool.leafHashes([...events].reverse().map(fields)),
    ]);
    expect(first).toHaveLength(events.length);
    events.forEach((e, i) => {
      let expected: string;
      try {
        expected = storedLeafHash(fields(e)).toString('hex');
      } catch (error) {
        expect(error).toBeInstanceOf(LeafEncodingError);
        expect(first[i]).toBeUndefined();
        expected = 'LeafEncodingError';
      }
      expect(leafOrRefusal(first[i], e)).toBe(expected);
      expect(leafOrRefusal(second[events.length - 1 - i], e)).toBe(expected);
    });
    expect(first.filter((h) => h === undefined)).toHaveLength(2);
  });

  it('gives the digests eventDigests gives: leaf, link and recomputed link', async () => {
    const events = batch().slice(0, -2);
    const withLink = events.map((_, i) => i % 2 === 0);
    const digests = await pool.eventDigests(events, withLink);
    events.forEach((e, i) => {
      const expected = eventDigests(e, withLink[i]);
      expect(digests[i]).toBeDefined();
      expect(digests[i]!.leaf.toString('hex')).toBe(expected.leaf.toString('hex'));
      expect(digests[i]!.link).toEqual(expected.link);
      expect(digests[i]!.recomputed).toBe(expected.recomputed);
    });
    expect(digests.filter((d) => d?.recomputed !== undefined).length).toBeGreaterThan(5);
  });

  it('refuses work once closed', async () => {
    const closed = LeafHashPool.start(1);
    await closed.close();
    await expect(closed.leafHashes([fields(recordedEvent({}, hitosMetadata()))])).rejects.toThrow(
      'closed',
    );
  });
});
