import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { TOMBSTONE_REVISION_WIRE, streamIdentifier, ticksOf, uuidMessage } from '../protocol/codec';
import { TOMBSTONE_REVISION, type StoredEvent } from '../storage/stored-event';
import type { EventLog } from '../storage/event-log';

const LINK_TYPE = '$>';

function recorded(event: StoredEvent, structuredIds: boolean): ReadResp.ReadEvent.RecordedEvent {
  const r = new ReadResp.ReadEvent.RecordedEvent();
  r.setId(uuidMessage(event.id, structuredIds));
  r.setStreamIdentifier(streamIdentifier(event.streamId));
  r.setStreamRevision(
    event.revision === TOMBSTONE_REVISION ? TOMBSTONE_REVISION_WIRE : String(event.revision),
  );
  r.setPreparePosition(String(event.position));
  r.setCommitPosition(String(event.position));
  const metadata = r.getMetadataMap();
  metadata.set('type', event.type);
  metadata.set('created', ticksOf(event.created));
  metadata.set('content-type', event.isJson ? 'application/json' : 'application/octet-stream');
  r.setCustomMetadata(event.metadata);
  r.setData(event.data);
  return r;
}

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

export function readEventMessage(
  log: EventLog,
  event: StoredEvent,
  options: ReadEventOptions,
): ReadResp {
  const readEvent = new ReadResp.ReadEvent();
  if (options.resolveLinks && event.type === LINK_TYPE) {
    const target = resolveLink(log, event);
    if (target) readEvent.setEvent(recorded(target, options.structuredIds));
    readEvent.setLink(recorded(event, options.structuredIds));
  } else {
    readEvent.setEvent(recorded(event, options.structuredIds));
  }
  readEvent.setCommitPosition(String(event.position));
  const resp = new ReadResp();
  resp.setEvent(readEvent);
  return resp;
}
