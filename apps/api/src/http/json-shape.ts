/**
 * What a JSON body may not be, checked on its raw bytes before it is parsed (body-parser's
 * `verify`): nested deeper than {@link MAX_JSON_DEPTH} (validation and transformation recurse,
 * and thousands of nested arrays overflow their stack: a 500), or holding a key that names an
 * object's prototype machinery (`__proto__`, `constructor`, `prototype`), which class-transformer
 * drops silently instead of refusing it like any unknown field.
 *
 * Hand-written because no parser option does it: `JSON.parse`'s reviver sees keys but not depth,
 * and body-parser turns any error thrown in it into an anonymous "malformed JSON". One pass over
 * the bytes, no allocation but for keys worth decoding.
 */

/** Deeper than any command's body (the deepest, a bulk decision's, nests 4 levels). */
export const MAX_JSON_DEPTH = 32;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type JsonShapeRefusal =
  { type: 'entity.too.deep'; depth: number } | { type: 'entity.key.forbidden'; field: string };

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
      if (body[next] !== COLON) continue;
      // A key: decoded only when it could be a forbidden one.
      const raw = Buffer.from(body.buffer, body.byteOffset + start, end - start).toString('utf8');
      const key = escaped ? decodeKey(raw) : raw;
      if (key === null) continue;
      path[path.length - 1] = key;
      if (FORBIDDEN_KEYS.has(key)) return { type: 'entity.key.forbidden', field: fieldOf(path) };
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

function decodeKey(raw: string): string | null {
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
