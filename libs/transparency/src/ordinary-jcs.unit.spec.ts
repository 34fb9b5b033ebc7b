import canonicalize from 'canonicalize';
import { ordinaryJcs } from './ordinary-jcs';

/** A small seeded generator (mulberry32): the same values on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.1,
  1e21,
  1e-7,
  5e-324,
  1.7976931348623157e308,
  123456789012345680000,
  4.35,
  0.000001,
  333333333.3333333,
  -1e-300,
  2 ** 53,
  2 ** 53 + 2,
];
const PIECES = [
  'a',
  'Z',
  'ñ',
  'é',
  '€',
  '😀',
  '\u0000',
  '\u001f',
  '\u007f',
  '"',
  '\\',
  '/',
  '\n',
  '\t',
  '\u2028',
  'ｱ',
  '\ufeff',
  '\ud83d\ude00',
  'compromiso',
  '\\ud800',
];

function string(next: () => number): string {
  let out = '';
  const length = Math.floor(next() * 6);
  for (let i = 0; i < length; i++) out += PIECES[Math.floor(next() * PIECES.length)];
  return out;
}

function json(next: () => number, depth: number): unknown {
  const kind = Math.floor(next() * (depth > 3 ? 4 : 6));
  switch (kind) {
    case 0:
      return string(next);
    case 1:
      return next() < 0.5
        ? NUMBERS[Math.floor(next() * NUMBERS.length)]
        : (next() - 0.5) * 10 ** Math.floor(next() * 40 - 20);
    case 2:
      return next() < 0.5;
    case 3:
      return null;
    case 4:
      return Array.from({ length: Math.floor(next() * 4) }, () => json(next, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 5); i > 0; i--) object[string(next)] = json(next, depth + 1);
      return object;
    }
  }
}

describe('ordinaryJcs', () => {
  it('writes what canonicalize writes, for 5,000 generated JSON values', () => {
    const next = random(20261202);
    for (let i = 0; i < 5000; i++) {
      const value = json(next, 0);
      // Through text and back, as the store's client hands values over.
      const parsed: unknown = JSON.parse(JSON.stringify(value));
      expect(ordinaryJcs(parsed)).toBe(canonicalize(parsed));
    }
  });

  it('sorts keys by UTF-16 code units, as RFC 8785 does', () => {
    expect(ordinaryJcs({ '€': 1, '\r': 2, '😀': 3, ö: 4, '1': 5, ﬃ: 6 })).toBe(
      '{"\\r":2,"1":5,"ö":4,"€":1,"😀":3,"ﬃ":6}',
    );
  });

  it('writes numbers as ECMAScript does (RFC 8785 §3.2.2.3)', () => {
    expect(ordinaryJcs([-0, 1e21, 1e-7, 0.000001, 333333333.3333333])).toBe(
      '[0,1e+21,1e-7,0.000001,333333333.3333333]',
    );
  });

  it.each([
    ['a lone surrogate', { note: 'a\ud800b' }],
    ['a lone surrogate in a key', { ['\udc00']: 1 }],
    ['undefined in an array', [1, undefined]],
    ['an undefined member', { a: undefined }],
    ['NaN', { a: NaN }],
    ['Infinity', [Infinity]],
    ['a bigint', { a: 1n }],
    ['a Date', { a: new Date(0) }],
    ['a class instance', new Map()],
    ['a symbol key', { [Symbol('s')]: 1 }],
    ['a function', { a: () => 1 }],
  ])('leaves %s to the long way', (_what, value) => {
    expect(ordinaryJcs(value)).toBeUndefined();
  });

  it('leaves a cycle to the long way instead of looping', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(ordinaryJcs(cycle)).toBeUndefined();
  });

  it('tells literal text that reads like an escaped surrogate from a lone surrogate', () => {
    // "\ud800" typed as six characters is ordinary text; after a backslash it is a surrogate.
    expect(ordinaryJcs('\\ud800')).toBe('"\\\\ud800"');
    expect(ordinaryJcs('\\\ud800')).toBeUndefined();
    expect(ordinaryJcs('\\\\ud800')).toBe(canonicalize('\\\\ud800'));
  });
});
