import { integrityHash, type RecordedEvent } from '@hitos/event-store';
import {
  linkOfEvent,
  ordinaryEventDigests,
  ordinaryLeafHash,
  withoutIntegrity,
  type EventDigests,
  type StoredLeafFields,
  type StoredLink,
} from './fast-digests';
import { leafBytes, leafValue } from './leaf';
import { leafHash } from './merkle';

export type { EventDigests, StoredLeafFields, StoredLink } from './fast-digests';

/**
 * The RFC 6962 hash of an event's leaf (see `leafBytes`), from its fields as stored: the log's
 * projection and the verifier hash every event of the store with it. Ordinary JSON takes one
 * pass of `ordinaryJcs` (fast-digests.ts); anything else goes through `leafBytes` (which may
 * refuse it).
 */
export function storedLeafHash(fields: StoredLeafFields): Buffer {
  const ordinary = ordinaryLeafHash(fields);
  if (ordinary !== undefined) return ordinary;
  const data = leafValue(fields.data);
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
  return ordinaryEventDigests(event, withLink) ?? slowly(event, withLink);
}

/** The long way: the log's and command handling's own functions (leafBytes may throw). */
export function slowly(event: RecordedEvent, withLink: boolean): EventDigests {
  const link: StoredLink | undefined = withLink ? linkOfEvent(event) : undefined;
  const rest = withoutIntegrity(event.metadata);
  const leaf = leafHash(
    leafBytes({
      stream: event.streamId,
      revision: event.revision,
      id: event.id,
      type: event.type,
      data: leafValue(event.data),
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
