import * as crypto from 'node:crypto';
import { integrityHash, type RecordedEvent } from '@hitos/event-store';
import { leafBytes, leafValue } from './leaf';
import { leafHash } from './merkle';
import { ordinaryJcs } from './ordinary-jcs';

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

/** An event's fields as stored, as the log reads them (`metadata` with its `integrity`). */
export interface StoredLeafFields {
  stream: string;
  revision: bigint | number;
  id: string;
  type: string;
  /** As stored: JSON as parsed, or the raw bytes of an event that is not JSON. */
  data: unknown;
  metadata: unknown;
}

/**
 * The RFC 6962 hash of an event's leaf (see `leafBytes`), from its fields as stored: the log's
 * projection and the verifier hash every event of the store with it. Ordinary JSON takes one
 * pass of {@link ordinaryJcs}; anything else goes through `leafBytes` (which may refuse it).
 */
export function storedLeafHash(fields: StoredLeafFields): Buffer {
  const data = leafValue(fields.data);
  const metadata = withoutIntegrity(fields.metadata);
  const leaf = leafText(fields, ordinaryJcs(data), ordinaryJcs(metadata));
  if (leaf !== undefined) return sha256(`\u0000${leaf.document}`, 'buffer') as Buffer;
  return leafHash(leafBytes({ ...fields, data, metadata: leafValue(fields.metadata) }));
}

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
  const link =
    withLink && event.isJson && isPlainObject(rawMetadata)
      ? linkOf(rawMetadata.integrity)
      : undefined;
  const data = leafValue(event.data);
  const rest = withoutIntegrity(rawMetadata);
  const d = ordinaryJcs(data);
  const m = ordinaryJcs(rest);
  const leafDocument =
    event.data === undefined
      ? undefined
      : leafText(
          { stream: event.streamId, revision: event.revision, id: event.id, type: event.type },
          d,
          m,
        );
  if (leafDocument === undefined) return slowly(event, data, rest, link);
  const leaf = sha256(`\u0000${leafDocument.document}`, 'buffer') as Buffer;
  if (!link) return { leaf };
  const recomputed = sha256(
    `{"data":${d},"metadata":${m},"previousHash":${JSON.stringify(link.previousHash)},${leafDocument.tail}`,
    'hex',
  ) as string;
  return { leaf, link, recomputed };
}

/** Stored metadata as the leaf holds it: without `integrity`; bytes as base64; absent as {}. */
function withoutIntegrity(metadata: unknown): unknown {
  if (!isPlainObject(metadata)) return leafValue(metadata);
  const { integrity: _integrity, ...rest } = metadata;
  return rest;
}

/**
 * The leaf's JCS text from its data's and metadata's (undefined when either is not ordinary, or
 * a name is not Unicode text, or the revision is not an unsigned 64-bit integer: the long way
 * then decides), and its tail (`"revision":…,"stream":…,"type":…}`), which the link shares.
 */
function leafText(
  fields: Pick<StoredLeafFields, 'stream' | 'revision' | 'id' | 'type'>,
  data: string | undefined,
  metadata: string | undefined,
): { document: string; tail: string } | undefined {
  if (data === undefined || metadata === undefined) return undefined;
  const stream = ordinaryString(fields.stream);
  const id = ordinaryString(fields.id);
  const type = ordinaryString(fields.type);
  const revision = ordinaryRevision(fields.revision);
  if (stream === undefined || id === undefined || type === undefined || revision === undefined) {
    return undefined;
  }
  const tail = `"revision":"${revision}","stream":${stream},"type":${type}}`;
  return { document: `{"data":${data},"id":${id},"metadata":${metadata},${tail}`, tail };
}

const ordinaryString = (value: unknown): string | undefined =>
  typeof value === 'string' ? ordinaryJcs(value) : undefined;

const MAX_REVISION = 2n ** 64n - 1n;

function ordinaryRevision(revision: unknown): string | undefined {
  if (typeof revision === 'number') {
    return Number.isSafeInteger(revision) && revision >= 0 ? String(revision) : undefined;
  }
  if (typeof revision === 'bigint') {
    return revision >= 0n && revision <= MAX_REVISION ? revision.toString() : undefined;
  }
  return undefined;
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
