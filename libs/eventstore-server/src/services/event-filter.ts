import { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import { ProtocolError } from '../protocol/codec';
import type { StoredEvent } from '../storage/stored-event';

export type EventPredicate = (event: StoredEvent) => boolean;

/**
 * What EventStoreDB hides from every `$all` subscription (EventFilter.DefaultAllFilter): the
 * epoch records and the persistent subscriptions' own bookkeeping of `$all`.
 */
export const defaultAllFilter: EventPredicate = (e) =>
  e.streamId !== '$epoch-information' &&
  !(
    e.streamId.startsWith('$persistentsubscription-$all::') &&
    (e.streamId.endsWith('-checkpoint') || e.streamId.endsWith('-parked'))
  );

export interface SubscriptionFilter {
  predicate: EventPredicate;
  /** Events considered between two checkpoints. */
  checkpointInterval: number;
}

/**
 * A stream-name or event-type filter, by prefixes (StartsWith) or by an unanchored regular
 * expression, as EventStoreDB applies them.
 */
export function parseFilter(options: ReadReq.Options.FilterOptions): SubscriptionFilter {
  const onStream = options.hasStreamIdentifier();
  const expression = onStream ? options.getStreamIdentifier() : options.getEventType();
  if (!expression)
    throw new ProtocolError('A filter needs a stream_identifier or an event_type expression');
  const select = onStream ? (e: StoredEvent) => e.streamId : (e: StoredEvent) => e.type;
  const prefixes = expression.getPrefixList();
  const source = expression.getRegex();
  let match: (value: string) => boolean;
  if (prefixes.length > 0) {
    match = (value) => prefixes.some((p) => value.startsWith(p));
  } else if (source) {
    let regex: RegExp;
    try {
      regex = new RegExp(source);
    } catch (error) {
      throw new ProtocolError(`Invalid filter regex '${source}': ${(error as Error).message}`);
    }
    match = (value) => regex.test(value);
  } else {
    match = () => true;
  }
  const window = options.hasMax() ? options.getMax() : 32;
  const multiplier = options.getCheckpointintervalmultiplier() || 1;
  return {
    predicate: (e) => match(select(e)),
    checkpointInterval: Math.max(1, window * multiplier),
  };
}
