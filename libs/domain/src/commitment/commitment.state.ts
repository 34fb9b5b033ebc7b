import type { IsoDate } from '../kernel/dates';
import { GrowOnlyIndex } from '../kernel/grow-only-index';
import type {
  ActaSignatureAdded,
  ActaSigned,
  Administrator,
  CommitmentDrafted,
  ResourceIdentified,
} from './acta';
import type { CommitmentClosed, CommitmentWithdrawn } from './closure';
import type { CommitmentEvent } from './commitment.events';
import type { Classification, EvidenceItem } from './evidence';
import type { IrmAssessmentRecorded, ReportSubmitted } from './reports';
import type { ReviewVerdict } from './milestones';
import type { MilestoneRescheduled, RescheduleRequestState } from './reschedules';
import type {
  CommitmentMarkedTransferPending,
  CommitmentTransferred,
  TransferDecisionConcurred,
} from './transfer';
import type { DeadlineEvent } from './deadlines';
import { commitmentProgress } from './progress';
import { evolveQuestions, type QuestionState } from './questions';

export const COMMITMENT_STATUSES = [
  'Empty',
  'Draft',
  'InImplementation',
  'Completed',
  'Closed',
  'Withdrawn',
  'TransferPending',
  'AwaitingHandover',
] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

/** A review as it reads beside its claim: the reasons and their resolved classification. */
export interface ReportReview {
  verdict: ReviewVerdict;
  reasons: string | null;
  reviewedOn: IsoDate;
  /** The reasons' classification (the report's, unless the review marked another). */
  classification: Classification;
  /** The round of review it belongs to, from 1. */
  round: number;
}

/** The institution's answer to one round's objection. */
export interface ObjectionReply {
  answer: string;
  answeredOn: IsoDate;
  /** The answer's classification (the report's, unless the answer marked another). */
  classification: Classification;
}

/** One round of the review conversation: the counterpart's objection and, once given, the answer. */
export interface ReviewRound {
  round: number;
  objection: ReportReview & { verdict: 'objected' };
  answer: ObjectionReply | null;
}

/**
 * Where a report stands in its review: waiting for the counterpart's first review, objected
 * (waiting for the institution's answer), answered (waiting for the counterpart's next review),
 * or endorsed (settled).
 */
export const REPORT_REVIEW_STATUSES = [
  'pending-review',
  'objected',
  'answered',
  'endorsed',
] as const;
export type ReportReviewStatus = (typeof REPORT_REVIEW_STATUSES)[number];

/**
 * A progress claim with its review conversation beside it: rounds of objection and answer, in
 * order, and the endorsement that settles it.
 */
export interface ProgressReport {
  reportId: string;
  milestoneId: string;
  percent: number;
  narrative: string;
  evidence: EvidenceItem[];
  reportedOn: IsoDate;
  /** The narrative's classification; replies inherit it unless marked otherwise. */
  classification: Classification;
  /** Every objection and its answer, round by round. */
  rounds: ReviewRound[];
  /** The counterpart's endorsement, which ends the conversation. */
  endorsement: (ReportReview & { verdict: 'endorsed' }) | null;
  reviewStatus: ReportReviewStatus;
  /** The latest review (the endorsement, else the last round's objection), as before rounds. */
  review: ReportReview | null;
  /** The last round's answer, as before rounds (null while that round's objection is open). */
  answer: ObjectionReply | null;
}

/** The report's objection still waiting for an answer: its last round's, when unanswered. */
export function openObjection(report: ProgressReport): ReviewRound | undefined {
  const last = report.rounds[report.rounds.length - 1];
  return last && !last.answer && !report.endorsement ? last : undefined;
}

/** Where a report stands in its review, from its rounds and endorsement. */
export function reportReviewStatus(
  report: Pick<ProgressReport, 'rounds' | 'endorsement'>,
): ReportReviewStatus {
  if (report.endorsement) return 'endorsed';
  const last = report.rounds[report.rounds.length - 1];
  if (!last) return 'pending-review';
  return last.answer ? 'answered' : 'objected';
}

/** The report with its derived fields (status, latest review and answer) brought up to date. */
function withReviewFields(
  report: Omit<ProgressReport, 'reviewStatus' | 'review' | 'answer'>,
): ProgressReport {
  const last = report.rounds[report.rounds.length - 1];
  return {
    ...report,
    reviewStatus: reportReviewStatus(report),
    review: report.endorsement ?? last?.objection ?? null,
    answer: last?.answer ?? null,
  };
}

/** The requests with the one named closed by `outcome` (none named: unchanged, as for v1 reschedules). */
function answerRequest(
  requests: RescheduleRequestState[],
  requestId: string | null,
  outcome: NonNullable<RescheduleRequestState['outcome']>,
): RescheduleRequestState[] {
  if (requestId === null) return requests;
  return requests.map((r) => (r.requestId === requestId ? { ...r, outcome } : r));
}

export interface MilestoneState {
  milestoneId: string;
  deliverable: string;
  weight: number;
  /** Dates as first planned; never change, so slippage stays measurable. */
  baselineStart: IsoDate;
  baselineDue: IsoDate;
  /** Dates currently in force. */
  start: IsoDate;
  due: IsoDate;
  /** Times the due date moved later. */
  slips: number;
  reschedules: MilestoneRescheduled['data'][];
  /** Every reschedule the institution requested, open or answered, in order. */
  rescheduleRequests: RescheduleRequestState[];
  reports: ProgressReport[];
  /** Highest endorsed percent, 0 until the counterpart endorses a claim. */
  lastEndorsedPercent: number;
  completed: boolean;
  completedOn: IsoDate | null;
  /** Set when the engine found the current due date passed; cleared by completion or a new date. */
  overdueSince: IsoDate | null;
}

/** A commitment waiting for the Presidency's decision, then for the handover. */
export interface PendingTransfer {
  /** The redesigned institution, responsible until a handover is acknowledged. */
  institutionId: string;
  redesign: CommitmentMarkedTransferPending['data']['redesign'];
  previousStatus: CommitmentMarkedTransferPending['data']['previousStatus'];
  pendingSince: IsoDate;
  concurrences: TransferDecisionConcurred['data'][];
  /** The decision to transfer, once taken (status AwaitingHandover). */
  transferred: CommitmentTransferred['data'] | null;
}

/** How one redesign was settled for the commitment, kept so its history reads unbroken. */
export interface SettledTransfer {
  outcome: 'maintained' | 'transferred';
  redesignEventId: string;
  fromInstitutionId: string;
  toInstitutionId: string;
  pendingSince: IsoDate;
  settledOn: IsoDate;
}

export type ActaSignature = Omit<ActaSignatureAdded['data'], 'party'>;

export interface CommitmentDetails extends Omit<CommitmentDrafted['data'], never> {
  milestones: MilestoneState[];
  administrator: Administrator | null;
  signatures: { institution: ActaSignature | null; counterpart: ActaSignature | null };
  /** Set once both parties have signed. */
  acta: ActaSigned['data'] | null;
  resources: ResourceIdentified['data'][];
  submittedReports: ReportSubmitted['data'][];
  completedOn: IsoDate | null;
  closure: CommitmentClosed['data'] | null;
  irmAssessments: IrmAssessmentRecorded['data'][];
  withdrawal: CommitmentWithdrawn['data'] | null;
  transfer: PendingTransfer | null;
  transfers: SettledTransfer[];
  /** Deadlines already recorded (see {@link deadlineKey}), so a timer firing again adds nothing. */
  deadlinesRecorded: string[];
  /**
   * Where each progress report is (its milestone, its place in that milestone's reports), so
   * that a decision finds a report without scanning every report the commitment ever had.
   */
  reportIndex: GrowOnlyIndex<{ milestoneId: string; at: number }>;
  /** Weighted roll-up of endorsed milestone progress, see progress.ts. */
  progress: number;
  /** Citizens' questions and whether each was answered, viewed, hidden (see questions.ts). */
  questions: QuestionState[];
}

type Signed = { acta: ActaSigned['data'] };

export type EmptyCommitment = { status: 'Empty' };
export type DraftCommitmentState = CommitmentDetails & { status: 'Draft' };
export type InImplementationCommitment = CommitmentDetails &
  Signed & { status: 'InImplementation' };
export type CompletedCommitment = CommitmentDetails &
  Signed & { status: 'Completed'; completedOn: IsoDate };
export type ClosedCommitment = CommitmentDetails &
  Signed & { status: 'Closed'; closure: CommitmentClosed['data'] };
export type WithdrawnCommitment = CommitmentDetails & {
  status: 'Withdrawn';
  withdrawal: CommitmentWithdrawn['data'];
};
/** Reached when the responsible institution is redesigned; a draft may be pending too. */
export type TransferPendingCommitment = CommitmentDetails & {
  status: 'TransferPending';
  transfer: PendingTransfer;
};
export type AwaitingHandoverCommitment = CommitmentDetails & {
  status: 'AwaitingHandover';
  transfer: PendingTransfer & { transferred: CommitmentTransferred['data'] };
};

export type CommitmentState =
  | EmptyCommitment
  | DraftCommitmentState
  | InImplementationCommitment
  | CompletedCommitment
  | ClosedCommitment
  | WithdrawnCommitment
  | TransferPendingCommitment
  | AwaitingHandoverCommitment;

export type ExistingCommitment = Exclude<CommitmentState, EmptyCommitment>;

export const initialCommitmentState = (): CommitmentState => ({ status: 'Empty' });

function withMilestones(
  state: ExistingCommitment,
  milestones: MilestoneState[],
): ExistingCommitment {
  return { ...state, milestones, progress: commitmentProgress(milestones) };
}

function updateMilestone(
  state: ExistingCommitment,
  milestoneId: string,
  update: (milestone: MilestoneState) => MilestoneState,
): ExistingCommitment {
  return withMilestones(
    state,
    state.milestones.map((m) => (m.milestoneId === milestoneId ? update(m) : m)),
  );
}

/** Where the report is among the milestone's reports, if it is one of them. */
function reportAt(
  state: CommitmentDetails,
  milestone: MilestoneState,
  reportId: string,
): number | undefined {
  const where = state.reportIndex.get(reportId);
  return where?.milestoneId === milestone.milestoneId ? where.at : undefined;
}

/** The milestone with one of its reports changed, found through the state's report index. */
function updateReport(
  state: CommitmentDetails,
  milestone: MilestoneState,
  reportId: string,
  update: (report: ProgressReport) => ProgressReport,
): MilestoneState {
  const at = reportAt(state, milestone, reportId);
  if (at === undefined) return milestone;
  const reports = milestone.reports.slice();
  reports[at] = update(reports[at]);
  return { ...milestone, reports };
}

export function evolveCommitment(state: CommitmentState, event: CommitmentEvent): CommitmentState {
  if (event.type === 'CommitmentDrafted')
    return {
      status: 'Draft',
      ...event.data,
      milestones: [],
      administrator: null,
      signatures: { institution: null, counterpart: null },
      acta: null,
      resources: [],
      submittedReports: [],
      completedOn: null,
      closure: null,
      irmAssessments: [],
      withdrawal: null,
      transfer: null,
      transfers: [],
      deadlinesRecorded: [],
      reportIndex: GrowOnlyIndex.empty(),
      progress: 0,
      questions: [],
    };
  // Events for a stream that was never drafted cannot be stored; ignoring them keeps evolve total.
  if (state.status === 'Empty') return state;

  switch (event.type) {
    case 'MilestonePlanned': {
      const { milestoneId, deliverable, weight, start, due } = event.data;
      return withMilestones(state, [
        ...state.milestones,
        {
          milestoneId,
          deliverable,
          weight,
          baselineStart: start,
          baselineDue: due,
          start,
          due,
          slips: 0,
          reschedules: [],
          rescheduleRequests: [],
          reports: [],
          lastEndorsedPercent: 0,
          completed: false,
          completedOn: null,
          overdueSince: null,
        },
      ]);
    }
    case 'MilestoneRescheduled':
      // A new schedule is a new set of deadlines, even back on a date that was recorded before.
      return updateMilestone(
        forgetMilestoneDeadlines(state, event.data.milestoneId),
        event.data.milestoneId,
        (m) => ({
          ...m,
          start: event.data.start,
          due: event.data.due,
          slips: event.data.slips,
          reschedules: [...m.reschedules, event.data],
          rescheduleRequests: answerRequest(m.rescheduleRequests, event.data.requestId, {
            kind: 'concurred',
            coreGroupMemberId: event.data.concurrence.coreGroupMemberId,
            on: event.data.concurrence.concurredOn,
          }),
          overdueSince: event.data.due > m.due ? null : m.overdueSince,
        }),
      );
    case 'MilestoneRescheduleRequested': {
      const { requestId, milestoneId, start, due, justification, requestedOn } = event.data;
      return updateMilestone(state, milestoneId, (m) => ({
        ...m,
        rescheduleRequests: [
          ...m.rescheduleRequests,
          { requestId, milestoneId, start, due, justification, requestedOn, outcome: null },
        ],
      }));
    }
    case 'MilestoneRescheduleDeclined': {
      const { requestId, coreGroupMemberId, reasons, declinedOn } = event.data;
      return updateMilestone(state, event.data.milestoneId, (m) => ({
        ...m,
        rescheduleRequests: answerRequest(m.rescheduleRequests, requestId, {
          kind: 'declined',
          coreGroupMemberId,
          reasons,
          on: declinedOn,
        }),
      }));
    }
    case 'MilestoneRescheduleRequestWithdrawn': {
      const { requestId, reason, withdrawnOn } = event.data;
      return updateMilestone(state, event.data.milestoneId, (m) => ({
        ...m,
        rescheduleRequests: answerRequest(m.rescheduleRequests, requestId, {
          kind: 'withdrawn',
          reason,
          on: withdrawnOn,
        }),
      }));
    }
    case 'AdministratorDesignated':
      return { ...state, administrator: event.data };
    case 'ActaSignatureAdded': {
      const { party, ...signature } = event.data;
      return { ...state, signatures: { ...state.signatures, [party]: signature } };
    }
    case 'ActaSigned':
      return { ...state, status: 'InImplementation', acta: event.data };
    case 'ResourceIdentified':
      return { ...state, resources: [...state.resources, event.data] };
    case 'MilestoneProgressReported': {
      const milestone = state.milestones.find((m) => m.milestoneId === event.data.milestoneId);
      if (!milestone) return state;
      const next = updateMilestone(state, milestone.milestoneId, (m) => ({
        ...m,
        reports: [...m.reports, withReviewFields({ ...event.data, rounds: [], endorsement: null })],
      }));
      return {
        ...next,
        reportIndex: state.reportIndex.with(event.data.reportId, {
          milestoneId: milestone.milestoneId,
          at: milestone.reports.length,
        }),
      };
    }
    case 'ProgressReportReviewed': {
      const { reportId, verdict, reasons, reviewedOn, classification } = event.data;
      return updateMilestone(state, event.data.milestoneId, (m) => {
        const reviewed = updateReport(state, m, reportId, (r) => {
          const round = event.data.round ?? r.rounds.length + 1;
          const review = {
            reasons: reasons ?? null,
            reviewedOn,
            classification: classification ?? r.classification,
            round,
          };
          return withReviewFields(
            verdict === 'endorsed'
              ? { ...r, endorsement: { verdict, ...review } }
              : {
                  ...r,
                  rounds: [...r.rounds, { round, objection: { verdict, ...review }, answer: null }],
                },
          );
        });
        const at = reportAt(state, m, reportId);
        const percent = at === undefined ? 0 : m.reports[at].percent;
        return verdict === 'endorsed'
          ? { ...reviewed, lastEndorsedPercent: Math.max(m.lastEndorsedPercent, percent) }
          : reviewed;
      });
    }
    case 'ObjectionAnswered':
      return updateMilestone(state, event.data.milestoneId, (m) =>
        updateReport(state, m, event.data.reportId, (r) => {
          const round = event.data.round ?? r.rounds.length;
          return withReviewFields({
            ...r,
            rounds: r.rounds.map((each) =>
              each.round === round
                ? {
                    ...each,
                    answer: {
                      answer: event.data.answer,
                      answeredOn: event.data.answeredOn,
                      classification: event.data.classification ?? r.classification,
                    },
                  }
                : each,
            ),
          });
        }),
      );
    case 'MilestoneCompleted':
      return updateMilestone(state, event.data.milestoneId, (m) => ({
        ...m,
        completed: true,
        completedOn: event.data.completedOn,
        overdueSince: null,
      }));
    case 'CommitmentCompleted':
      return {
        ...state,
        status: 'Completed',
        completedOn: event.data.completedOn,
      } as CommitmentState;
    case 'ReportSubmitted':
      return { ...state, submittedReports: [...state.submittedReports, event.data] };
    case 'CommitmentClosed':
      return { ...state, status: 'Closed', closure: event.data } as CommitmentState;
    case 'IrmAssessmentRecorded':
      return { ...state, irmAssessments: [...state.irmAssessments, event.data] };
    case 'CommitmentWithdrawn':
      return { ...state, status: 'Withdrawn', withdrawal: event.data };
    case 'CommitmentMarkedTransferPending': {
      const { institutionId, redesign, previousStatus, markedOn } = event.data;
      return {
        ...state,
        status: 'TransferPending',
        transfer: {
          institutionId,
          redesign,
          previousStatus,
          pendingSince: markedOn,
          concurrences: [],
          transferred: null,
        },
      } as CommitmentState;
    }
    case 'TransferDecisionConcurred':
      if (!state.transfer) return state;
      return {
        ...state,
        transfer: { ...state.transfer, concurrences: [...state.transfer.concurrences, event.data] },
      } as CommitmentState;
    case 'CommitmentMaintained':
      if (!state.transfer) return state;
      return {
        ...state,
        status: event.data.resumedStatus,
        transfer: null,
        transfers: [
          ...state.transfers,
          {
            outcome: 'maintained',
            redesignEventId: state.transfer.redesign.eventId,
            fromInstitutionId: event.data.institutionId,
            toInstitutionId: event.data.institutionId,
            pendingSince: state.transfer.pendingSince,
            settledOn: event.data.decidedOn,
          },
        ],
      } as CommitmentState;
    case 'CommitmentTransferred':
      if (!state.transfer) return state;
      return {
        ...state,
        status: 'AwaitingHandover',
        transfer: { ...state.transfer, transferred: event.data },
      } as CommitmentState;
    case 'InformationHandoverAcknowledged': {
      const transferred = state.transfer?.transferred;
      if (!state.transfer || !transferred) return state;
      const { toInstitutionId, receivingUnit, resumedStatus, acknowledgedOn } = event.data;
      return {
        ...state,
        status: resumedStatus,
        responsible: { institutionId: toInstitutionId, unit: receivingUnit },
        administrator: transferred.administrator,
        // A draft's acta is signed by the institution that carries it out: the new one signs.
        signatures:
          resumedStatus === 'Draft' ? { ...state.signatures, institution: null } : state.signatures,
        transfer: null,
        transfers: [
          ...state.transfers,
          {
            outcome: 'transferred',
            redesignEventId: state.transfer.redesign.eventId,
            fromInstitutionId: event.data.fromInstitutionId,
            toInstitutionId,
            pendingSince: state.transfer.pendingSince,
            settledOn: acknowledgedOn,
          },
        ],
      } as CommitmentState;
    }
    case 'MilestoneOverdue': {
      const recorded = recordDeadline(state, event);
      return updateMilestone(recorded, event.data.milestoneId, (m) =>
        m.due === event.data.due && !m.completed
          ? { ...m, overdueSince: event.data.detectedOn }
          : m,
      );
    }
    case 'QuestionAsked':
    case 'QuestionAnswered':
    case 'QuestionCounterpartViewAdded':
    case 'QuestionHidden':
      return { ...state, questions: evolveQuestions(state.questions, event) };
    case 'QuestionAnswerOverdue':
      return {
        ...recordDeadline(state, event),
        questions: evolveQuestions(state.questions, event),
      };
    case 'TransferDecisionOverdue':
    case 'InformationHandoverOverdue':
    case 'MilestoneDueSoon':
    case 'CommitmentPeriodEnded':
    case 'ProgressReportDue':
    case 'ProgressReportOverdue':
      return recordDeadline(state, event);
    default:
      return state;
  }
}

/** One deadline = one key: the same milestone due on a new date is a new deadline. */
export function deadlineKey(event: DeadlineEvent): string {
  switch (event.type) {
    case 'MilestoneDueSoon':
      return `milestone-due-soon:${event.data.milestoneId}:${event.data.due}`;
    case 'MilestoneOverdue':
      return `milestone-overdue:${event.data.milestoneId}:${event.data.due}`;
    case 'CommitmentPeriodEnded':
      return `period-ended:${event.data.periodEnd}`;
    case 'ProgressReportDue':
      return `progress-report-due:${event.data.dueOn}`;
    case 'ProgressReportOverdue':
      return `progress-report-overdue:${event.data.dueOn}`;
    case 'TransferDecisionOverdue':
      return `transfer-decision-overdue:${event.data.pendingSince}`;
    case 'InformationHandoverOverdue':
      return `handover-overdue:${event.data.transferredOn}`;
    case 'QuestionAnswerOverdue':
      return `question-answer-overdue:${event.data.questionId}`;
  }
}

/** The keys under which a milestone's deadlines are recorded (see {@link deadlineKey}). */
export const milestoneDeadlinePrefixes = (milestoneId: string) => [
  `milestone-due-soon:${milestoneId}:`,
  `milestone-overdue:${milestoneId}:`,
];

function forgetMilestoneDeadlines(
  state: ExistingCommitment,
  milestoneId: string,
): ExistingCommitment {
  const prefixes = milestoneDeadlinePrefixes(milestoneId);
  return {
    ...state,
    deadlinesRecorded: state.deadlinesRecorded.filter(
      (key) => !prefixes.some((prefix) => key.startsWith(prefix)),
    ),
  };
}

function recordDeadline(state: ExistingCommitment, event: DeadlineEvent): ExistingCommitment {
  return { ...state, deadlinesRecorded: [...state.deadlinesRecorded, deadlineKey(event)] };
}

/** All milestones completed: the commitment's work is done. */
export function allMilestonesCompleted(state: CommitmentDetails): boolean {
  return state.milestones.length > 0 && state.milestones.every((m) => m.completed);
}

export function findProgressReport(
  state: CommitmentDetails,
  reportId: string,
): ProgressReport | undefined {
  const where = state.reportIndex.get(reportId);
  if (!where) return undefined;
  return state.milestones.find((m) => m.milestoneId === where.milestoneId)?.reports[where.at];
}
