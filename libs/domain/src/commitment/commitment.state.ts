import type { IsoDate } from '../kernel/dates';
import type {
  ActaSignatureAdded,
  ActaSigned,
  Administrator,
  CommitmentClosed,
  CommitmentDrafted,
  CommitmentEvent,
  CommitmentWithdrawn,
  EvidenceItem,
  IrmAssessmentRecorded,
  MilestoneRescheduled,
  ReportSubmitted,
  ResourceIdentified,
  ReviewVerdict,
} from './commitment.events';
import { commitmentProgress } from './progress';

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

/** A progress claim with the counterpart's review and the institution's answer beside it. */
export interface ProgressReport {
  reportId: string;
  milestoneId: string;
  percent: number;
  narrative: string;
  evidence: EvidenceItem[];
  reportedOn: IsoDate;
  review: { verdict: ReviewVerdict; reasons: string | null; reviewedOn: IsoDate } | null;
  answer: { answer: string; answeredOn: IsoDate } | null;
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
  reports: ProgressReport[];
  /** Highest endorsed percent, 0 until the counterpart endorses a claim. */
  lastEndorsedPercent: number;
  completed: boolean;
  completedOn: IsoDate | null;
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
  /** Weighted roll-up of endorsed milestone progress, see progress.ts. */
  progress: number;
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
/** Reached through institutional redesign (a later issue). */
export type TransferPendingCommitment = CommitmentDetails & Signed & { status: 'TransferPending' };
export type AwaitingHandoverCommitment = CommitmentDetails &
  Signed & { status: 'AwaitingHandover' };

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

function updateReport(
  milestone: MilestoneState,
  reportId: string,
  update: (report: ProgressReport) => ProgressReport,
): MilestoneState {
  return {
    ...milestone,
    reports: milestone.reports.map((r) => (r.reportId === reportId ? update(r) : r)),
  };
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
      progress: 0,
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
          reports: [],
          lastEndorsedPercent: 0,
          completed: false,
          completedOn: null,
        },
      ]);
    }
    case 'MilestoneRescheduled':
      return updateMilestone(state, event.data.milestoneId, (m) => ({
        ...m,
        start: event.data.start,
        due: event.data.due,
        slips: event.data.slips,
        reschedules: [...m.reschedules, event.data],
      }));
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
    case 'MilestoneProgressReported':
      return updateMilestone(state, event.data.milestoneId, (m) => ({
        ...m,
        reports: [...m.reports, { ...event.data, review: null, answer: null }],
      }));
    case 'ProgressReportReviewed': {
      const { reportId, verdict, reasons, reviewedOn } = event.data;
      return updateMilestone(state, event.data.milestoneId, (m) => {
        const reviewed = updateReport(m, reportId, (r) => ({
          ...r,
          review: { verdict, reasons: reasons ?? null, reviewedOn },
        }));
        const percent = m.reports.find((r) => r.reportId === reportId)?.percent ?? 0;
        return verdict === 'endorsed'
          ? { ...reviewed, lastEndorsedPercent: Math.max(m.lastEndorsedPercent, percent) }
          : reviewed;
      });
    }
    case 'ObjectionAnswered':
      return updateMilestone(state, event.data.milestoneId, (m) =>
        updateReport(m, event.data.reportId, (r) => ({
          ...r,
          answer: { answer: event.data.answer, answeredOn: event.data.answeredOn },
        })),
      );
    case 'MilestoneCompleted':
      return updateMilestone(state, event.data.milestoneId, (m) => ({
        ...m,
        completed: true,
        completedOn: event.data.completedOn,
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
    default:
      return state;
  }
}

/** All milestones completed: the commitment's work is done. */
export function allMilestonesCompleted(state: CommitmentDetails): boolean {
  return state.milestones.length > 0 && state.milestones.every((m) => m.completed);
}

export function findProgressReport(
  state: CommitmentDetails,
  reportId: string,
): ProgressReport | undefined {
  for (const milestone of state.milestones) {
    const report = milestone.reports.find((r) => r.reportId === reportId);
    if (report) return report;
  }
  return undefined;
}
