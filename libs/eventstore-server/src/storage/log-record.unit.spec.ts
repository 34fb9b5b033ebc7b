import { pack, unpack } from 'msgpackr';
import { decodeFrame, decodeRecord, encodeFrame, type LoggedRecord } from './log-record';
import { TOMBSTONE_REVISION } from './stored-event';

const bytes = (length: number, fill = 7) => Buffer.alloc(length, fill);

function record(overrides: Partial<LoggedRecord[1]> = {}): LoggedRecord[1] {
  return {
    s: 'order-1',
    r: 0,
    i: '0b6b1a4e-2f4c-4d8e-9a51-3c2f1e0d9b7a',
    t: 'OrderPlaced',
    j: true,
    c: 1_733_338_000_000.125,
    d: Buffer.from('{"total":12}'),
    m: Buffer.alloc(0),
    ...overrides,
  };
}

/** The records of a frame written at `payloadAt`, read back as the store reads them. */
function readBack(records: LoggedRecord[], payloadAt = 1000) {
  const { payload, locators } = encodeFrame(records, payloadAt);
  const decoded = decodeFrame(payload, payloadAt);
  const one = locators.map(([at, length]) =>
    decodeRecord(payload.subarray(at - payloadAt, at - payloadAt + length)),
  );
  return { decoded, one, locators };
}

describe('a frame of the write-ahead log, written by hand', () => {
  const cases: Array<[string, LoggedRecord[1], number]> = [
    ['a plain event', record(), 0],
    ['a binary event with metadata', record({ j: false, m: Buffer.from('{"a":1}') }), 1],
    ['a stream named in several scripts', record({ s: 'compromiso-ñandú-北京-🙂' }), 127],
    ['a long type (a two-byte string header)', record({ t: 'T'.repeat(100) }), 128],
    ['a very long stream (a four-byte string header)', record({ s: 's'.repeat(70_000) }), 70_000],
    ['data of 255 bytes', record({ d: bytes(255) }), 0xffff_ffff],
    ['data of 256 bytes', record({ d: bytes(256) }), 0x1_0000_0000],
    ['data of 65,536 bytes', record({ d: bytes(65_536) }), 2 ** 40],
    ['empty data', record({ d: Buffer.alloc(0) }), Number.MAX_SAFE_INTEGER],
    ['a tombstone', record({ r: TOMBSTONE_REVISION, t: '$streamDeleted' }), 5],
    ['a whole-millisecond creation time', record({ c: 1_733_338_000_000 }), 6],
  ];

  it.each(cases)('reads back %s as it was written', (_name, r, position) => {
    const { decoded, one } = readBack([[position, r]]);
    expect(decoded.map((d) => d.logged)).toEqual([[position, r]]);
    expect(one).toEqual([[position, r]]);
  });

  it('writes a lone surrogate (never in a name read from the wire) as UTF-8 does', () => {
    const { one } = readBack([[7, record({ t: 'x\ud800y' })]]);
    expect(one[0][1].t).toBe('x\ufffdy');
  });

  it.each(cases)('writes %s as msgpackr reads its own encoding of it', (_name, r, position) => {
    const { payload, locators } = encodeFrame([[position, r]], 0);
    const [at, length] = locators[0];
    const fields = [position, r.s, r.r, r.i, r.t, r.j, r.c, r.d, r.m];
    expect(unpack(payload.subarray(at, at + length))).toEqual(unpack(pack(fields)));
  });

  it.each([1, 15, 16, 65_535, 65_536])(
    'reads back a frame of %i records, each where its locator says',
    (count) => {
      const records: LoggedRecord[] = Array.from({ length: count }, (_, k) => [
        k * 100,
        record({ s: `s-${k % 7}`, r: k, d: Buffer.from(String(k)) }),
      ]);
      const { decoded, one, locators } = readBack(records, 4096);
      // Compared as text: a deep comparison of 65,536 records takes the test's whole budget.
      const text = ([position, r]: LoggedRecord) =>
        `${position} ${r.s} ${r.r} ${r.i} ${r.t} ${r.j} ${r.c} ${r.d.toString()} ${r.m.length}`;
      const expected = records.map(text);
      expect(decoded.map((d) => text(d.logged))).toEqual(expected);
      expect(one.map(text)).toEqual(expected);
      expect(decoded.map((d) => d.locator.join(' '))).toEqual(locators.map((l) => l.join(' ')));
    },
  );
});
