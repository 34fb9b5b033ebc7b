import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { ReadResp } from '@eventstore/db-client/generated/persistent_pb';
import {
  TOMBSTONE_REVISION_WIRE,
  streamIdentifier,
  ticksOf,
  uuidMessage,
} from '../../protocol/codec';
import { TOMBSTONE_REVISION, type StoredEvent } from '../../storage/stored-event';

/** An entry of the group's order of events, for checkpoints: done once handled for good. */
export interface Tracked {
  seq: number;
  position: number;
  done: boolean;
  /** Passed over by the filter: runs of these are kept as one entry. */
  passedOver?: boolean;
}

/**
 * One message of a group: the record read from its source (a link when links are resolved, or
 * the parked stream's link on a replay) and the event it stands for.
 */
export interface Delivery {
  /** What consumers acknowledge: the record's id (the link's when there is one). */
  id: string;
  record: StoredEvent;
  /** The event itself: the record, the link's target, or undefined for a dangling link. */
  event: StoredEvent | undefined;
  /** Its position in the group's source; -1 for a replayed parked message. */
  position: number;
  /** Its place in the source's order; none for a replayed parked message. */
  tracked?: Tracked;
  retryCount: number;
}

function recorded(
  event: StoredEvent,
  structuredIds: boolean,
  position: number,
): ReadResp.ReadEvent.RecordedEvent {
  const r = new ReadResp.ReadEvent.RecordedEvent();
  r.setId(uuidMessage(event.id, structuredIds));
  r.setStreamIdentifier(streamIdentifier(event.streamId));
  r.setStreamRevision(
    event.revision === TOMBSTONE_REVISION ? TOMBSTONE_REVISION_WIRE : String(event.revision),
  );
  r.setPreparePosition(String(position));
  r.setCommitPosition(String(position));
  const metadata = r.getMetadataMap();
  metadata.set('type', event.type);
  metadata.set('created', ticksOf(event.created));
  metadata.set('content-type', event.isJson ? 'application/json' : 'application/octet-stream');
  r.setCustomMetadata(event.metadata);
  r.setData(event.data);
  return r;
}

/**
 * PersistentSubscriptions.Read's ReadEvent: event, link when the record is one, retry count.
 * Both carry the record's position (the link's), as EventStoreDB fills them from the resolved
 * event's original position.
 */
export function deliveryMessage(delivery: Delivery, structuredIds: boolean): ReadResp {
  const readEvent = new ReadResp.ReadEvent();
  const position = delivery.record.position;
  if (delivery.event) readEvent.setEvent(recorded(delivery.event, structuredIds, position));
  if (delivery.event !== delivery.record)
    readEvent.setLink(recorded(delivery.record, structuredIds, position));
  if (delivery.record.position >= 0) readEvent.setCommitPosition(String(delivery.record.position));
  else readEvent.setNoPosition(new Empty());
  readEvent.setRetryCount(delivery.retryCount);
  const resp = new ReadResp();
  resp.setEvent(readEvent);
  return resp;
}
