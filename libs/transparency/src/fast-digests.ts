import * as crypto from 'node:crypto';
import { leafValue } from './leaf';
import { ordinaryJcs } from './ordinary-jcs';

/**
 * The common case of hashing an event for the log and the verifier — ordinary JSON, names that
 * are Unicode text — with nothing but `node:crypto` and the one-pass JCS writer, so that a
 * worker thread can load it alone (see leaf-hash-pool.ts). `undefined` means "go the long way"
 * (event-digests.ts), which decides, refuses or hashes what is out of the ordinary.
 */

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

/** What {@link eventDigests} reads of a recorded event. */
export interface DigestedEvent {
  streamId: string;
  revision: bigint;
  id: string;
  type: string;
  data: unknown;
  metadata: unknown;
  isJson: boolean;
}

export const sha256 =
  typeof crypto.hash === 'function'
    ? (text: string, encoding: 'hex' | 'buffer') =>
        crypto.hash('sha256', text, encoding as 'hex') as string | Buffer
    : (text: string, encoding: 'hex' | 'buffer') => {
        const hash = crypto.createHash('sha256').update(text, 'utf8');
        return encoding === 'hex' ? hash.digest('hex') : hash.digest();
      };

/** The leaf hash of ordinary JSON in one pass of `ordinaryJcs`; undefined otherwise. */
export function ordinaryLeafHash(fields: StoredLeafFields): Buffer | undefined {
  const leaf = leafText(
    fields,
    ordinaryJcs(leafValue(fields.data)),
    ordinaryJcs(withoutIntegrity(fields.metadata)),
  );
  return leaf === undefined ? undefined : (sha256(`\u0000${leaf.document}`, 'buffer') as Buffer);
}

/**
 * The event's leaf hash and, when asked and it carries one, its link recomputed, from one
 * canonical serialization of its data and metadata (see `eventDigests`); undefined when the
 * event is out of the ordinary.
 */
export function ordinaryEventDigests(
  event: DigestedEvent,
  withLink: boolean,
): EventDigests | undefined {
  const link = withLink ? linkOfEvent(event) : undefined;
  if (event.data === undefined) return undefined;
  const d = ordinaryJcs(leafValue(event.data));
  const m = ordinaryJcs(withoutIntegrity(event.metadata));
  const leafDocument = leafText(
    { stream: event.streamId, revision: event.revision, id: event.id, type: event.type },
    d,
    m,
  );
  if (leafDocument === undefined) return undefined;
  const leaf = sha256(`\u0000${leafDocument.document}`, 'buffer') as Buffer;
  if (!link) return { leaf };
  const recomputed = sha256(
    `{"data":${d},"metadata":${m},"previousHash":${JSON.stringify(link.previousHash)},${leafDocument.tail}`,
    'hex',
  ) as string;
  return { leaf, link, recomputed };
}

/** The link a JSON event's metadata holds, when well formed. */
export function linkOfEvent(
  event: Pick<DigestedEvent, 'isJson' | 'metadata'>,
): StoredLink | undefined {
  return event.isJson && isPlainObject(event.metadata)
    ? linkOf(event.metadata.integrity)
    : undefined;
}

/** Stored metadata as the leaf holds it: without `integrity`; bytes as base64; absent as {}. */
export function withoutIntegrity(metadata: unknown): unknown {
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

function linkOf(integrity: unknown): StoredLink | undefined {
  if (integrity === null || typeof integrity !== 'object') return undefined;
  const { previousHash, hash } = integrity as { previousHash?: unknown; hash?: unknown };
  if (typeof hash !== 'string') return undefined;
  if (previousHash !== null && typeof previousHash !== 'string') return undefined;
  return { previousHash, hash };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
