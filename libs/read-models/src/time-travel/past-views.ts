import type { Database } from 'better-sqlite3';
import { commitmentStreamName, type IsoDate } from '@hitos/domain';
import type { UpcasterRegistry } from '@hitos/event-store';
import {
  ProjectionStore,
  applyToStore,
  prepared,
  type Projection,
  type RecordedInAll,
} from '@hitos/projections';
import { commitmentDetailProjection } from '../commitment-detail/commitment-detail.projection';
import {
  getCommitmentDetail,
  type CommitmentDetailView,
} from '../commitment-detail/commitment-detail.queries';
import {
  institutionPortfolio,
  type InstitutionPortfolio,
} from '../commitment-detail/portfolio.queries';
import { planDashboardProjection } from '../plan-dashboard/plan-dashboard.projection';
import { getPlanDashboard, type PlanDashboard } from '../plan-dashboard/plan-dashboard.queries';
import {
  mayReadClassified,
  type CommitmentParties,
  type PageRequest,
  type Reader,
} from '../reader';
import {
  happenedBy,
  knownAfter,
  knownHistory,
  type HistorySource,
  mergeKnown,
  occurrenceInputs,
  recordedAtOf,
  type KnowledgeCut,
  type KnownHistory,
} from './known-history';
import { FoldCache, foldAndRead } from './fold-cache';
import { isWithin } from './fold-mark';
import { planDateOf } from './moment';
import { occurrencesOf } from './occurrence';

/**
 * A past a caller asks for: what hitos knew at a cut (`asOf`, `asOfPosition`), and, for the view
 * "as it happened", only the events that had happened by a date (`asHappenedBy`).
 */
export interface PastRequest {
  cut: KnowledgeCut;
  happenedBy?: IsoDate;
}

/** What a past view was folded from, so that a client can cite it. */
export interface PastScope {
  /**
   * The `$all` commit position of the last event hitos knew at the cut, among the streams the
   * view is made of; null when it knew none. `asOfPosition` at it gives the same view.
   */
  position: string | null;
  /** Events folded into the view. */
  events: number;
  /** Events hitos knew at the cut that happened after `happenedBy`, left out (0 without it). */
  notYetHappened: number;
}

/**
 * A read model folded in memory from some events by its own handlers, the same ones the
 * projection runner applies to the live model; closed by whoever asked for it.
 */
export function foldInMemory(
  projection: Projection,
  events: readonly RecordedInAll[],
  upcasters: UpcasterRegistry | undefined,
): ProjectionStore {
  const store = ProjectionStore.open(projection, ':memory:');
  const failure = applyToStore(store, events, upcasters);
  if (failure) {
    store.close();
    throw failure;
  }
  return store;
}

/** The events of a known history the view folds: all, or those that had happened by then. */
export function eventsToFold(
  known: KnownHistory,
  request: PastRequest,
  upcasters: UpcasterRegistry | undefined,
): { events: RecordedInAll[]; scope: PastScope } {
  const events =
    request.happenedBy === undefined
      ? known.events
      : happenedBy(known.events, request.happenedBy, upcasters).events;
  return {
    events,
    scope: {
      position: known.position,
      events: events.length,
      notYetHappened: known.events.length - events.length,
    },
  };
}

/** Folds, reads, and closes the in-memory model whatever happens. */
function withFold<T>(
  projection: Projection,
  events: readonly RecordedInAll[],
  upcasters: UpcasterRegistry | undefined,
  read: (db: Database) => T,
): T {
  return foldAndRead(projection, events, upcasters, (store) => read(store.db));
}

// ── who reads reserved content in the past ───────────────────────────────────────────────────

/** A commitment's parties as the commitment-detail model holds them, or null when unknown. */
export function partiesOf(db: Database, commitmentId: string): CommitmentParties | null {
  return (
    (prepared(
      db,
      `SELECT responsible_institution_id, counterpart_organization_id
         FROM commitment WHERE commitment_id = ?`,
    ).get(commitmentId) as CommitmentParties | undefined) ?? null
  );
}

/**
 * The reader as a past state is shown to them. Reserved content stays reserved: it is shown to
 * whoever may read it today (the parties now, after any handover, the Presidency, auditors) and
 * to the parties of that moment (an institution sees what it was responsible for, as its GET
 * showed it then); to no one else. `getCommitmentDetail` judges a reader against the parties of
 * the state it reads, so a party of today reads a past state as the party of that time.
 */
export function readerOfPast(
  reader: Reader,
  sees: boolean,
  partiesThen: CommitmentParties,
): Reader {
  if (mayReadClassified(reader, partiesThen) === sees) return reader;
  if (!sees) return { role: reader.role };
  if (reader.role === 'institution') {
    return { role: reader.role, organizationId: partiesThen.responsible_institution_id };
  }
  if (reader.role === 'counterpart') {
    return { role: reader.role, organizationId: partiesThen.counterpart_organization_id };
  }
  return reader;
}

/** Whether the reader sees reserved content in a state with these parties. */
export const seesReservedThen = (
  reader: Reader,
  partiesThen: CommitmentParties,
  partiesNow: CommitmentParties | null,
): boolean =>
  mayReadClassified(reader, partiesThen) ||
  (partiesNow !== null && mayReadClassified(reader, partiesNow));

// ── a commitment ─────────────────────────────────────────────────────────────────────────────

export interface PastCommitment {
  /** Null when the commitment did not exist yet at that moment (as known, or as happened). */
  view: CommitmentDetailView | null;
  scope: PastScope;
}

/** The commitment as `getCommitmentDetail` shows it to `reader` from a model folded to a past. */
function pastCommitmentIn(
  db: Database,
  commitmentId: string,
  scope: PastScope,
  reader: Reader,
  partiesNow: CommitmentParties | null,
): PastCommitment {
  const partiesThen = partiesOf(db, commitmentId);
  if (!partiesThen) return { view: null, scope };
  const shownTo = readerOfPast(
    reader,
    seesReservedThen(reader, partiesThen, partiesNow),
    partiesThen,
  );
  return { view: getCommitmentDetail(db, commitmentId, shownTo), scope };
}

/**
 * A commitment as it stood in a past, folded from its own stream by the commitment-detail
 * handlers and answered by `getCommitmentDetail`: the present view's shape and filtering.
 */
export function commitmentFromHistory(
  commitmentId: string,
  known: KnownHistory,
  request: PastRequest,
  reader: Reader,
  partiesNow: CommitmentParties | null,
  upcasters: UpcasterRegistry | undefined,
  folds?: FoldCache,
): PastCommitment {
  const { events, scope } = eventsToFold(known, request, upcasters);
  const view = (db: Database) => pastCommitmentIn(db, commitmentId, scope, reader, partiesNow);
  // As known, the events are the first of the stream's history: a kept checkpoint serves.
  return folds && request.happenedBy === undefined
    ? folds.read(
        commitmentDetailProjection,
        commitmentStreamName(commitmentId),
        events,
        upcasters,
        (store) => view(store.db),
      )
    : withFold(commitmentDetailProjection, events, upcasters, view);
}

/**
 * Runs `read` on the commitment-detail model folded from the commitment's stream as known at the
 * cut, with the scope it was folded from: from the latest fold checkpoint within the cut, when
 * `folds` has one, reading from the store only the stream's events after it (a checkpoint whose
 * events the store does not hold at its place is of another history: dropped, never used);
 * else from the stream's start. The same model either way.
 */
export async function commitmentModelAt<T>(
  store: HistorySource,
  commitmentId: string,
  cut: KnowledgeCut,
  upcasters: UpcasterRegistry | undefined,
  folds: FoldCache | undefined,
  read: (db: Database, scope: PastScope) => T,
): Promise<T> {
  const stream = commitmentStreamName(commitmentId);
  const marks = folds?.marks(commitmentDetailProjection, stream) ?? [];
  for (const mark of marks.filter((mark) => isWithin(mark, cut))) {
    // The next checkpoint, not within the cut: the events after the mark's end before it.
    const next = marks.filter((other) => other.count > mark.count).pop();
    const after = await knownAfter(store, mark, cut, next?.count);
    if (!after) {
      folds!.forget(mark);
      continue;
    }
    const last = after.events[after.events.length - 1];
    const scope: PastScope = {
      position: last ? last.at.commit : mark.last.commit,
      events: mark.count + after.events.length,
      notYetHappened: 0,
    };
    const answer = folds!.readAfter(
      commitmentDetailProjection,
      mark,
      after.events,
      upcasters,
      (model) => read(model.db, scope),
    );
    if (answer) return answer.value;
  }
  // The first checkpoint, when it is beyond the cut: the history known ends before its end.
  const first = folds?.marks(commitmentDetailProjection, stream).pop();
  const until = first ? new Map([[stream, first.count]]) : undefined;
  const known = await knownHistory(store, [stream], cut, until);
  const { events, scope } = eventsToFold(known, { cut }, upcasters);
  return folds
    ? folds.read(commitmentDetailProjection, stream, events, upcasters, (model) =>
        read(model.db, scope),
      )
    : withFold(commitmentDetailProjection, events, upcasters, (db) => read(db, scope));
}

/**
 * The commitment in a past: folded from its own stream up to the cut (only its stream) and, as
 * it happened, only the events that had happened by then. As known and with `folds`, from the
 * latest fold checkpoint within the cut (see {@link commitmentModelAt}): the same answer,
 * reading only the events after it.
 */
export async function commitmentAsOf(
  store: HistorySource,
  commitmentId: string,
  request: PastRequest,
  reader: Reader,
  partiesNow: CommitmentParties | null,
  upcasters: UpcasterRegistry | undefined,
  folds?: FoldCache,
): Promise<PastCommitment> {
  if (request.happenedBy === undefined) {
    return commitmentModelAt(store, commitmentId, request.cut, upcasters, folds, (db, scope) =>
      pastCommitmentIn(db, commitmentId, scope, reader, partiesNow),
    );
  }
  const known = await knownHistory(store, [commitmentStreamName(commitmentId)], request.cut);
  return commitmentFromHistory(commitmentId, known, request, reader, partiesNow, upcasters);
}

/** When the commitment first existed, for a "not yet" answer: its drafting, known and happened. */
export async function commitmentBeginning(
  store: HistorySource,
  commitmentId: string,
  upcasters: UpcasterRegistry | undefined,
): Promise<{ position: string; recordedAt: string; happenedOn: IsoDate } | null> {
  const known = await knownHistory(store, [commitmentStreamName(commitmentId)], {});
  const first = known.events[0];
  if (!first) return null;
  return {
    position: first.at.commit,
    recordedAt: recordedAtOf(first),
    happenedOn: occurrencesOf(occurrenceInputs(known.events, upcasters))[0],
  };
}

// ── a plan's dashboard ───────────────────────────────────────────────────────────────────────

export interface PastPlanDashboard {
  /** Null when the plan was not registered yet at that moment. */
  dashboard: PlanDashboard | null;
  scope: PastScope;
}

/** The institutions a plan's commitment events name: responsible when drafted, or receiving one. */
function institutionsNamedBy(events: readonly RecordedInAll[]): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    const d = (event.data ?? {}) as Record<string, any>;
    if (event.type === 'CommitmentDrafted' && typeof d.responsible?.institutionId === 'string') {
      ids.add(d.responsible.institutionId);
    }
    if (
      (event.type === 'CommitmentTransferred' ||
        event.type === 'InformationHandoverAcknowledged') &&
      typeof d.toInstitutionId === 'string'
    ) {
      ids.add(d.toInstitutionId);
    }
  }
  return [...ids].sort();
}

/**
 * What a plan's dashboard is made of, as known at the cut: the plan's stream, its commitments'
 * streams (`commitmentIds`: every commitment ever drafted in the plan, e.g. from today's
 * commitment-detail model; those drafted after the cut add nothing) and the streams of the
 * institutions they name, merged in `$all` order. Never `$all` itself.
 */
export async function planHistory(
  store: HistorySource,
  planId: string,
  commitmentIds: readonly string[],
  cut: KnowledgeCut,
): Promise<KnownHistory> {
  const plan = await knownHistory(
    store,
    [`plan-${planId}`, ...commitmentIds.map(commitmentStreamName)],
    cut,
  );
  const institutions = await knownHistory(
    store,
    institutionsNamedBy(plan.events).map((id) => `institution-${id}`),
    cut,
  );
  return mergeKnown(plan, institutions);
}

/** The plan's dashboard folded by the plan-dashboard handlers, answered by `getPlanDashboard`. */
export function planDashboardFromHistory(
  planId: string,
  known: KnownHistory,
  request: PastRequest,
  upcasters: UpcasterRegistry | undefined,
): PastPlanDashboard {
  const { events, scope } = eventsToFold(known, request, upcasters);
  return withFold(planDashboardProjection, events, upcasters, (db) => {
    const registered = prepared(db, `SELECT 1 FROM plan WHERE plan_id = ?`).get(planId);
    return { dashboard: registered ? getPlanDashboard(db, planId) : null, scope };
  });
}

export async function planDashboardAsOf(
  store: HistorySource,
  planId: string,
  commitmentIds: readonly string[],
  request: PastRequest,
  upcasters: UpcasterRegistry | undefined,
): Promise<PastPlanDashboard> {
  const known = await planHistory(store, planId, commitmentIds, request.cut);
  return planDashboardFromHistory(planId, known, request, upcasters);
}

// ── an institution's portfolio ───────────────────────────────────────────────────────────────

export interface PastPortfolio {
  /** Null when the institution was not registered yet at that moment. */
  portfolio: InstitutionPortfolio | null;
  scope: PastScope;
}

/**
 * Every commitment an institution has been responsible for or is taking over, as today's
 * commitment-detail model knows: responsible now, or the redesigned or the receiving institution
 * of a pending or settled transfer. At a past moment its portfolio is among these.
 */
export function commitmentsEverHeldBy(db: Database, institutionId: string): string[] {
  return (
    prepared(
      db,
      `SELECT commitment_id FROM commitment WHERE responsible_institution_id = @id
       UNION SELECT commitment_id FROM commitment_transfer
              WHERE institution_id = @id OR to_institution_id = @id
       UNION SELECT commitment_id FROM commitment_settled_transfer
              WHERE from_institution_id = @id OR to_institution_id = @id
       UNION SELECT commitment_id FROM commitment
              WHERE json_extract(drafted_json, '$.responsible.institutionId') = @id
       ORDER BY 1`,
    ).all({ id: institutionId }) as { commitment_id: string }[]
  ).map((row) => row.commitment_id);
}

/** Every commitment ever drafted in a plan, as today's commitment-detail model knows. */
export function commitmentsOfPlan(db: Database, planId: string): string[] {
  return (
    prepared(db, `SELECT commitment_id FROM commitment WHERE plan_id = ? ORDER BY 1`).all(
      planId,
    ) as { commitment_id: string }[]
  ).map((row) => row.commitment_id);
}

/**
 * The portfolio folded from the institution's stream and those commitments' streams by the
 * commitment-detail handlers: at that moment, the commitments it was responsible for then.
 * `today` is the day the portfolio's waiting days count to: the moment's date.
 */
export function portfolioFromHistory(
  institutionId: string,
  known: KnownHistory,
  request: PastRequest,
  today: IsoDate,
  page: PageRequest,
  upcasters: UpcasterRegistry | undefined,
): PastPortfolio {
  const { events, scope } = eventsToFold(known, request, upcasters);
  const registered = events.some(
    (event) =>
      event.type === 'InstitutionRegistered' && event.streamId === `institution-${institutionId}`,
  );
  if (!registered) return { portfolio: null, scope };
  return withFold(commitmentDetailProjection, events, upcasters, (db) => ({
    portfolio: institutionPortfolio(db, institutionId, { today }, page),
    scope,
  }));
}

export async function portfolioAsOf(
  store: HistorySource,
  institutionId: string,
  commitmentIds: readonly string[],
  request: PastRequest,
  page: PageRequest,
  upcasters: UpcasterRegistry | undefined,
): Promise<PastPortfolio> {
  const known = await knownHistory(
    store,
    [`institution-${institutionId}`, ...commitmentIds.map(commitmentStreamName)],
    request.cut,
  );
  return portfolioFromHistory(
    institutionId,
    known,
    request,
    dayOfPast(known, request),
    page,
    upcasters,
  );
}

/**
 * The day a past view counts waiting days to: the date asked "as happened"; else the day of the
 * moment asked; else (a position) the day the last event known at it was recorded.
 */
export function dayOfPast(known: KnownHistory, request: PastRequest): IsoDate {
  if (request.happenedBy !== undefined) return request.happenedBy;
  const { recordedBy, position } = request.cut;
  if (recordedBy !== undefined && position === undefined) return planDateOf(recordedBy);
  const last = known.events[known.events.length - 1];
  return planDateOf(last ? recordedAtOf(last) : (recordedBy ?? new Date(0)));
}
