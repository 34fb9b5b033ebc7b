import { measureRecorded, writeRecorded } from '../protocol/recorded-event-wire';
import { WireWriter, bitsOf, lengthFieldSize, varintFieldSize } from '../protocol/wire';
import type { StoredEvent } from '../storage/stored-event';
import type { EventLog } from '../storage/event-log';

const LINK_TYPE = '$>';

/** Follows a `$>` link ("revision@stream") to the event it points at, if it still exists. */
export function resolveLink(log: EventLog, link: StoredEvent): StoredEvent | undefined {
  const text = link.data.toString('utf8');
  const at = text.indexOf('@');
  if (at <= 0) return undefined;
  const revision = Number(text.slice(0, at));
  if (!Number.isSafeInteger(revision) || revision < 0) return undefined;
  return log.eventAt(text.slice(at + 1), revision);
}

export interface ReadEventOptions {
  structuredIds: boolean;
  resolveLinks: boolean;
}

/** Streams.Read's answer for the record `event` read: readRespBytes, its link resolved if asked. */
export function readEventBytes(
  log: EventLog,
  event: StoredEvent,
  options: ReadEventOptions,
): Buffer {
  return options.resolveLinks && event.type === LINK_TYPE
    ? readRespBytes(resolveLink(log, event), event, options.structuredIds)
    : readRespBytes(event, undefined, options.structuredIds);
}

/**
 * Streams.Read's ReadResp for one event, as bytes (protocol/wire.ts says why by hand): the
 * event, and the `$>` link it was read through when links are resolved (then the event is
 * absent when it no longer exists), each with its own position; and the commit position of
 * the record read. The unit test decodes it with the generated class and compares it with
 * what that class writes from the same values.
 */
export function readRespBytes(
  event: StoredEvent | undefined,
  link: StoredEvent | undefined,
  structuredIds: boolean,
): Buffer {
  const target = event && measureRecorded(event, structuredIds, event.position);
  const through = link && measureRecorded(link, structuredIds, link.position);
  const read = link ?? event;
  if (!read) throw new Error('a ReadResp needs the event read or the link it was read through');
  const position = bitsOf(read.position);
  const readEventSize =
    (target ? lengthFieldSize(1, target.size) : 0) +
    (through ? lengthFieldSize(2, through.size) : 0) +
    varintFieldSize(3, position);
  const w = new WireWriter(lengthFieldSize(1, readEventSize));
  w.lengthOf(1, readEventSize);
  if (target) writeRecorded(w, 1, target);
  if (through) writeRecorded(w, 2, through);
  w.varintField(3, position);
  return w.buffer;
}
