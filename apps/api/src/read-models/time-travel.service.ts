import { Inject, Injectable } from '@nestjs/common';
import { Clock, EventStore, UPCASTER_REGISTRY, type UpcasterRegistry } from '@hitos/event-store';
import {
  StreamHistories,
  commitmentAsOf,
  commitmentBeginning,
  commitmentDiff,
  commitmentsEverHeldBy,
  commitmentsOfPlan,
  partiesOf,
  parseMoment,
  planDashboardAsOf,
  planDateOf,
  asOfBlock,
  askedAt,
  whenAsked,
  type AsOfBlock,
  portfolioAsOf,
  type CommitmentDiff,
  type KnowledgeCut,
  type PageRequest,
  type PastCommitment,
  type PastPlanDashboard,
  type PastPortfolio,
  type PastRequest,
  type PastScope,
} from '@hitos/read-models';
import { ProblemException, type FieldError } from '../problem/problem.exception';
import { ReadModels } from './read-models.service';
import { TimeTravelFolds } from './time-travel-folds.service';

/** The past-view parameters of a query, as sent (already well-formed: the DTO checked them). */
export interface PastQuery {
  asOf?: string;
  asOfPosition?: string;
  asHappenedBy?: string;
  waitFor?: string;
}

/** Streams kept in memory for past views (about 2 KB each): see StreamHistories. */
const KEPT_EVENTS = 50_000;

/**
 * Past views for the API: checks the moment asked, reads the streams a view is made of through
 * the event store port (kept in memory between requests), folds them with the read models' own
 * handlers (a commitment from its latest fold checkpoint within the cut: TimeTravelFolds) and
 * answers with their own queries. Nothing here writes, and nothing here reads the
 * present read models except to find which streams a view is made of.
 */
@Injectable()
export class TimeTravel {
  private readonly streams: StreamHistories;

  constructor(
    private readonly store: EventStore,
    private readonly views: ReadModels,
    private readonly clock: Clock,
    @Inject(UPCASTER_REGISTRY) private readonly upcasters: UpcasterRegistry,
    private readonly folds: TimeTravelFolds,
  ) {
    this.streams = new StreamHistories(store, KEPT_EVENTS);
  }

  /**
   * The past the query asks for, or null for the present. 400 naming the fields when they do not
   * go together, 422 `AS_OF_IN_FUTURE` for a moment or a position not reached yet.
   */
  async requested(query: PastQuery): Promise<PastRequest | null> {
    const { asOf, asOfPosition, asHappenedBy } = query;
    if (asOf === undefined && asOfPosition === undefined && asHappenedBy === undefined) return null;
    const errors: FieldError[] = [];
    if (asOf !== undefined && asOfPosition !== undefined) {
      const messages = ['give asOf or asOfPosition, not both'];
      errors.push({ field: 'asOf', messages }, { field: 'asOfPosition', messages });
    }
    if (query.waitFor !== undefined) {
      errors.push({
        field: 'waitFor',
        messages: [
          'waitFor reads the present; it does not go with asOf, asOfPosition or asHappenedBy',
        ],
      });
    }
    if (errors.length) throw invalid(errors);
    const cut: KnowledgeCut = {};
    if (asOf !== undefined) cut.recordedBy = this.notInFuture(asOf);
    if (asOfPosition !== undefined) cut.position = await this.reached(asOfPosition);
    return { cut, ...(asHappenedBy !== undefined ? { happenedBy: asHappenedBy } : {}) };
  }

  /**
   * The two ends of a diff: `from` or `fromPosition` (one of them, required), `to` or
   * `toPosition` (at most one; now without either), the earlier first.
   */
  async diffEnds(query: {
    from?: string;
    fromPosition?: string;
    to?: string;
    toPosition?: string;
  }): Promise<{ from: PastRequest; to: PastRequest; toFields: string[] }> {
    const errors: FieldError[] = [];
    const pair = (moment: string | undefined, position: string | undefined, name: string) => {
      if (moment !== undefined && position !== undefined) {
        const messages = [`give ${name} or ${name}Position, not both`];
        errors.push({ field: name, messages }, { field: `${name}Position`, messages });
      }
    };
    pair(query.from, query.fromPosition, 'from');
    pair(query.to, query.toPosition, 'to');
    if (query.from === undefined && query.fromPosition === undefined) {
      errors.push({ field: 'from', messages: ['from (a moment) or fromPosition is required'] });
    }
    if (errors.length) throw invalid(errors);
    const end = async (moment: string | undefined, position: string | undefined, name: string) => {
      const cut: KnowledgeCut = {};
      if (moment !== undefined) cut.recordedBy = this.notInFuture(moment, name);
      if (position !== undefined) cut.position = await this.reached(position, `${name}Position`);
      return { cut };
    };
    const from = await end(query.from, query.fromPosition, 'from');
    const to = await end(query.to, query.toPosition, 'to');
    const reversed =
      (from.cut.position !== undefined &&
        to.cut.position !== undefined &&
        from.cut.position > to.cut.position) ||
      (from.cut.recordedBy !== undefined &&
        to.cut.recordedBy !== undefined &&
        from.cut.recordedBy > to.cut.recordedBy);
    if (reversed) {
      const messages = ['from must not be later than to'];
      throw invalid([
        { field: query.from !== undefined ? 'from' : 'fromPosition', messages },
        { field: query.to !== undefined ? 'to' : 'toPosition', messages },
      ]);
    }
    const toFields =
      query.to !== undefined ? ['to'] : query.toPosition !== undefined ? ['toPosition'] : [];
    return { from, to, toFields };
  }

  /** The instant of `asOf`; today's date stands for now (the end of today has not come yet). */
  private notInFuture(asOf: string, field = 'asOf'): Date {
    const moment = parseMoment(asOf)!;
    const now = this.clock.now();
    if (moment.instant <= now) return moment.instant;
    if (moment.date !== undefined && moment.date === planDateOf(now)) return now;
    throw inFuture(field, {
      es: `${field} (${asOf}) está en el futuro: hitos no sabe aún lo que se registrará. Hoy es ${planDateOf(now)} en Guayaquil.`,
      en: `${field} (${asOf}) is in the future: hitos does not know yet what will be recorded. Today is ${planDateOf(now)} in Guayaquil.`,
    });
  }

  private async reached(asOfPosition: string, field = 'asOfPosition'): Promise<bigint> {
    const position = BigInt(asOfPosition);
    const end = (await this.store.endOfAll())?.commit ?? 0n;
    if (position <= end) return position;
    throw inFuture(
      field,
      {
        es: `La posición ${asOfPosition} (${field}) aún no existe: el registro llega hasta ${end}.`,
        en: `Position ${asOfPosition} (${field}) does not exist yet: the log ends at ${end}.`,
      },
      { endPosition: end.toString() },
    );
  }

  /** The moment and the position a past was asked at, as an answer states them. */
  asked(request: PastRequest): { moment: string | null; requestedPosition: string | null } {
    return askedAt(request);
  }

  /** The `asOf` block of an answer. */
  describe(request: PastRequest, scope: PastScope): AsOfBlock {
    return asOfBlock(request, scope);
  }

  /** A commitment in the past; 404 when it never existed, or did not yet then. */
  async commitment(commitmentId: string, request: PastRequest): Promise<PastCommitment> {
    const { db } = await this.modelAt(request);
    const past = await commitmentAsOf(
      this.streams,
      commitmentId,
      request,
      this.views.reader(),
      partiesOf(db, commitmentId),
      this.upcasters,
      this.folds.cache,
    );
    if (!past.view) await this.notYet(commitmentId, request, fieldsOf(request));
    return past;
  }

  /** The commitment between two moments as hitos knew them. */
  async diff(
    commitmentId: string,
    from: PastRequest,
    to: PastRequest,
    toFields: string[],
  ): Promise<CommitmentDiff> {
    const { db } = await this.modelAt(to);
    const diff = await commitmentDiff(
      this.streams,
      commitmentId,
      from.cut,
      to.cut,
      this.views.reader(),
      partiesOf(db, commitmentId),
      this.upcasters,
      this.folds.cache,
    );
    if (!diff) return this.notYet(commitmentId, to, toFields);
    return diff;
  }

  /** A plan's dashboard in the past; 404 when the plan was not registered then. */
  async dashboard(planId: string, request: PastRequest): Promise<PastPlanDashboard> {
    const { db } = await this.modelAt(request);
    const past = await planDashboardAsOf(
      this.streams,
      planId,
      commitmentsOfPlan(db, planId),
      request,
      this.upcasters,
    );
    if (!past.dashboard) await this.notRegistered(`plan-${planId}`, request, 'plan', planId);
    return past;
  }

  /** An institution's portfolio in the past; 404 when it was not registered then. */
  async portfolio(
    institutionId: string,
    request: PastRequest,
    page: PageRequest,
  ): Promise<PastPortfolio> {
    const { db } = await this.modelAt(request);
    const past = await portfolioAsOf(
      this.streams,
      institutionId,
      commitmentsEverHeldBy(db, institutionId),
      request,
      page,
      this.upcasters,
    );
    if (!past.portfolio) {
      await this.notRegistered(
        `institution-${institutionId}`,
        request,
        'institution',
        institutionId,
      );
    }
    return past;
  }

  /**
   * Today's commitment-detail model, once it reflects the cut (at most 2 s): it says which
   * streams a past view is made of (a plan's commitments, an institution's) and who the parties
   * are now. Every commitment ever drafted stays in it, so what it lists covers every past.
   */
  private async modelAt(request: PastRequest) {
    const position = request.cut.position ?? (await this.store.endOfAll())?.commit;
    return position !== undefined
      ? this.views.openReflecting('commitment-detail', position)
      : this.views.open('commitment-detail');
  }

  private async notYet(
    commitmentId: string,
    request: PastRequest,
    fields: string[],
  ): Promise<never> {
    const first = await commitmentBeginning(this.streams, commitmentId, this.upcasters);
    if (!first) {
      throw new ProblemException(404, 'NOT_FOUND', {
        es: `No existe el compromiso "${commitmentId}".`,
        en: `There is no commitment "${commitmentId}".`,
      });
    }
    const when = whenAsked(request);
    throw new ProblemException(
      404,
      'NOT_FOUND_AS_OF',
      {
        es: `El compromiso "${commitmentId}" aún no existía ${when.es}: hitos lo registró por primera vez el ${first.recordedAt} (posición ${first.position}); ocurrió el ${first.happenedOn}.`,
        en: `Commitment "${commitmentId}" did not exist yet ${when.en}: hitos first recorded it at ${first.recordedAt} (position ${first.position}); it happened on ${first.happenedOn}.`,
      },
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

  private async notRegistered(
    stream: string,
    request: PastRequest,
    kind: 'plan' | 'institution',
    id: string,
  ): Promise<never> {
    const names = {
      plan: { es: 'el plan de acción', en: 'action plan' },
      institution: { es: 'la institución', en: 'institution' },
    }[kind];
    if (!(await this.store.lastEventOf(stream))) {
      throw new ProblemException(404, 'NOT_FOUND', {
        es: `No existe ${names.es} "${id}".`,
        en: `There is no ${names.en} "${id}".`,
      });
    }
    const when = whenAsked(request);
    throw new ProblemException(
      404,
      'NOT_FOUND_AS_OF',
      {
        es: `${names.es[0].toUpperCase()}${names.es.slice(1)} "${id}" aún no estaba registrado ${when.es}.`,
        en: `The ${names.en} "${id}" was not registered yet ${when.en}.`,
      },
      {
        errors: fieldsOf(request).map((field) => ({
          field,
          messages: [`${field}: before the ${names.en} was registered`],
        })),
      },
    );
  }
}

/** The query parameters a past request came from. */
function fieldsOf(request: PastRequest): string[] {
  return [
    ...(request.cut.recordedBy ? ['asOf'] : []),
    ...(request.cut.position !== undefined ? ['asOfPosition'] : []),
    ...(request.happenedBy !== undefined ? ['asHappenedBy'] : []),
  ];
}

function invalid(errors: FieldError[]): ProblemException {
  const names = [...new Set(errors.map((e) => e.field))].join(', ');
  return new ProblemException(
    400,
    'VALIDATION_FAILED',
    {
      es: `La solicitud tiene campos no válidos: ${names}.`,
      en: `The request has invalid fields: ${names}.`,
    },
    { errors },
  );
}

function inFuture(
  field: string,
  messages: { es: string; en: string },
  extensions: Record<string, unknown> = {},
): ProblemException {
  return new ProblemException(422, 'AS_OF_IN_FUTURE', messages, {
    errors: [{ field, messages: [messages.en] }],
    ...extensions,
  });
}
