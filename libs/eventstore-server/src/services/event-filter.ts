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
  const window = options.hasMax() ? options.getMax() : 32;
  const multiplier = options.getCheckpointintervalmultiplier() || 1;
  return {
    predicate: filterPredicate({
      on: onStream ? 'stream' : 'type',
      prefixes: expression.getPrefixList(),
      regex: expression.getRegex(),
    }),
    checkpointInterval: Math.max(1, window * multiplier),
  };
}

/** What a filter selects, in a form that can be stored (persistent subscriptions keep it). */
export interface FilterSpec {
  on: 'stream' | 'type';
  prefixes: string[];
  regex: string;
}

/** Prefixes win when given (StartsWith); otherwise an unanchored regular expression. */
export function filterPredicate(spec: FilterSpec): EventPredicate {
  const select = spec.on === 'stream' ? (e: StoredEvent) => e.streamId : (e: StoredEvent) => e.type;
  let match: (value: string) => boolean;
  if (spec.prefixes.length > 0) {
    match = (value) => spec.prefixes.some((p) => value.startsWith(p));
  } else if (spec.regex) {
    let regex: RegExp;
    try {
      regex = new RegExp(spec.regex);
    } catch (error) {
      throw new ProtocolError(`Invalid filter regex '${spec.regex}': ${(error as Error).message}`);
    }
    match = (value) => regex.test(value);
  } else {
    match = () => true;
  }
  return (e) => match(select(e));
}
