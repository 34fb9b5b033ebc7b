import canonicalize from 'canonicalize';

/** An event as the log commits to it: where it is, what it is, and what it says. */
export interface LeafEvent {
  stream: string;
  /** The event's revision in its stream (an unsigned 64-bit integer). */
  revision: bigint | number | string;
  id: string;
  type: string;
  data: unknown;
  /**
   * The stored metadata; its `integrity` member, if any, is left out of the leaf. Absent
   * metadata (undefined) and raw bytes are refused like any value JSON cannot hold: the caller
   * chooses how such an event is written (null, say), since the leaf must state it exactly.
   */
  metadata: unknown;
}

/** The event cannot become a leaf: a field is missing, or holds a value JSON cannot represent. */
export class LeafEncodingError extends Error {
  override readonly name = 'LeafEncodingError';

  constructor(
    /** Where the value is, as a path from the leaf's root (`data.items[2]`). */
    readonly path: string,
    readonly problem: string,
  ) {
    super(`hoja no codificable / cannot encode leaf: ${path}: ${problem}`);
  }
}

/**
 * An event's data or metadata as the leaf holds it: JSON as stored; bytes that are not JSON as
 * the standard base64 of those bytes (a JSON string); absent metadata as the empty object.
 */
export function leafValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value === undefined ? {} : value;
}

const MAX_REVISION = 2n ** 64n - 1n;
const DECIMAL = /^(0|[1-9][0-9]*)$/;
/** A lone UTF-16 surrogate: a string that is not Unicode text (RFC 8785 §3.2.2.2). */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The bytes of the leaf that stands for an event: the UTF-8 of the RFC 8785 (JCS) canonical JSON
 * of `{"stream","revision","id","type","data","metadata"}`, with the revision as a decimal
 * string and the metadata without its `integrity` member (the stream's own hash chain, which the
 * log does not need). Throws {@link LeafEncodingError} for anything JSON cannot represent
 * exactly (undefined, NaN, ±Infinity, bigint, functions, symbols, lone surrogates, cycles,
 * objects other than plain objects and arrays), instead of silently dropping or changing it.
 */
export function leafBytes(event: LeafEvent): Buffer {
  for (const field of ['stream', 'id', 'type'] as const) {
    if (typeof event[field] !== 'string') {
      throw new LeafEncodingError(field, `expected a string, got ${describe(event[field])}`);
    }
  }
  const leaf = {
    stream: event.stream,
    revision: revisionString(event.revision),
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: isPlainObject(event.metadata) ? withoutIntegrity(event.metadata) : event.metadata,
  };
  assertJson(leaf, '', new Set());
  const json = canonicalize(leaf);
  if (json === undefined) throw new LeafEncodingError('', 'canonicalize returned nothing');
  return Buffer.from(json, 'utf8');
}

function revisionString(revision: unknown): string {
  let value: bigint | undefined;
  if (typeof revision === 'bigint') value = revision;
  else if (typeof revision === 'number' && Number.isSafeInteger(revision)) value = BigInt(revision);
  else if (typeof revision === 'string' && DECIMAL.test(revision)) value = BigInt(revision);
  if (value === undefined || value < 0n || value > MAX_REVISION) {
    throw new LeafEncodingError(
      'revision',
      `expected an unsigned 64-bit integer, got ${describe(revision)}`,
    );
  }
  return value.toString();
}

function withoutIntegrity(metadata: Record<string, unknown>): Record<string, unknown> {
  const { integrity: _integrity, ...rest } = metadata;
  return rest;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Throws unless `value` is exactly a JSON value (what JSON.parse could have returned). */
function assertJson(value: unknown, path: string, ancestors: Set<object>): void {
  switch (typeof value) {
    case 'boolean':
      return;
    case 'string':
      if (LONE_SURROGATE.test(value)) {
        throw new LeafEncodingError(path, 'string with a lone surrogate (not Unicode text)');
      }
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new LeafEncodingError(path, String(value));
      return;
    case 'object': {
      if (value === null) return;
      if (ancestors.has(value)) throw new LeafEncodingError(path, 'circular reference');
      ancestors.add(value);
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          assertJson(value[i], `${path}[${i}]`, ancestors);
        }
      } else if (isPlainObject(value)) {
        if (Object.getOwnPropertySymbols(value).length > 0) {
          throw new LeafEncodingError(path, 'object with symbol keys');
        }
        for (const key of Object.keys(value)) {
          const at = path === '' ? key : `${path}.${key}`;
          if (LONE_SURROGATE.test(key)) {
            throw new LeafEncodingError(at, 'key with a lone surrogate (not Unicode text)');
          }
          assertJson(value[key], at, ancestors);
        }
      } else {
        throw new LeafEncodingError(path, describe(value));
      }
      ancestors.delete(value);
      return;
    }
    default:
      throw new LeafEncodingError(path, describe(value));
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)
      ?.constructor?.name;
    return `an object of class ${name ?? 'unknown'}`;
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  return typeof value === 'number' ? String(value) : typeof value;
}
