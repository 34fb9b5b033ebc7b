import type { RecordedInAll, StoredPosition } from '@hitos/projections';
import type { KnowledgeCut } from './known-history';
import { metadataOf, recordedAtOf } from './recorded-at';

/**
 * Where a fold of a stream's first events ends: what finds it within a cut, and what checks,
 * against the stream read from the store, that it is the fold of that stream's own first events
 * and not of another history (a store replaced, a stream recreated or truncated).
 */
export interface FoldMark {
  /** The projection that folded it, as {@link projectionFingerprint} names it. */
  fold: string;
  stream: string;
  /** How many of the stream's first events it folds. */
  count: number;
  /** The id of the stream's first event. */
  firstId: string;
  /** The last event folded: its id, revision and `$all` position. */
  lastId: string;
  lastRevision: bigint;
  last: StoredPosition;
  /** The last event's `integrity.hash` when it has one: it chains every event before it. */
  lastHash: string | null;
  /**
   * The latest recording time among the folded events (epoch ms); null when none had one that
   * reads as a time (such an event is never after a moment, see `knownHistory`).
   */
  recordedUntil: number | null;
}

/** `metadata.integrity.hash` when hitos wrote one. */
function integrityHashOf(event: RecordedInAll): string | null {
  const hash: unknown = metadataOf(event).integrity?.hash;
  return typeof hash === 'string' ? hash : null;
}

/**
 * The mark of a fold that goes on from `previous` (null: from the stream's start) over `events`,
 * the stream's next events in order.
 */
export function markAfter(
  previous: FoldMark | null,
  fold: string,
  events: readonly RecordedInAll[],
): FoldMark {
  const last = events[events.length - 1];
  if (!last) throw new Error('a fold mark needs at least one event');
  let recordedUntil = previous?.recordedUntil ?? null;
  for (const event of events) {
    const at = Date.parse(recordedAtOf(event));
    if (!Number.isNaN(at) && (recordedUntil === null || at > recordedUntil)) recordedUntil = at;
  }
  return {
    fold,
    stream: last.streamId,
    count: (previous?.count ?? 0) + events.length,
    firstId: previous?.firstId ?? events[0].id,
    lastId: last.id,
    lastRevision: last.revision,
    last: { commit: last.at.commit, prepare: last.at.prepare },
    lastHash: integrityHashOf(last),
    recordedUntil,
  };
}

/**
 * Whether every event the mark folds was known at the cut: its last is at or before the
 * position, and none was recorded after the moment. Then the history known at the cut begins
 * with exactly these events (the cut is a prefix: see `knownHistory`).
 */
export function isWithin(mark: FoldMark, cut: KnowledgeCut): boolean {
  if (cut.position !== undefined && BigInt(mark.last.commit) > cut.position) return false;
  if (cut.recordedBy !== undefined && mark.recordedUntil !== null) {
    return mark.recordedUntil <= cut.recordedBy.getTime();
  }
  return true;
}

/**
 * Whether the stream's event at the mark's place (`atMark`, read at `mark.lastRevision`) and its
 * first event are the mark's: the same ids, revision, position and chained hash.
 */
export function isMarkOf(
  mark: FoldMark,
  atMark: RecordedInAll | undefined,
  firstId: string | undefined,
): boolean {
  return (
    atMark !== undefined &&
    firstId === mark.firstId &&
    atMark.streamId === mark.stream &&
    atMark.id === mark.lastId &&
    atMark.revision === mark.lastRevision &&
    atMark.at.commit === mark.last.commit &&
    atMark.at.prepare === mark.last.prepare &&
    integrityHashOf(atMark) === mark.lastHash
  );
}

/** Whether `events`, a stream's first events, begin with the ones the mark folds. */
export function isMarkOfHistory(mark: FoldMark, events: readonly RecordedInAll[]): boolean {
  return mark.count <= events.length && isMarkOf(mark, events[mark.count - 1], events[0]?.id);
}

/** The same fold: for finding a model kept in memory. */
export const sameMark = (a: FoldMark, b: FoldMark): boolean =>
  a.fold === b.fold &&
  a.stream === b.stream &&
  a.count === b.count &&
  a.lastId === b.lastId &&
  a.last.commit === b.last.commit;
