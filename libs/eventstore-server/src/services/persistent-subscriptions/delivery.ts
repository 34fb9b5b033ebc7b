import type { StoredEvent } from '../../storage/stored-event';
import { measureRecorded, writeRecorded } from '../../protocol/recorded-event-wire';
import { WireWriter, bitsOf, lengthFieldSize, varintFieldSize } from '../../protocol/wire';

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

// ---------------------------------------------------------------- a delivery, as bytes

/**
 * PersistentSubscriptions.Read's ReadResp for one delivery, as bytes: the event, the link when
 * the record is one (both carrying the record's position, as EventStoreDB fills them from the
 * resolved event's original position), the commit position and the retry count. Written
 * directly into one buffer; the unit test decodes it with the generated class and compares it
 * with what that class writes from the same values.
 */
export function deliveryBytes(delivery: Delivery, structuredIds: boolean): Buffer {
  const at = delivery.record.position;
  const event = delivery.event ? measureRecorded(delivery.event, structuredIds, at) : undefined;
  const link =
    delivery.event !== delivery.record
      ? measureRecorded(delivery.record, structuredIds, at)
      : undefined;
  const position = at >= 0 ? bitsOf(at) : undefined;
  const retry = bitsOf(delivery.retryCount);
  const readEventSize =
    (event ? lengthFieldSize(1, event.size) : 0) +
    (link ? lengthFieldSize(2, link.size) : 0) +
    (position ? varintFieldSize(3, position) : lengthFieldSize(4, 0)) +
    varintFieldSize(5, retry);
  const w = new WireWriter(lengthFieldSize(1, readEventSize));
  w.lengthOf(1, readEventSize);
  if (event) writeRecorded(w, 1, event);
  if (link) writeRecorded(w, 2, link);
  if (position) w.varintField(3, position);
  else w.lengthOf(4, 0);
  w.varintField(5, retry);
  return w.buffer;
}
