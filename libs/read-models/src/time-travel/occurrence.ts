import { isIsoDate, type HitosEvent, type HitosEventOf, type IsoDate } from '@hitos/domain';
import { planDateOf } from './moment';

type Of<T extends HitosEvent['type']> = HitosEventOf<T>['data'];

/**
 * When each event happened, as its own data says: the date the fact it records took place,
 * which may be earlier than the day hitos recorded it (a signature dated before it was entered,
 * a reschedule the Core Group agreed before the institution recorded it, a redesign effective on
 * a decree's date). `null`: the event carries no date of its own, and happened when it was
 * recorded (its `occurredAt`, as a date in the plan's time zone). A new event type does not
 * compile until it is given a line here.
 */
export const OCCURRENCE_DATES: {
  [T in HitosEvent['type']]: ((data: Of<T>) => IsoDate) | null;
} = {
  ActionPlanRegistered: null,
  InstitutionRegistered: null,
  InstitutionRedesigned: (d) => d.effectiveOn,
  OrganizationRegistered: null,
  RedesignHandlingStarted: (d) => d.startedOn,
  RedesignHandlingCompleted: (d) => d.completedOn,
  CommitmentDrafted: null,
  AdministratorDesignated: null,
  ActaSignatureAdded: (d) => d.signedOn,
  ActaSigned: (d) => d.signedOn,
  ResourceIdentified: null,
  MilestonePlanned: null,
  MilestoneRescheduled: (d) => d.concurrence.concurredOn,
  MilestoneRescheduleRequested: (d) => d.requestedOn,
  MilestoneRescheduleDeclined: (d) => d.declinedOn,
  MilestoneRescheduleRequestWithdrawn: (d) => d.withdrawnOn,
  MilestoneProgressReported: (d) => d.reportedOn,
  ProgressReportReviewed: (d) => d.reviewedOn,
  ObjectionAnswered: (d) => d.answeredOn,
  MilestoneCompleted: (d) => d.completedOn,
  CommitmentCompleted: (d) => d.completedOn,
  ReportSubmitted: (d) => d.submittedOn,
  IrmAssessmentRecorded: (d) => d.assessedOn,
  CommitmentClosed: (d) => d.closedOn,
  CommitmentWithdrawn: (d) => d.withdrawnOn,
  CommitmentMarkedTransferPending: (d) => d.markedOn,
  QuestionAsked: (d) => d.askedOn,
  QuestionAnswered: (d) => d.answeredOn,
  QuestionCounterpartViewAdded: (d) => d.addedOn,
  QuestionHidden: (d) => d.hiddenOn,
  QuestionAnswerOverdue: (d) => d.detectedOn,
  TransferDecisionConcurred: (d) => d.concurredOn,
  CommitmentMaintained: (d) => d.decidedOn,
  CommitmentTransferred: (d) => d.decidedOn,
  InformationHandoverAcknowledged: (d) => d.acknowledgedOn,
  MilestoneDueSoon: (d) => d.notifiedOn,
  MilestoneOverdue: (d) => d.detectedOn,
  CommitmentPeriodEnded: (d) => d.detectedOn,
  ProgressReportDue: (d) => d.notifiedOn,
  ProgressReportOverdue: (d) => d.detectedOn,
  TransferDecisionOverdue: (d) => d.detectedOn,
  InformationHandoverOverdue: (d) => d.detectedOn,
};

/** What the occurrence of an event is read from: its type, stream, data (upcast) and metadata. */
export interface OccurrenceInput {
  type: string;
  streamId: string;
  data: any;
  metadata: Record<string, any>;
  /** `metadata.recordedAt`, else the store's creation time (ISO). */
  recordedAt: string;
}

/** The day the event was recorded, in the plan's time zone: its command's `occurredAt`. */
export function recordedDateOf(event: OccurrenceInput): IsoDate {
  const stated = event.metadata?.occurredAt;
  return planDateOf(typeof stated === 'string' ? stated : event.recordedAt);
}

/** The event's own date of occurrence: its data's date, or the day it was recorded. */
export function ownOccurrenceOf(event: OccurrenceInput): IsoDate {
  const own = (OCCURRENCE_DATES as Record<string, ((data: any) => unknown) | null | undefined>)[
    event.type
  ];
  if (own) {
    try {
      const date = own(event.data ?? {});
      if (isIsoDate(date)) return date;
    } catch {
      // A payload without the field (an unknown shape): the day it was recorded.
    }
  }
  return recordedDateOf(event);
}

/**
 * What an event brings into being (`opens`: a commitment, a milestone, a report, a plan…) and
 * what it is about (`refers`), as subject keys; and whether it covers everything recorded before
 * it in its stream (a signature: the parties signed the acta as it then stood).
 */
interface Links {
  opens: string[];
  refers: string[];
  coversEarlier: boolean;
}

const COMMITMENT = 'commitment-';

function linksOf(event: OccurrenceInput): Links {
  const d = event.data ?? {};
  const links: Links = { opens: [], refers: [], coversEarlier: false };
  switch (event.type) {
    case 'ActionPlanRegistered':
      links.opens.push(`plan:${d.planId}`);
      return links;
    case 'InstitutionRegistered':
      links.opens.push(`institution:${d.institutionId}`);
      return links;
    case 'OrganizationRegistered':
      links.opens.push(`organization:${d.organizationId}`);
      return links;
    case 'InstitutionRedesigned':
      links.refers.push(`institution:${d.institutionId}`);
      return links;
  }
  if (!event.streamId.startsWith(COMMITMENT)) return links;
  const id = event.streamId.slice(COMMITMENT.length);
  if (event.type === 'CommitmentDrafted') {
    links.opens.push(`commitment:${id}`);
    links.refers.push(
      `plan:${d.planId}`,
      `institution:${d.responsible?.institutionId}`,
      `organization:${d.counterpart?.organizationId}`,
    );
    return links;
  }
  links.refers.push(`commitment:${id}`);
  switch (event.type) {
    case 'MilestonePlanned':
      links.opens.push(`milestone:${id}:${d.milestoneId}`);
      break;
    case 'MilestoneProgressReported':
      links.opens.push(`report:${id}:${d.reportId}`);
      break;
    case 'ProgressReportReviewed':
    case 'ObjectionAnswered':
      links.refers.push(`report:${id}:${d.reportId}`);
      break;
    case 'AdministratorDesignated':
      links.opens.push(`administrator:${id}`);
      break;
    case 'ActaSignatureAdded':
    case 'ActaSigned':
      links.coversEarlier = true;
      break;
    case 'CommitmentTransferred':
    case 'InformationHandoverAcknowledged':
      links.refers.push(`institution:${d.toInstitutionId}`);
      break;
  }
  if (typeof d.milestoneId === 'string' && event.type !== 'MilestonePlanned') {
    links.refers.push(`milestone:${id}:${d.milestoneId}`);
  }
  return links;
}

/**
 * When each event happened, for a view "as it happened": its own date, but never later than the
 * first fact that builds on it. A commitment, a milestone, a progress report, a plan, an
 * institution or an organization existed no later than the first event about it that happened
 * (a back-dated signature brings the drafting forward to its date), and a signature covers
 * everything recorded before it in its stream (the parties signed the acta as it stood: the
 * draft, its milestones, its administrator). Events are given in `$all` order; the answer has
 * one date per event, in the same order.
 */
export function occurrencesOf(events: readonly OccurrenceInput[]): IsoDate[] {
  const dates: IsoDate[] = new Array<IsoDate>(events.length);
  // The earliest occurrence among the later events that refer to a subject, or cover a stream.
  const pulledBy = new Map<string, IsoDate>();
  const coveredBy = new Map<string, IsoDate>();
  const earlier = (a: IsoDate, b: IsoDate | undefined) => (b !== undefined && b < a ? b : a);
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    const links = linksOf(event);
    let date = earlier(ownOccurrenceOf(event), coveredBy.get(event.streamId));
    for (const subject of links.opens) {
      date = earlier(date, pulledBy.get(subject));
      // What referred to it referred to this opening, not to an earlier one of the same key.
      pulledBy.delete(subject);
    }
    dates[i] = date;
    for (const subject of links.refers) {
      pulledBy.set(subject, earlier(date, pulledBy.get(subject)));
    }
    if (links.coversEarlier) {
      coveredBy.set(event.streamId, earlier(date, coveredBy.get(event.streamId)));
    }
  }
  return dates;
}
