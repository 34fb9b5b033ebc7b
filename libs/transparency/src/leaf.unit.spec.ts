import { LeafEncodingError, leafBytes, type LeafEvent } from './leaf';

const event = (overrides: Partial<LeafEvent> = {}): LeafEvent => ({
  stream: 'commitment-7f3a',
  revision: 4n,
  id: '0b7c1c0e-5d0f-4a8e-9f43-2f1d8f9f6a10',
  type: 'MilestoneCompleted',
  data: { milestoneId: 'm-2', evidence: ['https://example.org/acta.pdf'], progress: 100 },
  metadata: {
    schemaVersion: 1,
    recordedAt: '2026-03-01T10:00:00.000Z',
    actor: { role: 'official', id: 'u-9' },
    integrity: { previousHash: 'ab', hash: 'cd' },
  },
  ...overrides,
});

const text = (e: LeafEvent) => leafBytes(e).toString('utf8');

describe('leafBytes', () => {
  it('is the canonical JSON of the six fields, revision as a string, integrity left out', () => {
    expect(text(event())).toBe(
      '{"data":{"evidence":["https://example.org/acta.pdf"],"milestoneId":"m-2","progress":100},' +
        '"id":"0b7c1c0e-5d0f-4a8e-9f43-2f1d8f9f6a10",' +
        '"metadata":{"actor":{"id":"u-9","role":"official"},"recordedAt":"2026-03-01T10:00:00.000Z","schemaVersion":1},' +
        '"revision":"4","stream":"commitment-7f3a","type":"MilestoneCompleted"}',
    );
  });

  it('does not depend on the order in which properties were written', () => {
    const e = event();
    const shuffled: LeafEvent = {
      metadata: { integrity: { hash: 'other' }, actor: { id: 'u-9', role: 'official' } },
      data: { progress: 100, evidence: ['https://example.org/acta.pdf'], milestoneId: 'm-2' },
      type: e.type,
      id: e.id,
      revision: 4,
      stream: e.stream,
    };
    const ordered = event({
      metadata: { actor: { role: 'official', id: 'u-9' } },
    });
    expect(leafBytes(shuffled).equals(leafBytes(ordered))).toBe(true);
  });

  it('takes the revision as a bigint, a safe integer or a decimal string alike', () => {
    const max = '18446744073709551615';
    expect(text(event({ revision: 2n ** 64n - 1n }))).toContain(`"revision":"${max}"`);
    expect(text(event({ revision: max }))).toContain(`"revision":"${max}"`);
    expect(text(event({ revision: 0 }))).toContain('"revision":"0"');
    for (const revision of [-1, 1.5, 2 ** 53, '01', '-1', '1e3', '', 2n ** 64n, -1n]) {
      expect(() => leafBytes(event({ revision }))).toThrow(LeafEncodingError);
    }
  });

  it('keeps metadata that is not an object as it is', () => {
    expect(text(event({ metadata: null }))).toContain('"metadata":null');
    expect(text(event({ metadata: ['integrity'] }))).toContain('"metadata":["integrity"]');
    expect(text(event({ metadata: 'x' }))).toContain('"metadata":"x"');
  });

  it('writes numbers and sorts keys as RFC 8785 does', () => {
    // RFC 8785 §3.2.2.3 and §3.2.3 examples.
    const data = {
      numbers: [Number('333333333.33333329'), 1e30, 4.5, 2e-3, 0.000000000000000000000000001, -0],
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(text(event({ data }))).toContain(
      '"data":{"\\r":"Carriage Return","1":"One","numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27,0],' +
        '"\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",' +
        '"\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('is UTF-8', () => {
    const bytes = leafBytes(event({ data: { title: 'Participación ciudadana — año 2026' } }));
    expect(bytes.includes(Buffer.from('Participación ciudadana — año 2026', 'utf8'))).toBe(true);
  });

  it.each([
    ['undefined', { a: undefined }, 'data.a'],
    ['NaN', { a: NaN }, 'data.a'],
    ['Infinity', { a: [1, -Infinity] }, 'data.a[1]'],
    ['a bigint', { a: 1n }, 'data.a'],
    ['a function', { a: () => 1 }, 'data.a'],
    ['a symbol', { a: Symbol('s') }, 'data.a'],
    ['a Date', { a: new Date(0) }, 'data.a'],
    ['a Buffer', Buffer.from('x'), 'data'],
    ['a Map', { a: new Map() }, 'data.a'],
    ['a hole in an array', { a: new Array<number>(2) }, 'data.a[0]'],
    ['a lone surrogate', { a: 'x\ud800y' }, 'data.a'],
    ['a lone surrogate in a key', { ['\udc00']: 1 }, 'data.\udc00'],
  ])('refuses %s, naming where it is', (_what, data, path) => {
    expect(() => leafBytes(event({ data }))).toThrow(LeafEncodingError);
    try {
      leafBytes(event({ data }));
    } catch (error) {
      expect((error as LeafEncodingError).path).toBe(path);
      expect((error as Error).message).toMatch(/^hoja no codificable \/ cannot encode leaf: /);
    }
  });

  it('refuses a circular value, and absent metadata', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = { back: cyclic };
    expect(() => leafBytes(event({ data: cyclic }))).toThrow(/circular/);
    expect(() => leafBytes(event({ metadata: undefined }))).toThrow(LeafEncodingError);
    expect(() => leafBytes(event({ metadata: new Uint8Array([1]) }))).toThrow(LeafEncodingError);
  });

  it('accepts the same object twice when it is not a cycle', () => {
    const shared = { k: 1 };
    expect(text(event({ data: { a: shared, b: [shared] } }))).toContain(
      '"data":{"a":{"k":1},"b":[{"k":1}]}',
    );
  });

  it('refuses a stream, id or type that is not a string', () => {
    expect(() => leafBytes({ ...event(), stream: 7 as unknown as string })).toThrow(
      /stream: expected a string/,
    );
  });
});
