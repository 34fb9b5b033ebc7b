/**
 * RFC 8785 (JCS) text of an ordinary JSON value — one `JSON.parse` could have made — written in
 * one pass; `undefined` for anything else, which the caller then sends the long way (the
 * `canonicalize` library behind `leafBytes`'s exact checks).
 *
 * Why not `canonicalize` for every event: the log hashes every event of the store when it is
 * built and when it is verified, and the library plus a separate pass to check the value is
 * plain JSON cost some 15 µs of a ~550-byte event — more than the SHA-256 and the SQLite rows
 * together, and enough to keep the build under 70% of the raw `$all` read. This writer does the
 * check and the text in one walk (~4 µs). It handles only what is unambiguous: strings (written
 * by JSON.stringify, which escapes exactly as JCS does; a lone surrogate, which JSON.stringify
 * escapes as `\udxxx`, sends the value the long way), finite numbers (ECMAScript's
 * Number-to-String, as JCS says), booleans, null, arrays, and objects whose prototype is
 * Object's or null with no symbol keys, keys sorted by UTF-16 code units. A spec checks it
 * against `canonicalize` over thousands of generated values.
 */
export function ordinaryJcs(value: unknown): string | undefined {
  return write(value, 0);
}

/**
 * JSON.stringify's escape for a lone surrogate, after its run of backslashes: an odd run is an
 * escape (`\udxxx`), an even one is literal text (a backslash, then `udxxx`).
 */
const ESCAPED_SURROGATE = /(\\+)u[dD][89a-fA-F][0-9a-fA-F]{2}/g;
/** Deeper than any hitos event; a deeper value (or a cycle) goes the long way. */
const MAX_DEPTH = 256;

function write(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return text(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (depth >= MAX_DEPTH) return undefined;
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const item = write(value[i], depth + 1);
          if (item === undefined) return undefined;
          out += i === 0 ? item : `,${item}`;
        }
        return `${out}]`;
      }
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return undefined;
      if (Object.getOwnPropertySymbols(value).length > 0) return undefined;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const key = text(keys[i]);
        const member = write(record[keys[i]], depth + 1);
        if (key === undefined || member === undefined) return undefined;
        out += i === 0 ? `${key}:${member}` : `,${key}:${member}`;
      }
      return `${out}}`;
    }
    default:
      return undefined;
  }
}

/** What JSON.stringify escapes or JCS must look at twice: quotes, backslashes, controls, surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are what JSON escapes
const NEEDS_CARE = /["\\\u0000-\u001f\ud800-\udfff]/;

function text(value: string): string | undefined {
  // Most text (ids, dates, names, Spanish prose) is written as it is, between quotes.
  if (!NEEDS_CARE.test(value)) return `"${value}"`;
  const written = JSON.stringify(value);
  if (!written.includes('\\u')) return written;
  for (const escape of written.matchAll(ESCAPED_SURROGATE)) {
    if (escape[1].length % 2 === 1) return undefined;
  }
  return written;
}
