import type { DomainEvent } from '../kernel/decider';
import type { IsoDate, Period } from '../kernel/dates';
import type { OrganizationSector } from '../organization/organization.events';

export const PILLARS = [
  'transparency',
  'participation',
  'collaboration',
  'accountability',
] as const;
export type Pillar = (typeof PILLARS)[number];

export const SUPPORTING_SECTORS = [
  'government',
  'civil-society',
  'academia',
  'private-sector',
  'international-cooperation',
] as const;
export type SupportingSector = (typeof SUPPORTING_SECTORS)[number];

export const CLASSIFICATIONS = ['public', 'reserved', 'confidential'] as const;
/** Each party's reserve classification: only `public` may reach public projections. */
export type Classification = (typeof CLASSIFICATIONS)[number];

export const ACTA_PARTIES = ['institution', 'counterpart'] as const;
export type ActaParty = (typeof ACTA_PARTIES)[number];

export const RESOURCE_KINDS = [
  'technical',
  'human',
  'logistic',
  'financial',
  'cooperation',
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export const REVIEW_VERDICTS = ['endorsed', 'objected'] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];

export const REPORT_AUDIENCES = ['presidency', 'irm', 'core-group', 'citizens'] as const;
export type ReportAudience = (typeof REPORT_AUDIENCES)[number];

/** OGP end-of-commitment self-assessment. */
export const SELF_ASSESSED_COMPLETION = [
  'no-evidence',
  'not-started',
  'limited',
  'substantial',
  'complete',
] as const;
export type SelfAssessedCompletion = (typeof SELF_ASSESSED_COMPLETION)[number];

/** OGP's "Did it open government?" scale. */
export const OPENED_GOVERNMENT = [
  'worsened',
  'did-not-change',
  'marginal',
  'major',
  'outstanding',
] as const;
export type OpenedGovernment = (typeof OPENED_GOVERNMENT)[number];

export const IRM_STAGES = ['design', 'results'] as const;
export const IRM_POTENTIAL = ['unclear', 'modest', 'substantial'] as const;
export const IRM_COMPLETION = ['not-started', 'limited', 'substantial', 'complete'] as const;
export const IRM_EARLY_RESULTS = [
  'no-notable-results',
  'marginal',
  'moderate',
  'significant',
  'outstanding',
] as const;

/**
 * A means of verification. `sha256` (64 hex) fingerprints the document at `url` so a later
 * change is detectable; it is null only on items upcast from v1 events, which stored bare URLs.
 */
export interface EvidenceItem {
  title: string;
  url: string;
  sha256?: string | null;
  classification: Classification;
}

/** The date and signatory of one party's signature on the acta. */
export interface Signatory {
  name: string;
  position: string;
}

/** The official who administers the acta (acta §4.1 e). */
export interface Administrator {
  name: string;
  position: string;
  unit: string;
  email: string;
}

/**
 * The institution or the Presidency drafted a commitment following OGP's template (Anexo 2 of
 * the acta). Drafting is not validation: the acta signatures move it to implementation.
 */
export type CommitmentDrafted = DomainEvent<
  'CommitmentDrafted',
  {
    commitmentId: string;
    planId: string;
    /** Position of the commitment in its plan, 1..n. */
    number: number;
    title: string;
    /** What problem does the commitment aim to address? */
    problem: string;
    /** What is the status quo (baseline)? */
    statusQuo: string;
    objective: string;
    /** How will the commitment contribute to solving the problem? */
    howItSolves: string;
    /** Why each pillar it touches is relevant; at least one. */
    relevance: Partial<Record<Pillar, string>>;
    period: Period;
    /** The institution and the unit within it that implements, e.g. its Dirección de Mejora Continua. */
    responsible: { institutionId: string; unit: string };
    counterpart: { organizationId: string; sector: OrganizationSector };
    supportingActors: { name: string; sector: SupportingSector }[];
    contact: { name: string; position: string; email: string; phone?: string };
  }
>;

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

/** A milestone's current dates changed with the Core Group's concurrence; the baseline stays. */
export type MilestoneRescheduled = DomainEvent<
  'MilestoneRescheduled',
  {
    milestoneId: string;
    previousStart: IsoDate;
    previousDue: IsoDate;
    start: IsoDate;
    due: IsoDate;
    justification: string;
    concurrence: {
      coreGroupMemberId: string;
      /** Where the concurrence is recorded, e.g. the number of the Core Group's minutes. */
      reference: string;
      concurredOn: IsoDate;
    };
    /** How many times the due date has moved later, this time included. */
    slips: number;
  }
>;

/** The responsible institution named (or replaced) the acta's administrator. */
export type AdministratorDesignated = DomainEvent<'AdministratorDesignated', Administrator>;

/** One party signed the acta: the institution's highest authority or the counterpart's representative. */
export type ActaSignatureAdded = DomainEvent<
  'ActaSignatureAdded',
  {
    party: ActaParty;
    /** E.g. `MDT-CDC-2026-001`. */
    actaNumber: string;
    signedOn: IsoDate;
    /** E.g. `Distrito Metropolitano de Quito`. */
    place: string;
    signatory: Signatory;
  }
>;

/** Both parties have signed: the acta is valid and implementation starts. */
export type ActaSigned = DomainEvent<
  'ActaSigned',
  {
    actaNumber: string;
    /** The date of the later signature, when the acta became valid. */
    signedOn: IsoDate;
    place: string;
    signatories: { institution: Signatory; counterpart: Signatory };
    administrator: Administrator;
  }
>;

/** A resource for the commitment was identified (acta §4.1 b). */
export type ResourceIdentified = DomainEvent<
  'ResourceIdentified',
  {
    resourceId: string;
    kind: ResourceKind;
    description: string;
    estimatedAmount?: { amount: number; currency: string };
    /** Financial resources only subject to budget availability (art. 115 COPLAFIP). */
    budgetCertification?: string;
    /** Who provides a cooperation resource. */
    cooperant?: string;
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

/** The institution claimed progress on a milestone; the counterpart reviews the claim. */
export type MilestoneProgressReported = DomainEvent<
  'MilestoneProgressReported',
  MilestoneProgressReportedV2Data
>;

/** The counterpart endorsed or objected to a progress claim. An objection stays beside the claim. */
export type ProgressReportReviewed = DomainEvent<
  'ProgressReportReviewed',
  {
    reportId: string;
    milestoneId: string;
    verdict: ReviewVerdict;
    /** Present when objected. */
    reasons?: string;
    reviewedOn: IsoDate;
  }
>;

/** The institution answered the counterpart's objection. */
export type ObjectionAnswered = DomainEvent<
  'ObjectionAnswered',
  { reportId: string; milestoneId: string; answer: string; answeredOn: IsoDate }
>;

/** The institution declared a milestone done, backed by an endorsed 100% report. */
export type MilestoneCompleted = DomainEvent<
  'MilestoneCompleted',
  { milestoneId: string; completedOn: IsoDate }
>;

/** The last milestone was completed. */
export type CommitmentCompleted = DomainEvent<'CommitmentCompleted', { completedOn: IsoDate }>;

/** A party informed the Presidency, the IRM, the Core Group or the citizens (acta §4.3). */
export type ReportSubmitted = DomainEvent<
  'ReportSubmitted',
  {
    reportId: string;
    audience: ReportAudience;
    submittedBy: ActaParty;
    title: string;
    summary: string;
    link?: string;
    classification: Classification;
    submittedOn: IsoDate;
  }
>;

/** OGP's end-of-commitment self-assessment, co-signed by the counterpart. */
export type CommitmentClosed = DomainEvent<
  'CommitmentClosed',
  {
    resultsNarrative: string;
    completion: SelfAssessedCompletion;
    openedGovernment: OpenedGovernment;
    evidence: EvidenceItem[];
    counterpartCoSignature: { name: string; position: string; signedOn: IsoDate };
    closedOn: IsoDate;
  }
>;

/** The IRM's independent assessment, kept apart from the parties' self-assessment. */
export type IrmAssessmentRecorded = DomainEvent<
  'IrmAssessmentRecorded',
  {
    assessmentId: string;
    stage: (typeof IRM_STAGES)[number];
    verifiable: boolean;
    relevantToOgpValues: boolean;
    potentialForResults: (typeof IRM_POTENTIAL)[number];
    /** Results stage only. */
    completion?: (typeof IRM_COMPLETION)[number];
    /** Results stage only. */
    earlyResults?: (typeof IRM_EARLY_RESULTS)[number];
    narrative: string;
    assessedOn: IsoDate;
  }
>;

/** The Presidency withdrew the commitment from the plan. */
export type CommitmentWithdrawn = DomainEvent<
  'CommitmentWithdrawn',
  { reason: string; withdrawnOn: IsoDate }
>;

/** Statuses a commitment may be in when its institution is redesigned, and returns to after. */
export const TRANSFERABLE_STATUSES = ['Draft', 'InImplementation', 'Completed'] as const;
export type TransferableStatus = (typeof TRANSFERABLE_STATUSES)[number];

export const TRANSFER_DECISIONS = ['maintain', 'transfer'] as const;
export type TransferDecision = (typeof TRANSFER_DECISIONS)[number];

/** The Core Group's concurrence with a transfer decision, as the decision cites it. */
export interface TransferConcurrence {
  coreGroupMemberId: string;
  /** Where it is recorded, e.g. the number of the Core Group's minutes. */
  reference: string;
  concurredOn: IsoDate;
}

/**
 * The responsible institution was redesigned: the commitment waits for the Presidency's decision.
 * Recorded by the redesign workflow, caused by the `InstitutionRedesigned` event it names.
 */
export type CommitmentMarkedTransferPending = DomainEvent<
  'CommitmentMarkedTransferPending',
  {
    institutionId: string;
    redesign: {
      /** Id of the `InstitutionRedesigned` event. */
      eventId: string;
      kind: 'merged' | 'split' | 'renamed' | 'abolished';
      legalInstrument: string;
      effectiveOn: IsoDate;
      successorIds: string[];
    };
    previousStatus: TransferableStatus;
    markedOn: IsoDate;
  }
>;

/** A Core Group member concurred with keeping or transferring a pending commitment. */
export type TransferDecisionConcurred = DomainEvent<
  'TransferDecisionConcurred',
  TransferConcurrence & {
    decision: TransferDecision;
    /** The receiving institution, for `transfer`; null for `maintain`. */
    toInstitutionId: string | null;
  }
>;

/** The Presidency kept the commitment with its institution (e.g. renamed); work resumes. */
export type CommitmentMaintained = DomainEvent<
  'CommitmentMaintained',
  {
    institutionId: string;
    reason: string;
    concurrence: TransferConcurrence;
    resumedStatus: TransferableStatus;
    decidedOn: IsoDate;
  }
>;

/**
 * The Presidency transferred the commitment to a competent institution; it becomes responsible
 * when it acknowledges the information handover.
 */
export type CommitmentTransferred = DomainEvent<
  'CommitmentTransferred',
  {
    fromInstitutionId: string;
    toInstitutionId: string;
    receivingUnit: string;
    administrator: Administrator;
    reason: string;
    concurrence: TransferConcurrence;
    decidedOn: IsoDate;
  }
>;

/** A document of the formal information handover, identified by its content hash. */
export interface HandoverDocument {
  title: string;
  sha256: string;
}

/**
 * The receiving institution acknowledged the formal information handover: it is now responsible
 * and the commitment resumes where it was, history unbroken.
 */
export type InformationHandoverAcknowledged = DomainEvent<
  'InformationHandoverAcknowledged',
  {
    fromInstitutionId: string;
    toInstitutionId: string;
    receivingUnit: string;
    documents: HandoverDocument[];
    resumedStatus: TransferableStatus;
    acknowledgedOn: IsoDate;
  }
>;

/** No keep-or-transfer decision was taken within the allowed days of the commitment going pending. */
export type TransferDecisionOverdue = DomainEvent<
  'TransferDecisionOverdue',
  { pendingSince: IsoDate; limitDays: number; dueOn: IsoDate; detectedOn: IsoDate }
>;

/** The receiving institution did not acknowledge the handover within the allowed days. */
export type InformationHandoverOverdue = DomainEvent<
  'InformationHandoverOverdue',
  {
    toInstitutionId: string;
    transferredOn: IsoDate;
    limitDays: number;
    dueOn: IsoDate;
    detectedOn: IsoDate;
  }
>;

/** A milestone's due date is near and it is not completed: a reminder to both parties. */
export type MilestoneDueSoon = DomainEvent<
  'MilestoneDueSoon',
  { milestoneId: string; due: IsoDate; daysBefore: number; notifiedOn: IsoDate }
>;

/** A milestone's due date passed without completion: detected by the engine, not a person. */
export type MilestoneOverdue = DomainEvent<
  'MilestoneOverdue',
  { milestoneId: string; due: IsoDate; detectedOn: IsoDate }
>;

/** The commitment's period ended while it was still open. */
export type CommitmentPeriodEnded = DomainEvent<
  'CommitmentPeriodEnded',
  { periodEnd: IsoDate; detectedOn: IsoDate }
>;

/**
 * A progress report is owed by `dueOn` (on the reporting calendar, every `cadenceMonths` from the
 * acta's signature): a reminder to the institution and the counterpart.
 */
export type ProgressReportDue = DomainEvent<
  'ProgressReportDue',
  {
    periodStart: IsoDate;
    dueOn: IsoDate;
    cadenceMonths: number;
    daysBefore: number;
    notifiedOn: IsoDate;
  }
>;

/**
 * No report was submitted by the institution in the reporting period ending `dueOn`. Kept apart
 * from a late deliverable (`MilestoneOverdue`).
 */
export type ProgressReportOverdue = DomainEvent<
  'ProgressReportOverdue',
  { periodStart: IsoDate; dueOn: IsoDate; cadenceMonths: number; detectedOn: IsoDate }
>;

export type CommitmentEvent =
  | CommitmentDrafted
  | MilestonePlanned
  | MilestoneRescheduled
  | AdministratorDesignated
  | ActaSignatureAdded
  | ActaSigned
  | ResourceIdentified
  | MilestoneProgressReported
  | ProgressReportReviewed
  | ObjectionAnswered
  | MilestoneCompleted
  | CommitmentCompleted
  | ReportSubmitted
  | CommitmentClosed
  | IrmAssessmentRecorded
  | CommitmentWithdrawn
  | CommitmentMarkedTransferPending
  | TransferDecisionConcurred
  | CommitmentMaintained
  | CommitmentTransferred
  | InformationHandoverAcknowledged
  | TransferDecisionOverdue
  | InformationHandoverOverdue
  | MilestoneDueSoon
  | MilestoneOverdue
  | CommitmentPeriodEnded
  | ProgressReportDue
  | ProgressReportOverdue;
export type CommitmentEventType = CommitmentEvent['type'];

export const COMMITMENT_EVENT_SCHEMA_VERSIONS: Record<CommitmentEventType, number> = {
  CommitmentDrafted: 1,
  MilestonePlanned: 1,
  MilestoneRescheduled: 1,
  AdministratorDesignated: 1,
  ActaSignatureAdded: 1,
  ActaSigned: 1,
  ResourceIdentified: 1,
  MilestoneProgressReported: 2,
  ProgressReportReviewed: 1,
  ObjectionAnswered: 1,
  MilestoneCompleted: 1,
  CommitmentCompleted: 1,
  ReportSubmitted: 1,
  CommitmentClosed: 1,
  IrmAssessmentRecorded: 1,
  CommitmentWithdrawn: 1,
  CommitmentMarkedTransferPending: 1,
  TransferDecisionConcurred: 1,
  CommitmentMaintained: 1,
  CommitmentTransferred: 1,
  InformationHandoverAcknowledged: 1,
  TransferDecisionOverdue: 1,
  InformationHandoverOverdue: 1,
  MilestoneDueSoon: 1,
  MilestoneOverdue: 1,
  CommitmentPeriodEnded: 1,
  ProgressReportDue: 1,
  ProgressReportOverdue: 1,
};

export const commitmentStreamName = (commitmentId: string) => `commitment-${commitmentId}`;

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
