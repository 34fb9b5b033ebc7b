/**
 * What a JSON body may not be, checked on its raw bytes before it is parsed (body-parser's
 * `verify`): nested deeper than {@link MAX_JSON_DEPTH} (validation and transformation recurse,
 * and thousands of nested arrays overflow their stack: a 500), or holding a key that names an
 * object's prototype machinery (`__proto__`, `constructor`, `prototype`), which class-transformer
 * drops silently instead of refusing it like any unknown field; or holding a string that is not
 * well-formed Unicode (a lone surrogate, `"\ud800"`: no UTF-8 can store it, and validators that
 * encode it, such as `IsEmail`, throw — a 500 the fuzz suite found).
 *
 * Hand-written because no parser option does it: `JSON.parse`'s reviver sees keys but not depth,
 * and body-parser turns any error thrown in it into an anonymous "malformed JSON". One pass over
 * the bytes, no allocation but for keys worth decoding.
 */

/** Deeper than any command's body (the deepest, a bulk decision's, nests 4 levels). */
export const MAX_JSON_DEPTH = 32;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type JsonShapeRefusal =
  | { type: 'entity.too.deep'; depth: number }
  | { type: 'entity.key.forbidden'; field: string }
  | { type: 'entity.string.ill-formed'; field: string };

/** A lone surrogate: in `u` mode a pair reads as one code point, never as `Cs`. */
const LONE_SURROGATE = /\p{Cs}/u;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = new Set([0x5b, 0x7b]); // [ {
const CLOSE = new Set([0x5d, 0x7d]); // ] }
const COLON = 0x3a;
const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * The first reason to refuse `body`, or null. Malformed JSON is not judged here: the parser
 * that runs next says so. The field is named as the API's errors name fields (`a.b[0].c`).
 */
export function refuseJsonShape(body: Uint8Array): JsonShapeRefusal | null {
  // The path of keys and array indexes down to where the scan is, for naming the field.
  const path: (string | number)[] = [];
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (byte === QUOTE) {
      const start = i + 1;
      let escaped = false;
      for (i = start; i < body.length && body[i] !== QUOTE; i++)
        if (body[i] === BACKSLASH) {
          escaped = true;
          i++;
        }
      const end = i;
      let next = i + 1;
      while (next < body.length && SPACE.has(body[next])) next++;
      const isKey = body[next] === COLON;
      // Only an escape can make a lone surrogate (raw bytes decode to U+FFFD).
      const text = escaped || isKey ? decoded(body, start, end, escaped) : '';
      if (text === null) continue;
      if (escaped && LONE_SURROGATE.test(text)) {
        if (isKey) path[path.length - 1] = text.replace(/\p{Cs}/gu, '\ufffd');
        return { type: 'entity.string.ill-formed', field: fieldOf(path) || 'body' };
      }
      if (!isKey) continue;
      path[path.length - 1] = text;
      if (FORBIDDEN_KEYS.has(text)) return { type: 'entity.key.forbidden', field: fieldOf(path) };
    } else if (OPEN.has(byte)) {
      if (++depth > MAX_JSON_DEPTH) return { type: 'entity.too.deep', depth };
      path.push(byte === 0x5b ? 0 : '');
    } else if (CLOSE.has(byte)) {
      depth--;
      path.pop();
    } else if (byte === 0x2c && typeof path[path.length - 1] === 'number') {
      (path[path.length - 1] as number)++;
    }
  }
  return null;
}

/** A string's text (null if it is malformed: the parser that runs next says so). */
function decoded(body: Uint8Array, start: number, end: number, escaped: boolean): string | null {
  const raw = Buffer.from(body.buffer, body.byteOffset + start, end - start).toString('utf8');
  if (!escaped) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return null;
  }
}

function fieldOf(path: (string | number)[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');
}
