import * as crypto from 'node:crypto';
import canonicalize from 'canonicalize';
import { integrityHash, type RecordedEvent } from '@hitos/event-store';
import { leafBytes } from './leaf';
import { leafHash } from './merkle';
import { leafValue } from './transparency-log.projection';

/** An event's hash-chain link as stored: the hash it claims and the one it names before it. */
export interface StoredLink {
  previousHash: string | null;
  hash: string;
}

/** What the verifier needs of one event, hashed once. */
export interface EventDigests {
  /** The RFC 6962 hash of the event's leaf (see leafBytes). */
  leaf: Buffer;
  /** The event's own link, when its metadata holds a well-formed one. */
  link?: StoredLink;
  /** The link recomputed from the event's content and its stored previousHash. */
  recomputed?: string;
}

const sha256 =
  typeof crypto.hash === 'function'
    ? (text: string, encoding: 'hex' | 'buffer') =>
        crypto.hash('sha256', text, encoding as 'hex') as string | Buffer
    : (text: string, encoding: 'hex' | 'buffer') => {
        const hash = crypto.createHash('sha256').update(text, 'utf8');
        return encoding === 'hex' ? hash.digest('hex') : hash.digest();
      };

/** JSON.stringify writes a lone surrogate as this escape: such text cannot be a leaf. */
const ESCAPED_SURROGATE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The event's leaf hash and, when it carries one, its hash-chain link recomputed — both from one
 * canonical serialization of its data and metadata. The leaf is the UTF-8 of the JCS object
 * `{data,id,metadata,revision,stream,type}` (keys in that order: JCS sorts them) and the link the
 * SHA-256 of `canonicalJson({data,metadata,previousHash,revision,stream,type})`; for values
 * JSON.parse made, JCS and hitos's `canonicalJson` write the same text, so each document is
 * assembled from the same two pieces. Anything out of the ordinary (a value JSON cannot hold
 * exactly, a name that is not Unicode text) goes the long way, through `leafBytes` and
 * `integrityHash` themselves, which refuse or hash it as the log and command handling would; a
 * spec checks that both ways agree.
 */
export function eventDigests(event: RecordedEvent, withLink: boolean): EventDigests {
  const rawMetadata = event.metadata;
  let link: StoredLink | undefined;
  let rest: unknown = leafValue(rawMetadata);
  if (isPlainObject(rawMetadata)) {
    const { integrity, ...others } = rawMetadata;
    rest = others;
    if (withLink && event.isJson) link = linkOf(integrity);
  }
  const data = leafValue(event.data);
  const { streamId: stream, id, type } = event;
  const revision = event.revision.toString();
  const d = canonicalize(data);
  const m = canonicalize(rest);
  if (
    event.data === undefined ||
    d === undefined ||
    m === undefined ||
    ESCAPED_SURROGATE.test(d) ||
    ESCAPED_SURROGATE.test(m) ||
    !isPlainText(stream) ||
    !isPlainText(id) ||
    !isPlainText(type) ||
    !isJsonTree(data) ||
    !isJsonTree(rest)
  ) {
    return slowly(event, data, rest, link);
  }
  const tail = `"revision":"${revision}","stream":${JSON.stringify(stream)},"type":${JSON.stringify(type)}}`;
  const leaf = sha256(
    `\u0000{"data":${d},"id":${JSON.stringify(id)},"metadata":${m},${tail}`,
    'buffer',
  ) as Buffer;
  if (!link) return { leaf };
  const recomputed = sha256(
    `{"data":${d},"metadata":${m},"previousHash":${JSON.stringify(link.previousHash)},${tail}`,
    'hex',
  ) as string;
  return { leaf, link, recomputed };
}

/** The long way: the log's and command handling's own functions (leafBytes may throw). */
function slowly(
  event: RecordedEvent,
  data: unknown,
  rest: unknown,
  link: StoredLink | undefined,
): EventDigests {
  const leaf = leafHash(
    leafBytes({
      stream: event.streamId,
      revision: event.revision,
      id: event.id,
      type: event.type,
      data,
      metadata: leafValue(event.metadata),
    }),
  );
  if (!link) return { leaf };
  const recomputed = integrityHash({
    streamName: event.streamId,
    revision: event.revision,
    type: event.type,
    data: event.data,
    metadata: rest as Record<string, unknown>,
    previousHash: link.previousHash,
  });
  return { leaf, link, recomputed };
}

function linkOf(integrity: unknown): StoredLink | undefined {
  if (integrity === null || typeof integrity !== 'object') return undefined;
  const { previousHash, hash } = integrity as { previousHash?: unknown; hash?: unknown };
  if (typeof hash !== 'string') return undefined;
  if (previousHash !== null && typeof previousHash !== 'string') return undefined;
  return { previousHash, hash };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

const isPlainText = (value: unknown): value is string =>
  typeof value === 'string' && !LONE_SURROGATE.test(value);

/**
 * Whether a value is one JSON.parse could have made, so that the fast serialization is exact:
 * what the client hands over always is; anything else (set by a caller) goes the long way.
 * Keys are checked for lone surrogates too (JSON.stringify escapes them in the text already
 * tested, but a key is cheap to check here).
 */
function isJsonTree(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) return value.every(isJsonTree);
      if (!isPlainObject(value)) return false;
      for (const key in value) {
        if (!Object.prototype.hasOwnProperty.call(value, key)) return false;
        if (!isJsonTree(value[key])) return false;
      }
      return true;
    }
    default:
      return false;
  }
}
