import type { PlanRef } from '../action-plan/action-plan.state';
import type { Command } from '../kernel/decider';
import type { InstitutionRef } from '../institution/institution.state';
import type { OrganizationRef } from '../organization/organization.state';
import type {
  Administrator,
  Classification,
  CommitmentClosed,
  CommitmentDrafted,
  IrmAssessmentRecorded,
  MilestonePlanned,
  MilestoneRescheduled,
  ReportSubmitted,
  ResourceIdentified,
  ReviewVerdict,
  Signatory,
  CommitmentMarkedTransferPending,
  HandoverDocument,
  TransferDecision,
} from './commitment.events';
import type { IsoDate } from '../kernel/dates';

/**
 * Facts from other streams that drafting depends on, read by the application layer from the
 * plan, institution and organization streams (see `toPlanRef`, `toInstitutionRef`,
 * `toOrganizationRef`).
 */
export interface DraftCommitmentContext {
  plan: PlanRef;
  institution: InstitutionRef;
  counterpart: OrganizationRef;
}

/** Presidency, or the institution named as responsible. */
export type DraftCommitment = Command<
  'DraftCommitment',
  CommitmentDrafted['data'] & { context: DraftCommitmentContext }
>;

/** Responsible institution; Draft or InImplementation. */
export type PlanMilestone = Command<'PlanMilestone', MilestonePlanned['data']>;

/**
 * Responsible institution; Draft or InImplementation. `context.plan` is the commitment's plan,
 * whose Core Group membership validates the concurrence.
 */
export type RescheduleMilestone = Command<
  'RescheduleMilestone',
  Pick<
    MilestoneRescheduled['data'],
    'milestoneId' | 'start' | 'due' | 'justification' | 'concurrence'
  > & {
    context: { plan: PlanRef };
  }
>;

/** Responsible institution; Draft or InImplementation; a later designation replaces the earlier. */
export type DesignateAdministrator = Command<'DesignateAdministrator', Administrator>;

/**
 * Only in Draft. The party follows from the actor: role `institution` signs for the responsible
 * institution (its highest authority), role `counterpart` for the counterpart (its representative).
 */
export type SignActa = Command<
  'SignActa',
  { actaNumber: string; signedOn: string; place: string; signatory: Signatory }
>;

/** Responsible institution; Draft or InImplementation. */
export type IdentifyResource = Command<'IdentifyResource', ResourceIdentified['data']>;

/** Evidence as submitted today: the hash is mandatory (only upcast v1 items lack it). */
export interface EvidenceInput {
  title: string;
  url: string;
  sha256: string;
  classification: Classification;
}

/** Responsible institution; InImplementation only. `reportedOn` is the date of `metadata.now`. */
export type ReportMilestoneProgress = Command<
  'ReportMilestoneProgress',
  {
    reportId: string;
    milestoneId: string;
    percent: number;
    narrative: string;
    evidence: EvidenceInput[];
  }
>;

/** The commitment's counterpart; InImplementation. `reasons` is required when objecting. */
export type ReviewProgressReport = Command<
  'ReviewProgressReport',
  { reportId: string; verdict: ReviewVerdict; reasons?: string }
>;

/** Responsible institution; InImplementation or Completed. */
export type AnswerObjection = Command<'AnswerObjection', { reportId: string; answer: string }>;

/** Responsible institution; InImplementation. */
export type CompleteMilestone = Command<'CompleteMilestone', { milestoneId: string }>;

/**
 * Responsible institution or counterpart; InImplementation, Completed, TransferPending or
 * AwaitingHandover. `submittedBy` follows from the actor's role.
 */
export type SubmitReport = Command<
  'SubmitReport',
  Omit<ReportSubmitted['data'], 'submittedBy' | 'submittedOn'>
>;

/** Responsible institution; from Completed, or InImplementation once the period has ended. */
export type CloseCommitment = Command<
  'CloseCommitment',
  Omit<CommitmentClosed['data'], 'closedOn' | 'evidence'> & { evidence: EvidenceInput[] }
>;

/** Auditor (IRM); any status after the acta is signed, Closed included. */
export type RecordIrmAssessment = Command<
  'RecordIrmAssessment',
  Omit<IrmAssessmentRecorded['data'], 'assessedOn'>
>;

/** Presidency; any status before Closed. */
export type WithdrawCommitment = Command<'WithdrawCommitment', { reason: string }>;

/**
 * System only (the redesign workflow): the responsible institution was redesigned. Changes
 * nothing when the commitment no longer belongs to that institution, is already pending for
 * that redesign, or is closed or withdrawn, so the workflow may repeat it safely.
 */
export type MarkTransferPending = Command<
  'MarkTransferPending',
  Omit<CommitmentMarkedTransferPending['data'], 'previousStatus' | 'markedOn'>
>;

/**
 * A Core Group member of the commitment's plan (`context.plan`); TransferPending. `toInstitutionId`
 * is required for `transfer` and absent for `maintain`.
 */
export type ConcurTransferDecision = Command<
  'ConcurTransferDecision',
  {
    decision: TransferDecision;
    toInstitutionId?: string | null;
    reference: string;
    context: { plan: PlanRef };
  }
>;

/**
 * Presidency; TransferPending. Only where the institution still exists (`context.institution`
 * is the commitment's responsible institution), and with the Core Group's concurrence to keep it.
 */
export type MaintainCommitment = Command<
  'MaintainCommitment',
  { reason: string; context: { institution: InstitutionRef } }
>;

/**
 * Presidency; TransferPending. The receiving institution (`context.receivingInstitution`) must
 * exist and be active, and the Core Group must have concurred with this very transfer.
 */
export type TransferCommitment = Command<
  'TransferCommitment',
  {
    toInstitutionId: string;
    receivingUnit: string;
    administrator: Administrator;
    reason: string;
    context: { receivingInstitution: InstitutionRef };
  }
>;

/** The receiving institution; AwaitingHandover. */
export type AcknowledgeInformationHandover = Command<
  'AcknowledgeInformationHandover',
  { documents: HandoverDocument[] }
>;

/** A deadline the engine's timers watch, as the timer that fired states it. */
export type ReachedDeadline =
  | { kind: 'milestone-due-soon'; milestoneId: string; due: IsoDate; daysBefore: number }
  | { kind: 'milestone-overdue'; milestoneId: string; due: IsoDate }
  | { kind: 'period-ended'; periodEnd: IsoDate }
  | {
      kind: 'progress-report-due';
      periodStart: IsoDate;
      dueOn: IsoDate;
      cadenceMonths: number;
      daysBefore: number;
    }
  | { kind: 'progress-report-overdue'; periodStart: IsoDate; dueOn: IsoDate; cadenceMonths: number }
  | { kind: 'transfer-decision-overdue'; pendingSince: IsoDate; limitDays: number }
  | { kind: 'handover-overdue'; transferredOn: IsoDate; limitDays: number };
export type DeadlineKind = ReachedDeadline['kind'];

/**
 * System only (the timers). Records the deadline once, when it has been reached and still
 * applies; a timer that fires again, or late after a completion or reschedule, changes nothing.
 */
export type RecordDeadlineReached = Command<'RecordDeadlineReached', ReachedDeadline>;

export type CommitmentCommand =
  | DraftCommitment
  | PlanMilestone
  | RescheduleMilestone
  | DesignateAdministrator
  | SignActa
  | IdentifyResource
  | ReportMilestoneProgress
  | ReviewProgressReport
  | AnswerObjection
  | CompleteMilestone
  | SubmitReport
  | CloseCommitment
  | RecordIrmAssessment
  | WithdrawCommitment
  | MarkTransferPending
  | ConcurTransferDecision
  | MaintainCommitment
  | TransferCommitment
  | AcknowledgeInformationHandover
  | RecordDeadlineReached;
export type CommitmentCommandType = CommitmentCommand['type'];
