/**
 * Milestones (hitos): planned by the institution (rescheduled in reschedules.ts), progress claimed by it and
 * reviewed by the counterpart, completed on an endorsed 100% claim.
 */
import type { Command, DomainEvent } from '../kernel/decider';
import { dateOf, isWithin, type IsoDate } from '../kernel/dates';
import type { DomainError } from '../kernel/domain-error';
import { Errors } from '../kernel/error-catalogue';
import {
  optionalText,
  requireDate,
  requireEnum,
  requireIntegerInRange,
  requireText,
} from '../kernel/validation';
import type { CommandRules, EventRules } from './capability';
import { findProgressReport, openObjection, type ExistingCommitment } from './commitment.state';
import {
  checkEvidence,
  checkOptionalClassification,
  strictestOf,
  toEvidence,
  type Classification,
  type EvidenceInput,
  type EvidenceItem,
} from './evidence';

export const REVIEW_VERDICTS = ['endorsed', 'objected'] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];

/** The responsible institution planned a milestone (hito). Its dates become the baseline. */
export type MilestonePlanned = DomainEvent<
  'MilestonePlanned',
  {
    milestoneId: string;
    deliverable: string;
    /** Share of the commitment, 1..100; all milestones together add up to at most 100. */
    weight: number;
    start: IsoDate;
    due: IsoDate;
  }
>;

/** Payload of `MilestoneProgressReported` at schema version 2. */
export interface MilestoneProgressReportedV2Data {
  reportId: string;
  milestoneId: string;
  /** Claimed completion of the milestone, 0..100. */
  percent: number;
  narrative: string;
  evidence: EvidenceItem[];
  reportedOn: IsoDate;
}

/** Payload of `MilestoneProgressReported` at schema version 3: the narrative's classification. */
export interface MilestoneProgressReportedV3Data extends MilestoneProgressReportedV2Data {
  /**
   * The classification of the report's own text (its narrative); each evidence item keeps its
   * own. Replies (the review's reasons, the answer) inherit it unless marked otherwise.
   */
  classification: Classification;
}

/** The institution claimed progress on a milestone; the counterpart reviews the claim. */
export type MilestoneProgressReported = DomainEvent<
  'MilestoneProgressReported',
  MilestoneProgressReportedV3Data
>;

/**
 * Payload of `ProgressReportReviewed` at schema version 2: the reasons' classification. A v1
 * event is the same without it.
 */
export interface ProgressReportReviewedV2Data {
  reportId: string;
  milestoneId: string;
  verdict: ReviewVerdict;
  /** Present when objected. */
  reasons?: string;
  reviewedOn: IsoDate;
  /**
   * The classification of the reasons, resolved when decided (v2): the one the command marked,
   * else the report's. Absent on v1 events: readers resolve it to the report's.
   */
  classification?: Classification;
}

/** Payload of `ProgressReportReviewed` at schema version 3: the round of review it belongs to. */
export interface ProgressReportReviewedV3Data extends ProgressReportReviewedV2Data {
  /**
   * The round of the review conversation, from 1: an objection opens round n (the n-th
   * objection to the report); an endorsement closes the round after the last answered one.
   * Events stored before rounds existed upcast to 1.
   */
  round: number;
}

/**
 * The counterpart endorsed or objected to a progress claim, in a round of review. An objection
 * stays beside the claim; once the institution answers it, the counterpart reviews the same
 * report again (endorses, or objects anew in the next round).
 */
export type ProgressReportReviewed = DomainEvent<
  'ProgressReportReviewed',
  ProgressReportReviewedV3Data
>;

/** Payload of `ObjectionAnswered` at schema version 2: the answer's classification. */
export interface ObjectionAnsweredV2Data {
  reportId: string;
  milestoneId: string;
  answer: string;
  answeredOn: IsoDate;
  /**
   * The classification of the answer, resolved when decided (v2): the one the command marked,
   * else the report's. Absent on v1 events: readers resolve it to the report's.
   */
  classification?: Classification;
}

/** Payload of `ObjectionAnswered` at schema version 3: the round whose objection it answers. */
export interface ObjectionAnsweredV3Data extends ObjectionAnsweredV2Data {
  /** The round of the objection answered, from 1; events stored before rounds upcast to 1. */
  round: number;
}

/** The institution answered the counterpart's objection of one round. */
export type ObjectionAnswered = DomainEvent<'ObjectionAnswered', ObjectionAnsweredV3Data>;

/** The institution declared a milestone done, backed by an endorsed 100% report. */
export type MilestoneCompleted = DomainEvent<
  'MilestoneCompleted',
  { milestoneId: string; completedOn: IsoDate }
>;

/** The last milestone was completed. */
export type CommitmentCompleted = DomainEvent<'CommitmentCompleted', { completedOn: IsoDate }>;

/** The milestones' events: planning, progress claims and their review, completion. */
export type MilestoneEvent =
  | MilestonePlanned
  | MilestoneProgressReported
  | ProgressReportReviewed
  | ObjectionAnswered
  | MilestoneCompleted
  | CommitmentCompleted;

/** Payload of `MilestoneProgressReported` at schema version 1, which stored bare evidence URLs. */
export interface MilestoneProgressReportedV1Data {
  reportId: string;
  milestoneId: string;
  percent: number;
  narrative: string;
  evidenceUrls: string[];
  reportedOn: IsoDate;
}

/**
 * v1 → v2: each URL becomes an evidence item titled by its URL, with no hash (none was taken)
 * and `public` classification (v1 only accepted public links).
 */
export function upcastMilestoneProgressReportedV1toV2(
  v1: MilestoneProgressReportedV1Data,
): MilestoneProgressReportedV2Data {
  return {
    reportId: v1.reportId,
    milestoneId: v1.milestoneId,
    percent: v1.percent,
    narrative: v1.narrative,
    evidence: v1.evidenceUrls.map((url) => ({
      title: url,
      url,
      sha256: null,
      classification: 'public',
    })),
    reportedOn: v1.reportedOn,
  };
}

/**
 * v2 → v3: the narrative gets a classification, the strictest of the report's evidence items —
 * the audit trail withheld such a report whole, so the upcast never shows more than it did.
 * The evidence items keep their own classifications.
 */
export function upcastMilestoneProgressReportedV2toV3(
  v2: MilestoneProgressReportedV2Data,
): MilestoneProgressReportedV3Data {
  return {
    ...v2,
    classification: strictestOf((v2.evidence ?? []).map((item) => item.classification)),
  };
}

/**
 * v1 → v2 of `ProgressReportReviewed` and `ObjectionAnswered`: v2 may carry the reply's
 * `classification`. A v1 event carries none, and its data is left as it was: absent means it
 * inherits its report's text classification, which readers resolve (an event upcast alone
 * cannot see its report).
 */
export function upcastReplyV1toV2<T>(v1: T): T {
  return v1;
}

/**
 * v2 → v3 of `ProgressReportReviewed` and `ObjectionAnswered`: v3 names the round of review.
 * Before rounds, a report was reviewed once and an objection answered once, so every stored
 * reply belongs to round 1.
 */
export function upcastReplyV2toV3<T extends object>(v2: T): T & { round: number } {
  return { ...v2, round: 1 };
}

/** Responsible institution; Draft or InImplementation. */
export type PlanMilestone = Command<'PlanMilestone', MilestonePlanned['data']>;

/**
 * Responsible institution; InImplementation only. `reportedOn` is the date of `metadata.now`.
 * `classification` marks the narrative; absent, it is the strictest of the evidence items (public
 * when there are none).
 */
export type ReportMilestoneProgress = Command<
  'ReportMilestoneProgress',
  {
    reportId: string;
    milestoneId: string;
    percent: number;
    narrative: string;
    evidence: EvidenceInput[];
    classification?: Classification;
  }
>;

/**
 * The commitment's counterpart; InImplementation. `reasons` is required when objecting.
 * `classification` marks the reasons; absent, they inherit the report's. A report is reviewed
 * in rounds: first when it is filed, then again each time the institution answers an
 * objection — never while an objection waits for its answer, never once endorsed.
 */
export type ReviewProgressReport = Command<
  'ReviewProgressReport',
  { reportId: string; verdict: ReviewVerdict; reasons?: string; classification?: Classification }
>;

/**
 * Responsible institution; InImplementation or Completed. Answers the report's open objection
 * (the last round's, not yet answered). `classification` marks the answer; absent, it inherits
 * the report's.
 */
export type AnswerObjection = Command<
  'AnswerObjection',
  { reportId: string; answer: string; classification?: Classification }
>;

/** Responsible institution; InImplementation. */
export type CompleteMilestone = Command<'CompleteMilestone', { milestoneId: string }>;

/** The milestones' commands. */
export type MilestoneCommand =
  | PlanMilestone
  | ReportMilestoneProgress
  | ReviewProgressReport
  | AnswerObjection
  | CompleteMilestone;

type Decision = MilestoneEvent[] | DomainError;

const ORDINALS_ES = [
  'primera',
  'segunda',
  'tercera',
  'cuarta',
  'quinta',
  'sexta',
  'séptima',
  'octava',
  'novena',
  'décima',
];

/** A round's ordinal in Spanish, feminine (objeción): «segunda», «tercera»…, then «11.ª». */
export const ordinalEs = (round: number): string => ORDINALS_ES[round - 1] ?? `${round}.ª`;

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function planMilestone(command: PlanMilestone, state: ExistingCommitment): Decision {
  const { data } = command;
  const invalid =
    requireText('milestoneId', data.milestoneId) ??
    requireText('deliverable', data.deliverable) ??
    requireIntegerInRange('weight', data.weight, 1, 100) ??
    requireDate('start', data.start) ??
    requireDate('due', data.due) ??
    (data.start > data.due
      ? Errors.periodEndBeforeStart('milestone', data.start, data.due)
      : undefined);
  if (invalid) return invalid;
  if (state.milestones.some((m) => m.milestoneId === data.milestoneId))
    return Errors.milestoneIdDuplicate(data.milestoneId);
  if (!isWithin(data.start, state.period) || !isWithin(data.due, state.period))
    return Errors.milestoneOutsideCommitmentPeriod(
      data.milestoneId,
      { start: data.start, due: data.due },
      state.period,
    );
  const planned = state.milestones.reduce((sum, m) => sum + m.weight, 0);
  if (planned + data.weight > 100)
    return Errors.milestoneTotalWeightExceeded(data.milestoneId, planned, data.weight);
  const { milestoneId, deliverable, weight, start, due } = data;
  return [{ type: 'MilestonePlanned', data: { milestoneId, deliverable, weight, start, due } }];
}

function reportMilestoneProgress(
  command: ReportMilestoneProgress,
  state: ExistingCommitment,
): Decision {
  const { data, metadata } = command;
  const invalid =
    requireText('reportId', data.reportId) ??
    requireText('milestoneId', data.milestoneId) ??
    requireIntegerInRange('percent', data.percent, 0, 100) ??
    requireText('narrative', data.narrative) ??
    checkEvidence('evidence', data.evidence) ??
    checkOptionalClassification('classification', data.classification);
  if (invalid) return invalid;
  if (findProgressReport(state, data.reportId))
    return Errors.progressReportIdDuplicate(data.reportId);
  const milestone = state.milestones.find((m) => m.milestoneId === data.milestoneId);
  if (!milestone) return Errors.milestoneNotFound(data.milestoneId);
  if (milestone.completed) return Errors.milestoneAlreadyCompleted(milestone.milestoneId);
  if (data.percent < milestone.lastEndorsedPercent)
    return Errors.progressBelowEndorsed(
      milestone.milestoneId,
      data.percent,
      milestone.lastEndorsedPercent,
    );
  if (data.percent === 100 && data.evidence.length === 0)
    return Errors.progressEvidenceRequired(milestone.milestoneId);
  return [
    {
      type: 'MilestoneProgressReported',
      data: {
        reportId: data.reportId,
        milestoneId: milestone.milestoneId,
        percent: data.percent,
        narrative: data.narrative,
        evidence: toEvidence(data.evidence),
        reportedOn: dateOf(metadata.now),
        classification:
          data.classification ?? strictestOf(data.evidence.map((item) => item.classification)),
      },
    },
  ];
}

function reviewProgressReport(command: ReviewProgressReport, state: ExistingCommitment): Decision {
  const { data, metadata } = command;
  const invalid =
    requireText('reportId', data.reportId) ??
    requireEnum('verdict', data.verdict, REVIEW_VERDICTS) ??
    (data.verdict === 'objected' && requireText('reasons', data.reasons)
      ? Errors.objectionReasonsRequired(data.reportId)
      : undefined) ??
    optionalText('reasons', data.reasons) ??
    checkOptionalClassification('classification', data.classification);
  if (invalid) return invalid;
  const report = findProgressReport(state, data.reportId);
  if (!report) return Errors.progressReportNotFound(data.reportId);
  if (report.endorsement) return Errors.progressReportAlreadyReviewed(report.reportId, 'endorsed');
  const open = openObjection(report);
  if (open) return Errors.objectionAwaitingAnswer(report.reportId, open.round);
  return [
    {
      type: 'ProgressReportReviewed',
      data: {
        reportId: report.reportId,
        milestoneId: report.milestoneId,
        verdict: data.verdict,
        ...(data.reasons ? { reasons: data.reasons } : {}),
        reviewedOn: dateOf(metadata.now),
        classification: data.classification ?? report.classification,
        round: report.rounds.length + 1,
      },
    },
  ];
}

function answerObjection(command: AnswerObjection, state: ExistingCommitment): Decision {
  const { data, metadata } = command;
  const invalid =
    requireText('reportId', data.reportId) ??
    requireText('answer', data.answer) ??
    checkOptionalClassification('classification', data.classification);
  if (invalid) return invalid;
  const report = findProgressReport(state, data.reportId);
  if (!report) return Errors.progressReportNotFound(data.reportId);
  if (report.rounds.length === 0 || report.endorsement)
    return Errors.reportNotObjected(report.reportId);
  const open = openObjection(report);
  if (!open) return Errors.objectionAlreadyAnswered(report.reportId);
  return [
    {
      type: 'ObjectionAnswered',
      data: {
        reportId: report.reportId,
        milestoneId: report.milestoneId,
        answer: data.answer,
        answeredOn: dateOf(metadata.now),
        classification: data.classification ?? report.classification,
        round: open.round,
      },
    },
  ];
}

function completeMilestone(command: CompleteMilestone, state: ExistingCommitment): Decision {
  const { data, metadata } = command;
  const invalid = requireText('milestoneId', data.milestoneId);
  if (invalid) return invalid;
  const milestone = state.milestones.find((m) => m.milestoneId === data.milestoneId);
  if (!milestone) return Errors.milestoneNotFound(data.milestoneId);
  if (milestone.completed) return Errors.milestoneAlreadyCompleted(milestone.milestoneId);
  if (!milestone.reports.some((r) => r.percent === 100 && r.endorsement !== null))
    return Errors.milestoneNotEndorsedComplete(milestone.milestoneId);
  const completedOn = dateOf(metadata.now);
  const events: MilestoneEvent[] = [
    { type: 'MilestoneCompleted', data: { milestoneId: milestone.milestoneId, completedOn } },
  ];
  const othersDone = state.milestones.every(
    (m) => m.completed || m.milestoneId === milestone.milestoneId,
  );
  if (othersDone) events.push({ type: 'CommitmentCompleted', data: { completedOn } });
  return events;
}

/** Who may run each command of this part, in which statuses, and what it decides. */
export const MILESTONE_COMMANDS: CommandRules<MilestoneCommand, MilestoneEvent> = {
  PlanMilestone: {
    roles: ['institution'],
    statuses: ['Draft', 'InImplementation'],
    decide: planMilestone,
  },
  ReportMilestoneProgress: {
    roles: ['institution'],
    statuses: ['InImplementation'],
    decide: reportMilestoneProgress,
  },
  ReviewProgressReport: {
    roles: ['counterpart'],
    statuses: ['InImplementation'],
    decide: reviewProgressReport,
  },
  AnswerObjection: {
    roles: ['institution'],
    statuses: ['InImplementation', 'Completed'],
    decide: answerObjection,
  },
  CompleteMilestone: {
    roles: ['institution'],
    statuses: ['InImplementation'],
    decide: completeMilestone,
  },
};

/** Each event of this part: its schema version and its audit line (Spanish and English). */
export const MILESTONE_EVENTS: EventRules<MilestoneEvent> = {
  MilestonePlanned: {
    version: 1,
    summary: (d) => ({
      es: `Se planificó el hito ${d.milestoneId} «${d.deliverable}» (peso ${d.weight}, ${d.start} a ${d.due}).`,
      en: `Milestone ${d.milestoneId} "${d.deliverable}" planned (weight ${d.weight}, ${d.start} to ${d.due}).`,
    }),
  },
  MilestoneProgressReported: {
    // 3: the narrative's classification.
    version: 3,
    summary: (d) => ({
      es: `Se reportó un avance del ${d.percent} % en el hito ${d.milestoneId} (${d.evidence.length} evidencia${d.evidence.length === 1 ? '' : 's'}).`,
      en: `${d.percent}% progress reported on milestone ${d.milestoneId} (${d.evidence.length} evidence item${d.evidence.length === 1 ? '' : 's'}).`,
    }),
  },
  ProgressReportReviewed: {
    // 2: the reasons' classification. 3: the round of review (older events are round 1).
    version: 3,
    summary: (d) =>
      d.verdict === 'endorsed'
        ? d.round > 1
          ? {
              es: `La contraparte avaló el reporte ${d.reportId} del hito ${d.milestoneId} en la ronda ${d.round}, tras ${d.round - 1} ${d.round === 2 ? 'objeción respondida' : 'objeciones respondidas'}.`,
              en: `The counterpart endorsed report ${d.reportId} on milestone ${d.milestoneId} in round ${d.round}, after ${d.round - 1} answered objection${d.round === 2 ? '' : 's'}.`,
            }
          : {
              es: `La contraparte avaló el reporte ${d.reportId} del hito ${d.milestoneId}.`,
              en: `The counterpart endorsed report ${d.reportId} on milestone ${d.milestoneId}.`,
            }
        : d.round > 1
          ? {
              es: `${capitalized(ordinalEs(d.round))} objeción: la contraparte volvió a observar el reporte ${d.reportId} del hito ${d.milestoneId} (ronda ${d.round}).`,
              en: `Round ${d.round} objection: the counterpart objected again to report ${d.reportId} on milestone ${d.milestoneId}.`,
            }
          : {
              es: `La contraparte observó el reporte ${d.reportId} del hito ${d.milestoneId}.`,
              en: `The counterpart objected to report ${d.reportId} on milestone ${d.milestoneId}.`,
            },
  },
  ObjectionAnswered: {
    // 2: the answer's classification. 3: the round answered (older events are round 1).
    version: 3,
    summary: (d) =>
      d.round > 1
        ? {
            es: `La institución respondió la ${ordinalEs(d.round)} objeción al reporte ${d.reportId} (ronda ${d.round}).`,
            en: `The institution answered the round ${d.round} objection to report ${d.reportId}.`,
          }
        : {
            es: `La institución respondió la observación al reporte ${d.reportId}.`,
            en: `The institution answered the objection to report ${d.reportId}.`,
          },
  },
  MilestoneCompleted: {
    version: 1,
    summary: (d) => ({
      es: `Se cumplió el hito ${d.milestoneId} (${d.completedOn}).`,
      en: `Milestone ${d.milestoneId} completed (${d.completedOn}).`,
    }),
  },
  CommitmentCompleted: {
    version: 1,
    summary: (d) => ({
      es: `Se cumplieron todos los hitos del compromiso (${d.completedOn}).`,
      en: `Every milestone of the commitment completed (${d.completedOn}).`,
    }),
  },
};
