import type { EventStore, UpcasterRegistry } from '@hitos/event-store';
import { ProjectionStore, applyToStore, recordedOf } from '@hitos/projections';
import {
  HITOS_STREAM_PREFIXES,
  commitmentAsOf,
  commitmentBeginning,
  commitmentDetailProjection,
  commitmentDiff,
  commitmentModelAt,
  commitmentsEverHeldBy,
  commitmentsOfPlan,
  parseMoment as parsePastMoment,
  partiesOf,
  planDashboardAsOf,
  planDateOf,
  asOfBlock,
  askedAt,
  whenAsked,
  portfolioAsOf,
  type CommitmentDiff,
  type CommitmentParties,
  type FoldCache,
  type KnowledgeCut,
  type PageRequest,
  type PastRequest,
  type Reader,
} from '@hitos/read-models';
import { CliError, ExitCode, badArgument } from '../../conventions/cli-error';
import { pagesOfAll } from '../../store/all-pages';

/*
 * The API's past views (GET /api/commitments/:id?asOf=…, …/dashboard, …/portfolio, …/diff),
 * computed here from the store by the same read-models functions the API's TimeTravel service
 * calls, with the same checks and the same answers; only the transport differs. Where the API
 * asks today's commitment-detail model which streams a view is made of and who the parties are
 * now, the CLI folds that model itself: from the commitment's own stream for a commitment, from
 * `$all` for a plan or an institution (the live model may be behind, or absent).
 */

/** A moment as `--as-of`, `--from` and `--to` take it: a date, a date-time or an `$all` position. */
export type AskedMoment =
  | { kind: 'instant'; text: string; instant: Date; date?: string }
  | { kind: 'position'; text: string; position: bigint };

/**
 * Reads `--as-of` (a date or an ISO date-time, as the API's `asOf`) or, with `positions`, also
 * digits only (`--from`/`--to`, as `fromPosition`/`toPosition`). A date is the end of that day
 * in Guayaquil (UTC−5).
 */
export function parseAskedMoment(argument: string, value: string, positions: boolean): AskedMoment {
  const text = value.trim();
  if (positions && /^\d+$/.test(text)) return { kind: 'position', text, position: BigInt(text) };
  const moment = parsePastMoment(text);
  if (!moment) {
    throw badArgument(
      argument,
      `«${value}» no es una fecha (AAAA-MM-DD)${positions ? ', una posición de $all' : ''} ni una fecha y hora ISO 8601`,
      `"${value}" is neither a date (YYYY-MM-DD)${positions ? ', an $all position' : ''} nor an ISO 8601 date-time`,
    );
  }
  return {
    kind: 'instant',
    text,
    instant: moment.instant,
    ...(moment.date ? { date: moment.date } : {}),
  };
}

/** `--as-of-position`: digits only. */
export function parsePosition(argument: string, value: string): bigint {
  if (!/^\d+$/.test(value.trim())) {
    throw badArgument(
      argument,
      `«${value}» no es una posición de $all (solo dígitos)`,
      `"${value}" is not an $all position (digits only)`,
    );
  }
  return BigInt(value.trim());
}

/** `--as-happened-by`: a date only, as the API's `asHappenedBy`. */
export function parseHappenedBy(argument: string, value: string): string {
  const moment = parsePastMoment(value.trim());
  if (!moment?.date) {
    throw badArgument(
      argument,
      `«${value}» no es una fecha AAAA-MM-DD`,
      `"${value}" is not a YYYY-MM-DD date`,
    );
  }
  return moment.date;
}

/** What the API's problem document carries, for `--json` and the exit code. */
export class PastProblem extends CliError {
  constructor(
    readonly code: 'NOT_FOUND' | 'NOT_FOUND_AS_OF' | 'AS_OF_IN_FUTURE',
    es: string,
    en: string,
    readonly details: Record<string, unknown> = {},
  ) {
    // NOT_FOUND_AS_OF is an answer about the history (it did not exist yet then): exit 1.
    // No such commitment, or a moment not reached yet, is a bad argument: exit 2.
    super(es, en, code === 'NOT_FOUND_AS_OF' ? ExitCode.Problem : ExitCode.CouldNotRun);
  }

  /** The problem as the API would answer it (its code, messages and extensions). */
  toJSON(): Record<string, unknown> {
    return { code: this.code, message: { es: this.es, en: this.en }, ...this.details };
  }
}

export interface PastContext {
  store: EventStore;
  upcasters: UpcasterRegistry;
  reader: Reader;
  /** hitos's clock: what "now" and "today" are. */
  now: () => Date;
  /** The API's fold checkpoints, read only, when its data directory has them. */
  folds?: FoldCache;
}

/** The past asked: `--as-of` or `--as-of-position` (not both), and `--as-happened-by`. */
export interface PastAsked {
  asOf?: AskedMoment;
  asOfPosition?: bigint;
  happenedBy?: string;
}

/**
 * The request as the API's TimeTravel.requested makes it: a moment in the future is
 * AS_OF_IN_FUTURE (today's date stands for now), a position not reached yet too. Without any
 * option the cut is empty: what hitos knows now.
 */
export async function pastRequest(context: PastContext, asked: PastAsked): Promise<PastRequest> {
  if (asked.asOf && asked.asOfPosition !== undefined) {
    throw badArgument(
      '--as-of',
      'dé --as-of o --as-of-position, no ambos',
      'give --as-of or --as-of-position, not both',
    );
  }
  const cut: KnowledgeCut = {};
  if (asked.asOf?.kind === 'instant') cut.recordedBy = notInFuture(context, asked.asOf, '--as-of');
  if (asked.asOfPosition !== undefined) {
    cut.position = await reached(context, asked.asOfPosition, '--as-of-position');
  }
  return { cut, ...(asked.happenedBy !== undefined ? { happenedBy: asked.happenedBy } : {}) };
}

function notInFuture(
  context: PastContext,
  moment: AskedMoment & { kind: 'instant' },
  field: string,
): Date {
  const now = context.now();
  if (moment.instant <= now) return moment.instant;
  if (moment.date !== undefined && moment.date === planDateOf(now)) return now;
  throw new PastProblem(
    'AS_OF_IN_FUTURE',
    `${field}: ${moment.text} está en el futuro: hitos no sabe aún lo que se registrará. Hoy es ${planDateOf(now)} en Guayaquil`,
    `${field}: ${moment.text} is in the future: hitos does not know yet what will be recorded. Today is ${planDateOf(now)} in Guayaquil`,
  );
}

async function reached(context: PastContext, position: bigint, field: string): Promise<bigint> {
  const end = (await context.store.endOfAll())?.commit ?? 0n;
  if (position <= end) return position;
  throw new PastProblem(
    'AS_OF_IN_FUTURE',
    `${field}: la posición ${position} aún no existe: el registro llega hasta ${end}`,
    `${field}: position ${position} does not exist yet: the log ends at ${end}`,
    { endPosition: end.toString() },
  );
}

/** The moment and the position a past was asked at, as the API states them. */
export const asked = askedAt;

/** The `asOf` block of an answer, as the API gives it. */
export const describe = asOfBlock;

// ── today's commitment-detail model, folded here ────────────────────────────────────────────

/** A commitment's parties now, from its own stream. */
async function partiesNowOf(
  context: PastContext,
  commitmentId: string,
): Promise<CommitmentParties | null> {
  return commitmentModelAt(
    context.store,
    commitmentId,
    {},
    context.upcasters,
    context.folds,
    (db) => partiesOf(db, commitmentId),
  );
}

/**
 * The commitment-detail model as of now, folded in memory from `$all` a page at a time: which
 * commitments a plan or an institution ever had (every commitment ever drafted stays in it).
 */
export async function commitmentDetailNow<T>(
  context: PastContext,
  read: (model: ProjectionStore) => T,
): Promise<T> {
  const model = ProjectionStore.open(commitmentDetailProjection, ':memory:');
  try {
    for await (const page of pagesOfAll(context.store)) {
      const items = page
        .map((event) => recordedOf(event, HITOS_STREAM_PREFIXES))
        .filter((item) => item !== null);
      const failure = applyToStore(model, items, context.upcasters);
      if (failure) {
        throw new CliError(
          `el modelo commitment-detail se detuvo: ${failure.message}`,
          `the commitment-detail model stopped: ${failure.message}`,
        );
      }
    }
    return read(model);
  } finally {
    model.close();
  }
}

// ── the views ────────────────────────────────────────────────────────────────────────────────

/** GET /api/commitments/:id?asOf…: the API's shape, with its `asOf` block. */
export async function commitmentState(
  context: PastContext,
  commitmentId: string,
  request: PastRequest,
): Promise<Record<string, unknown>> {
  const past = await commitmentAsOf(
    context.store,
    commitmentId,
    request,
    context.reader,
    await partiesNowOf(context, commitmentId),
    context.upcasters,
    context.folds,
  );
  if (!past.view) return notYet(context, commitmentId, request, fieldsOf(request));
  const { revision, position: commitmentPosition, ...commitment } = past.view;
  return {
    ...commitment,
    revision: String(revision),
    position: past.scope.position,
    commitmentPosition,
    asOf: describe(request, past.scope),
  };
}

/** GET /api/action-plans/:id/dashboard?asOf…. */
export async function planState(
  context: PastContext,
  planId: string,
  request: PastRequest,
): Promise<Record<string, unknown>> {
  const commitmentIds = await commitmentDetailNow(context, (model) =>
    commitmentsOfPlan(model.db, planId),
  );
  const past = await planDashboardAsOf(
    context.store,
    planId,
    commitmentIds,
    request,
    context.upcasters,
  );
  if (!past.dashboard) return notRegistered(context, `plan-${planId}`, request, 'plan', planId);
  return { position: past.scope.position, ...past.dashboard, asOf: describe(request, past.scope) };
}

/** GET /api/institutions/:id/portfolio?asOf…. */
export async function institutionState(
  context: PastContext,
  institutionId: string,
  request: PastRequest,
  page: PageRequest = {},
): Promise<Record<string, unknown>> {
  const commitmentIds = await commitmentDetailNow(context, (model) =>
    commitmentsEverHeldBy(model.db, institutionId),
  );
  const past = await portfolioAsOf(
    context.store,
    institutionId,
    commitmentIds,
    request,
    page,
    context.upcasters,
  );
  if (!past.portfolio) {
    return notRegistered(
      context,
      `institution-${institutionId}`,
      request,
      'institution',
      institutionId,
    );
  }
  return { position: past.scope.position, ...past.portfolio, asOf: describe(request, past.scope) };
}

/** The two ends of a diff, the earlier first (`--from` required, `--to` now without it). */
export async function diffEnds(
  context: PastContext,
  from: AskedMoment,
  to: AskedMoment | undefined,
): Promise<{ from: PastRequest; to: PastRequest; toFields: string[] }> {
  const end = async (moment: AskedMoment | undefined, name: string): Promise<PastRequest> => {
    const cut: KnowledgeCut = {};
    if (moment?.kind === 'instant') cut.recordedBy = notInFuture(context, moment, name);
    if (moment?.kind === 'position') cut.position = await reached(context, moment.position, name);
    return { cut };
  };
  const fromRequest = await end(from, '--from');
  const toRequest = await end(to, '--to');
  const a = fromRequest.cut;
  const b = toRequest.cut;
  if (
    (a.position !== undefined && b.position !== undefined && a.position > b.position) ||
    (a.recordedBy !== undefined && b.recordedBy !== undefined && a.recordedBy > b.recordedBy)
  ) {
    throw badArgument(
      '--from',
      '--from no puede ser posterior a --to',
      '--from must not be later than --to',
    );
  }
  return { from: fromRequest, to: toRequest, toFields: to ? ['--to'] : [] };
}

/** GET /api/commitments/:id/diff: the API's answer. */
export async function commitmentStateDiff(
  context: PastContext,
  commitmentId: string,
  from: AskedMoment,
  to: AskedMoment | undefined,
): Promise<
  { commitmentId: string } & Omit<CommitmentDiff, 'from' | 'to'> & Record<string, unknown>
> {
  const ends = await diffEnds(context, from, to);
  const diff = await commitmentDiff(
    context.store,
    commitmentId,
    ends.from.cut,
    ends.to.cut,
    context.reader,
    await partiesNowOf(context, commitmentId),
    context.upcasters,
  );
  if (!diff) return notYet(context, commitmentId, ends.to, ends.toFields);
  return {
    commitmentId,
    from: { ...asked(ends.from), ...diff.from },
    to: { ...asked(ends.to), ...diff.to },
    changes: diff.changes,
    events: diff.events,
    attributed: diff.attributed,
  };
}

// ── "not yet" and "never", as the API says them ──────────────────────────────────────────────

async function notYet(
  context: PastContext,
  commitmentId: string,
  request: PastRequest,
  fields: string[],
): Promise<never> {
  const first = await commitmentBeginning(context.store, commitmentId, context.upcasters);
  if (!first) {
    throw new PastProblem(
      'NOT_FOUND',
      `no existe el compromiso «${commitmentId}»`,
      `there is no commitment "${commitmentId}"`,
    );
  }
  const when = whenAsked(request);
  throw new PastProblem(
    'NOT_FOUND_AS_OF',
    `el compromiso «${commitmentId}» aún no existía ${when.es}: hitos lo registró por primera vez el ${first.recordedAt} (posición ${first.position}); ocurrió el ${first.happenedOn}`,
    `commitment "${commitmentId}" did not exist yet ${when.en}: hitos first recorded it at ${first.recordedAt} (position ${first.position}); it happened on ${first.happenedOn}`,
    {
      errors: fields.map((field) => ({
        field,
        messages: [`${field}: before the commitment existed`],
      })),
      firstPosition: first.position,
      firstRecordedAt: first.recordedAt,
      firstHappenedOn: first.happenedOn,
    },
  );
}

async function notRegistered(
  context: PastContext,
  stream: string,
  request: PastRequest,
  kind: 'plan' | 'institution',
  id: string,
): Promise<never> {
  const names = {
    plan: { es: 'el plan de acción', en: 'action plan' },
    institution: { es: 'la institución', en: 'institution' },
  }[kind];
  if (!(await context.store.lastEventOf(stream))) {
    throw new PastProblem(
      'NOT_FOUND',
      `no existe ${names.es} «${id}»`,
      `there is no ${names.en} "${id}"`,
    );
  }
  const when = whenAsked(request);
  throw new PastProblem(
    'NOT_FOUND_AS_OF',
    `${names.es} «${id}» aún no estaba registrado ${when.es}`,
    `the ${names.en} "${id}" was not registered yet ${when.en}`,
    {
      errors: fieldsOf(request).map((field) => ({
        field,
        messages: [`${field}: before the ${names.en} was registered`],
      })),
    },
  );
}

function fieldsOf(request: PastRequest): string[] {
  return [
    ...(request.cut.recordedBy ? ['--as-of'] : []),
    ...(request.cut.position !== undefined ? ['--as-of-position'] : []),
    ...(request.happenedBy !== undefined ? ['--as-happened-by'] : []),
  ];
}
