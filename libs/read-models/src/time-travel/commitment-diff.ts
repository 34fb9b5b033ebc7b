import {
  commitmentStreamName,
  summarizeEvent,
  type Classification,
  type IsoDate,
  type LocalizedMessage,
} from '@hitos/domain';
import type { UpcasterRegistry } from '@hitos/event-store';
import { applyToStore, type ProjectionStore, type RecordedInAll } from '@hitos/projections';
import { FoldCache, foldAndRead } from './fold-cache';
import { commitmentDetailProjection } from '../commitment-detail/commitment-detail.projection';
import { getCommitmentDetail } from '../commitment-detail/commitment-detail.queries';
import { withheldSummary } from '../audit-trail/audit-trail.queries';
import { eventClassification, reportTextClassification } from '../commitment-events';
import { mayReadClassified, type CommitmentParties, type Reader } from '../reader';
import { diffJson, overlaps, type FieldChange } from './json-diff';
import {
  knownAt,
  knownHistory,
  type HistorySource,
  recordedAtOf,
  upcastData,
  type KnowledgeCut,
  type KnownHistory,
} from './known-history';
import { ownOccurrenceOf } from './occurrence';
import { partiesOf, readerOfPast } from './past-views';

/** One end of a diff: what hitos knew of the commitment there. */
export interface DiffEnd {
  /** The `$all` position of the last event of the commitment known there; null before any. */
  position: string | null;
  /** The stream revision there; null when the commitment did not exist yet. */
  revision: number | null;
  exists: boolean;
}

/** A field that differs, and the events between the two ends that changed it. */
export interface CommitmentFieldChange extends FieldChange {
  /** Ids of the events that changed this field (or a field inside it), when attributed. */
  events?: string[];
}

/** An event recorded between the two ends. */
export interface DiffEvent {
  id: string;
  type: string;
  position: string;
  revision: number;
  recordedAt: string;
  /** Its own date of occurrence (see occurrence.ts). */
  occurredOn: IsoDate;
  /**
   * Its audit line, which never holds free text; for a withheld event it ends with the note
   * that content is reserved.
   */
  summary: LocalizedMessage;
  /** The strictest classification among its parts (docs/reserve.md). */
  classification: Classification;
  /**
   * Part of the event is reserved or confidential and this reader may not see it: it keeps its
   * place (type, time, position, public summary), as in the audit trail.
   */
  withheld: boolean;
  /** The fields of the view (as this reader is shown it) this event changed, when attributed. */
  changed?: string[];
}

export interface CommitmentDiff {
  from: DiffEnd;
  to: DiffEnd;
  changes: CommitmentFieldChange[];
  /**
   * Events recorded after `from` up to `to`, oldest first, with no gaps: an event that carries
   * reserved content a reader may not see is listed as withheld (as in the audit trail), and
   * what it changed in the view that reader is shown (a count of withheld items) is in
   * `changes` all the same.
   */
  events: DiffEvent[];
  /** Whether each change names its events (see {@link ATTRIBUTION_BUDGET}). */
  attributed: boolean;
}

/**
 * Each event's own effect is found by building the view after it and comparing it with the view
 * before, which costs about the view's size per event: changes are attributed to their events
 * when the events apart times the events the view is folded from stay within this budget (e.g.
 * 100 events apart on a commitment of 500), and the diff says `attributed: false` beyond it.
 */
export const ATTRIBUTION_BUDGET = 50_000;

/** What the view holds about its own bookkeeping, which every event moves: not a change. */
const BOOKKEEPING = ['revision', 'position', 'updatedAt'] as const;

/**
 * The commitment between two moments as hitos knew them: the fields of its view that differ,
 * and the events recorded in between. Both views are shown to `reader` as the present view would
 * be, with one rule for both ends so that a change of parties does not read as content appearing
 * or vanishing: reserved content is shown to the parties of today, the Presidency and auditors,
 * and to a party of the time only when it was a party at both ends.
 */
export function commitmentDiffFromHistory(
  commitmentId: string,
  history: KnownHistory,
  from: KnowledgeCut,
  reader: Reader,
  partiesNow: CommitmentParties | null,
  upcasters: UpcasterRegistry | undefined,
  folds?: FoldCache,
): CommitmentDiff | null {
  const before = knownAt(history, from).events;
  const between = history.events.slice(before.length);
  const fold = <T>(events: readonly RecordedInAll[], read: (store: ProjectionStore) => T): T =>
    folds
      ? folds.read(
          commitmentDetailProjection,
          commitmentStreamName(commitmentId),
          events,
          upcasters,
          read,
        )
      : foldAndRead(commitmentDetailProjection, events, upcasters, read);
  const partiesTo = fold(history.events, (store) => partiesOf(store.db, commitmentId));
  if (!partiesTo) return null;
  const listed = between.map((event) => ({ event, data: upcastData(event, upcasters) }));
  // Each report's text classification, which its replies inherit.
  const reportText = new Map<string, Classification>();
  for (const event of history.events) {
    if (event.type !== 'MilestoneProgressReported') continue;
    try {
      const data = upcastData(event, upcasters) as { reportId: string };
      reportText.set(data.reportId, reportTextClassification(data));
    } catch {
      // The fold stops at such an event and says why; its replies inherit "confidential".
    }
  }
  // The view at `from`, then each event applied to it in turn (or all at once): the last view
  // is the view at `to`.
  return fold(before, (store) => {
    const partiesFrom = partiesOf(store.db, commitmentId);
    const sees =
      (partiesNow !== null && mayReadClassified(reader, partiesNow)) ||
      ((partiesFrom === null || mayReadClassified(reader, partiesFrom)) &&
        mayReadClassified(reader, partiesTo));
    const viewNow = () => {
      const parties = partiesOf(store.db, commitmentId);
      if (!parties) return null;
      const view = getCommitmentDetail(store.db, commitmentId, readerOfPast(reader, sees, parties));
      if (!view) return null;
      const comparable: Record<string, unknown> = JSON.parse(JSON.stringify(view));
      for (const key of BOOKKEEPING) delete comparable[key];
      return comparable;
    };
    const fromView = viewNow();
    const attributed = between.length * history.events.length <= ATTRIBUTION_BUDGET;
    const changedBy = new Map<string, string[]>();
    let toView = fromView;
    if (attributed) {
      for (const event of between) {
        apply(store, [event], upcasters);
        const next = viewNow();
        changedBy.set(
          event.id,
          diffJson(toView, next).map((change) => change.path),
        );
        toView = next;
      }
    } else {
      apply(store, between, upcasters);
      toView = viewNow();
    }
    const changes: CommitmentFieldChange[] = diffJson(fromView, toView);
    if (attributed) {
      for (const change of changes) {
        change.events = between
          .filter((event) => changedBy.get(event.id)!.some((path) => overlaps(path, change.path)))
          .map((event) => event.id);
      }
    }
    const events: DiffEvent[] = listed.map(({ event, data }) => {
      const classification = eventClassification(event.type, data, (id) => reportText.get(id));
      const withheld = !sees && classification !== 'public';
      const summary = summarizeEvent({ type: event.type, data });
      return {
        id: event.id,
        type: event.type,
        position: event.at.commit,
        revision: Number(event.revision),
        recordedAt: recordedAtOf(event),
        occurredOn: ownOccurrenceOf({
          type: event.type,
          streamId: event.streamId,
          data,
          metadata: (event.metadata ?? {}) as Record<string, any>,
          recordedAt: recordedAtOf(event),
        }),
        summary: withheld ? withheldSummary(summary) : summary,
        classification,
        withheld,
        ...(attributed ? { changed: changedBy.get(event.id) ?? [] } : {}),
      };
    });
    const endOf = (events: readonly RecordedInAll[], exists: boolean): DiffEnd => {
      const last = events[events.length - 1];
      return {
        position: last ? last.at.commit : null,
        revision: exists && last ? Number(last.revision) : null,
        exists,
      };
    };
    return {
      from: endOf(before, partiesFrom !== null),
      to: endOf(history.events, true),
      changes,
      events,
      attributed,
    };
  });
}

function apply(
  store: ProjectionStore,
  events: readonly RecordedInAll[],
  upcasters: UpcasterRegistry | undefined,
): void {
  const failure = applyToStore(store, events, upcasters);
  if (failure) throw failure;
}

/** Reads the commitment's stream once, up to `to`, and diffs it from `from`. */
export async function commitmentDiff(
  store: HistorySource,
  commitmentId: string,
  from: KnowledgeCut,
  to: KnowledgeCut,
  reader: Reader,
  partiesNow: CommitmentParties | null,
  upcasters: UpcasterRegistry | undefined,
  folds?: FoldCache,
): Promise<CommitmentDiff | null> {
  const history = await knownHistory(store, [commitmentStreamName(commitmentId)], to);
  return commitmentDiffFromHistory(
    commitmentId,
    history,
    from,
    reader,
    partiesNow,
    upcasters,
    folds,
  );
}
