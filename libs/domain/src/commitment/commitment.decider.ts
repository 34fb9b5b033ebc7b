import type { Actor, Role } from '../kernel/actor';
import type { Decider } from '../kernel/decider';
import { dateOf, isPeriodWithin, isWithin, laterOf } from '../kernel/dates';
import type { DomainError } from '../kernel/domain-error';
import { Errors } from '../kernel/error-catalogue';
import {
  firstError,
  optionalText,
  requireArray,
  requireDate,
  requireEmail,
  requireEnum,
  requireIntegerInRange,
  requirePeriod,
  requireRole,
  requireText,
  requireTimestamp,
  type Check,
} from '../kernel/validation';
import { ORGANIZATION_SECTORS } from '../organization/organization.events';
import type {
  AnswerObjection,
  CloseCommitment,
  CommitmentCommand,
  CommitmentCommandType,
  CompleteMilestone,
  DesignateAdministrator,
  DraftCommitment,
  EvidenceInput,
  IdentifyResource,
  PlanMilestone,
  RecordIrmAssessment,
  ReportMilestoneProgress,
  RescheduleMilestone,
  ReviewProgressReport,
  SignActa,
  SubmitReport,
  WithdrawCommitment,
} from './commitment.commands';
import {
  CLASSIFICATIONS,
  IRM_COMPLETION,
  IRM_EARLY_RESULTS,
  IRM_POTENTIAL,
  IRM_STAGES,
  OPENED_GOVERNMENT,
  PILLARS,
  REPORT_AUDIENCES,
  RESOURCE_KINDS,
  REVIEW_VERDICTS,
  SELF_ASSESSED_COMPLETION,
  SUPPORTING_SECTORS,
  type ActaParty,
  type CommitmentEvent,
  type EvidenceItem,
  type Pillar,
} from './commitment.events';
import {
  evolveCommitment,
  findProgressReport,
  initialCommitmentState,
  type CommitmentState,
  type CommitmentStatus,
  type ExistingCommitment,
  COMMITMENT_STATUSES,
} from './commitment.state';
import { recordDeadlineReached } from './deadline.decisions';
import {
  acknowledgeInformationHandover,
  concurTransferDecision,
  isAwaitingHandover,
  isPending,
  maintainCommitment,
  markTransferPending,
  transferCommitment,
} from './transfer.decisions';

type Decision = CommitmentEvent[] | DomainError;

const SYSTEM_STATUSES: readonly CommitmentStatus[] = COMMITMENT_STATUSES.filter(
  (status) => status !== 'Empty',
);

/** Who may run each command on an existing commitment, and in which statuses. */
const POLICIES: Record<
  Exclude<CommitmentCommandType, 'DraftCommitment'>,
  { roles: readonly Role[]; statuses: readonly CommitmentStatus[] }
> = {
  PlanMilestone: { roles: ['institution'], statuses: ['Draft', 'InImplementation'] },
  RescheduleMilestone: { roles: ['institution'], statuses: ['Draft', 'InImplementation'] },
  DesignateAdministrator: { roles: ['institution'], statuses: ['Draft', 'InImplementation'] },
  SignActa: { roles: ['institution', 'counterpart'], statuses: ['Draft'] },
  IdentifyResource: { roles: ['institution'], statuses: ['Draft', 'InImplementation'] },
  ReportMilestoneProgress: { roles: ['institution'], statuses: ['InImplementation'] },
  ReviewProgressReport: { roles: ['counterpart'], statuses: ['InImplementation'] },
  AnswerObjection: { roles: ['institution'], statuses: ['InImplementation', 'Completed'] },
  CompleteMilestone: { roles: ['institution'], statuses: ['InImplementation'] },
  SubmitReport: {
    roles: ['institution', 'counterpart'],
    statuses: ['InImplementation', 'Completed', 'TransferPending', 'AwaitingHandover'],
  },
  CloseCommitment: { roles: ['institution'], statuses: ['InImplementation', 'Completed'] },
  RecordIrmAssessment: {
    roles: ['auditor'],
    statuses: ['InImplementation', 'Completed', 'Closed', 'TransferPending', 'AwaitingHandover'],
  },
  WithdrawCommitment: {
    roles: ['presidency'],
    statuses: ['Draft', 'InImplementation', 'Completed', 'TransferPending', 'AwaitingHandover'],
  },
  MarkTransferPending: { roles: ['system'], statuses: SYSTEM_STATUSES },
  ConcurTransferDecision: { roles: ['core-group'], statuses: ['TransferPending'] },
  MaintainCommitment: { roles: ['presidency'], statuses: ['TransferPending'] },
  TransferCommitment: { roles: ['presidency'], statuses: ['TransferPending'] },
  AcknowledgeInformationHandover: { roles: ['institution'], statuses: ['AwaitingHandover'] },
  RecordDeadlineReached: { roles: ['system'], statuses: SYSTEM_STATUSES },
};

/** Commands hitos issues itself, which tell by deciding nothing that they no longer apply. */
const SYSTEM_COMMANDS: readonly CommitmentCommandType[] = [
  'MarkTransferPending',
  'RecordDeadlineReached',
];

/** An institution or counterpart actor speaks only for the body it belongs to. */
function requireScope(
  command: string,
  actor: Actor,
  institutionId: string,
  organizationId: string | null,
): Check {
  if (actor.role === 'institution' && actor.organizationId !== institutionId)
    return Errors.forbiddenNotResponsibleInstitution(command, actor.organizationId, institutionId);
  if (
    actor.role === 'counterpart' &&
    organizationId !== null &&
    actor.organizationId !== organizationId
  )
    return Errors.forbiddenNotCounterpart(command, actor.organizationId, organizationId);
  return undefined;
}

const SHA256 = /^[0-9a-f]{64}$/i;

function checkEvidence(field: string, evidence: unknown): Check {
  return (
    requireArray(field, evidence) ??
    firstError(evidence as EvidenceInput[], (item, i) => {
      const at = `${field}[${i}]`;
      return (
        requireText(`${at}.title`, item?.title) ??
        requireText(`${at}.url`, item?.url) ??
        (typeof item.sha256 === 'string' && SHA256.test(item.sha256)
          ? undefined
          : Errors.evidenceHashInvalid(`${at}.sha256`, item.sha256)) ??
        requireEnum(`${at}.classification`, item.classification, CLASSIFICATIONS)
      );
    })
  );
}

function toEvidence(evidence: EvidenceInput[]): EvidenceItem[] {
  return evidence.map(({ title, url, sha256, classification }) => ({
    title,
    url,
    sha256: sha256.toLowerCase(),
    classification,
  }));
}

function notInFuture(field: string, date: string, now: string): Check {
  return date > dateOf(now) ? Errors.dateInFuture(field, date, dateOf(now)) : undefined;
}

function draftCommitment(command: DraftCommitment, state: CommitmentState): Decision {
  const { data, metadata } = command;
  const access =
    requireRole(command.type, metadata.actor, ['presidency', 'institution']) ??
    requireScope(command.type, metadata.actor, data.responsible?.institutionId, null);
  if (access) return access;
  if (state.status !== 'Empty') return Errors.commitmentAlreadyDrafted(state.commitmentId);

  const relevance: Partial<Record<Pillar, string>> = {};
  for (const pillar of PILLARS) {
    const explanation = data.relevance?.[pillar];
    if (typeof explanation === 'string' && explanation.trim() !== '')
      relevance[pillar] = explanation;
  }
  const invalid =
    requireText('commitmentId', data.commitmentId) ??
    requireText('planId', data.planId) ??
    requireIntegerInRange('number', data.number, 1, Number.MAX_SAFE_INTEGER) ??
    requireText('title', data.title) ??
    requireText('problem', data.problem) ??
    requireText('statusQuo', data.statusQuo) ??
    requireText('objective', data.objective) ??
    requireText('howItSolves', data.howItSolves) ??
    (Object.keys(relevance).length === 0 ? Errors.relevancePillarRequired() : undefined) ??
    requirePeriod('period', data.period) ??
    requireText('responsible.institutionId', data.responsible?.institutionId) ??
    requireText('responsible.unit', data.responsible?.unit) ??
    requireText('counterpart.organizationId', data.counterpart?.organizationId) ??
    requireEnum('counterpart.sector', data.counterpart?.sector, ORGANIZATION_SECTORS) ??
    requireArray('supportingActors', data.supportingActors) ??
    firstError(
      data.supportingActors,
      (actor, i) =>
        requireText(`supportingActors[${i}].name`, actor?.name) ??
        requireEnum(`supportingActors[${i}].sector`, actor?.sector, SUPPORTING_SECTORS),
    ) ??
    requireText('contact.name', data.contact?.name) ??
    requireText('contact.position', data.contact?.position) ??
    requireEmail('contact.email', data.contact?.email) ??
    optionalText('contact.phone', data.contact?.phone);
  if (invalid) return invalid;

  const missingContext =
    (data.context?.plan ? undefined : Errors.requiredFieldMissing('context.plan')) ??
    (data.context?.institution ? undefined : Errors.requiredFieldMissing('context.institution')) ??
    (data.context?.counterpart ? undefined : Errors.requiredFieldMissing('context.counterpart'));
  if (missingContext) return missingContext;
  const { plan, institution, counterpart } = data.context;
  const refusal =
    (plan.planId !== data.planId
      ? Errors.contextMismatch('context.plan', data.planId, plan.planId)
      : undefined) ??
    (institution.institutionId !== data.responsible.institutionId
      ? Errors.contextMismatch(
          'context.institution',
          data.responsible.institutionId,
          institution.institutionId,
        )
      : undefined) ??
    (counterpart.organizationId !== data.counterpart.organizationId
      ? Errors.contextMismatch(
          'context.counterpart',
          data.counterpart.organizationId,
          counterpart.organizationId,
        )
      : undefined) ??
    (plan.exists ? undefined : Errors.planNotFound(plan.planId)) ??
    (institution.exists ? undefined : Errors.institutionNotFound(institution.institutionId)) ??
    (institution.status === 'active'
      ? undefined
      : Errors.institutionNotActive(institution.institutionId, institution.status)) ??
    (counterpart.exists ? undefined : Errors.organizationNotFound(counterpart.organizationId)) ??
    (counterpart.sector === data.counterpart.sector
      ? undefined
      : Errors.counterpartSectorMismatch(
          counterpart.organizationId,
          data.counterpart.sector,
          counterpart.sector,
        )) ??
    (isPeriodWithin(data.period, plan.period)
      ? undefined
      : Errors.commitmentPeriodOutsidePlan(data.period, plan.period));
  if (refusal) return refusal;

  const { contact } = data;
  return [
    {
      type: 'CommitmentDrafted',
      data: {
        commitmentId: data.commitmentId,
        planId: data.planId,
        number: data.number,
        title: data.title,
        problem: data.problem,
        statusQuo: data.statusQuo,
        objective: data.objective,
        howItSolves: data.howItSolves,
        relevance,
        period: { start: data.period.start, end: data.period.end },
        responsible: {
          institutionId: data.responsible.institutionId,
          unit: data.responsible.unit,
        },
        counterpart: {
          organizationId: data.counterpart.organizationId,
          sector: data.counterpart.sector,
        },
        supportingActors: data.supportingActors.map(({ name, sector }) => ({ name, sector })),
        contact: {
          name: contact.name,
          position: contact.position,
          email: contact.email,
          ...(contact.phone !== undefined && contact.phone !== null
            ? { phone: contact.phone }
            : {}),
        },
      },
    },
  ];
}

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

function rescheduleMilestone(command: RescheduleMilestone, state: ExistingCommitment): Decision {
  const { data, metadata } = command;
  const concurrence = data.concurrence;
  const invalid =
    requireText('milestoneId', data.milestoneId) ??
    requireDate('start', data.start) ??
    requireDate('due', data.due) ??
    (data.start > data.due
      ? Errors.periodEndBeforeStart('milestone', data.start, data.due)
      : undefined) ??
    requireText('justification', data.justification) ??
    requireText('concurrence.coreGroupMemberId', concurrence?.coreGroupMemberId) ??
    requireText('concurrence.reference', concurrence?.reference) ??
    requireDate('concurrence.concurredOn', concurrence?.concurredOn) ??
    notInFuture('concurrence.concurredOn', concurrence.concurredOn, metadata.now) ??
    (data.context?.plan ? undefined : Errors.requiredFieldMissing('context.plan')) ??
    (data.context.plan.planId !== state.planId
      ? Errors.contextMismatch('context.plan', state.planId, data.context.plan.planId)
      : undefined);
  if (invalid) return invalid;
  const milestone = state.milestones.find((m) => m.milestoneId === data.milestoneId);
  if (!milestone) return Errors.milestoneNotFound(data.milestoneId);
  if (milestone.completed) return Errors.milestoneAlreadyCompleted(milestone.milestoneId);
  if (!data.context.plan.coreGroupMemberIds.includes(concurrence.coreGroupMemberId))
    return Errors.rescheduleConcurrenceNotCoreGroup(concurrence.coreGroupMemberId, state.planId);
  if (!isWithin(data.start, state.period) || !isWithin(data.due, state.period))
    return Errors.milestoneOutsideCommitmentPeriod(
      milestone.milestoneId,
      { start: data.start, due: data.due },
      state.period,
    );
  if (data.start === milestone.start && data.due === milestone.due)
    return Errors.rescheduleNoChange(milestone.milestoneId);
  return [
    {
      type: 'MilestoneRescheduled',
      data: {
        milestoneId: milestone.milestoneId,
        previousStart: milestone.start,
        previousDue: milestone.due,
        start: data.start,
        due: data.due,
        justification: data.justification,
        concurrence: {
          coreGroupMemberId: concurrence.coreGroupMemberId,
          reference: concurrence.reference,
          concurredOn: concurrence.concurredOn,
        },
        slips: milestone.slips + (data.due > milestone.due ? 1 : 0),
      },
    },
  ];
}

function designateAdministrator(command: DesignateAdministrator): Decision {
  const { data } = command;
  const invalid =
    requireText('name', data.name) ??
    requireText('position', data.position) ??
    requireText('unit', data.unit) ??
    requireEmail('email', data.email);
  if (invalid) return invalid;
  const { name, position, unit, email } = data;
  return [{ type: 'AdministratorDesignated', data: { name, position, unit, email } }];
}

function signActa(command: SignActa, state: ExistingCommitment): Decision {
  const { data, metadata } = command;
  const party: ActaParty = metadata.actor.role === 'institution' ? 'institution' : 'counterpart';
  const invalid =
    requireText('actaNumber', data.actaNumber) ??
    requireDate('signedOn', data.signedOn) ??
    notInFuture('signedOn', data.signedOn, metadata.now) ??
    requireText('place', data.place) ??
    requireText('signatory.name', data.signatory?.name) ??
    requireText('signatory.position', data.signatory?.position);
  if (invalid) return invalid;
  if (!state.administrator) return Errors.administratorNotDesignated();
  if (state.milestones.length === 0) return Errors.noMilestonesPlanned();
  if (state.signatures[party]) return Errors.actaAlreadySignedByParty(party);
  const other = state.signatures[party === 'institution' ? 'counterpart' : 'institution'];
  if (other && other.actaNumber !== data.actaNumber)
    return Errors.actaNumberMismatch(other.actaNumber, data.actaNumber);
  if (other && other.place !== data.place) return Errors.actaPlaceMismatch(other.place, data.place);

  const signatory = { name: data.signatory.name, position: data.signatory.position };
  const added: CommitmentEvent = {
    type: 'ActaSignatureAdded',
    data: {
      party,
      actaNumber: data.actaNumber,
      signedOn: data.signedOn,
      place: data.place,
      signatory,
    },
  };
  if (!other) return [added];
  return [
    added,
    {
      type: 'ActaSigned',
      data: {
        actaNumber: data.actaNumber,
        signedOn: laterOf(other.signedOn, data.signedOn),
        place: data.place,
        signatories:
          party === 'institution'
            ? { institution: signatory, counterpart: other.signatory }
            : { institution: other.signatory, counterpart: signatory },
        administrator: state.administrator,
      },
    },
  ];
}

const CURRENCY = /^[A-Z]{3}$/;

function identifyResource(command: IdentifyResource, state: ExistingCommitment): Decision {
  const { data } = command;
  const amount = data.estimatedAmount;
  const invalid =
    requireText('resourceId', data.resourceId) ??
    requireEnum('kind', data.kind, RESOURCE_KINDS) ??
    requireText('description', data.description) ??
    (amount !== undefined && amount !== null
      ? typeof amount.amount !== 'number' || !Number.isFinite(amount.amount) || amount.amount < 0
        ? Errors.invalidField(
            'estimatedAmount.amount',
            amount.amount,
            'expected a non-negative number',
          )
        : CURRENCY.test(amount.currency ?? '')
          ? undefined
          : Errors.invalidField(
              'estimatedAmount.currency',
              amount.currency,
              'expected an ISO 4217 code',
            )
      : undefined) ??
    (data.kind === 'financial' && requireText('budgetCertification', data.budgetCertification)
      ? Errors.resourceBudgetCertificationRequired(data.resourceId)
      : undefined) ??
    (data.kind === 'cooperation' && requireText('cooperant', data.cooperant)
      ? Errors.resourceCooperantRequired(data.resourceId)
      : undefined);
  if (invalid) return invalid;
  if (state.resources.some((r) => r.resourceId === data.resourceId))
    return Errors.resourceIdDuplicate(data.resourceId);
  return [
    {
      type: 'ResourceIdentified',
      data: {
        resourceId: data.resourceId,
        kind: data.kind,
        description: data.description,
        ...(amount
          ? { estimatedAmount: { amount: amount.amount, currency: amount.currency } }
          : {}),
        ...(data.budgetCertification ? { budgetCertification: data.budgetCertification } : {}),
        ...(data.cooperant ? { cooperant: data.cooperant } : {}),
      },
    },
  ];
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
    checkEvidence('evidence', data.evidence);
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
    optionalText('reasons', data.reasons);
  if (invalid) return invalid;
  const report = findProgressReport(state, data.reportId);
  if (!report) return Errors.progressReportNotFound(data.reportId);
  if (report.review)
    return Errors.progressReportAlreadyReviewed(report.reportId, report.review.verdict);
  return [
    {
      type: 'ProgressReportReviewed',
      data: {
        reportId: report.reportId,
        milestoneId: report.milestoneId,
        verdict: data.verdict,
        ...(data.reasons ? { reasons: data.reasons } : {}),
        reviewedOn: dateOf(metadata.now),
      },
    },
  ];
}

function answerObjection(command: AnswerObjection, state: ExistingCommitment): Decision {
  const { data, metadata } = command;
  const invalid = requireText('reportId', data.reportId) ?? requireText('answer', data.answer);
  if (invalid) return invalid;
  const report = findProgressReport(state, data.reportId);
  if (!report) return Errors.progressReportNotFound(data.reportId);
  if (report.review?.verdict !== 'objected') return Errors.reportNotObjected(report.reportId);
  if (report.answer) return Errors.objectionAlreadyAnswered(report.reportId);
  return [
    {
      type: 'ObjectionAnswered',
      data: {
        reportId: report.reportId,
        milestoneId: report.milestoneId,
        answer: data.answer,
        answeredOn: dateOf(metadata.now),
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
  if (!milestone.reports.some((r) => r.percent === 100 && r.review?.verdict === 'endorsed'))
    return Errors.milestoneNotEndorsedComplete(milestone.milestoneId);
  const completedOn = dateOf(metadata.now);
  const events: CommitmentEvent[] = [
    { type: 'MilestoneCompleted', data: { milestoneId: milestone.milestoneId, completedOn } },
  ];
  const othersDone = state.milestones.every(
    (m) => m.completed || m.milestoneId === milestone.milestoneId,
  );
  if (othersDone) events.push({ type: 'CommitmentCompleted', data: { completedOn } });
  return events;
}

function submitReport(command: SubmitReport, state: ExistingCommitment): Decision {
  const { data, metadata } = command;
  const invalid =
    requireText('reportId', data.reportId) ??
    requireEnum('audience', data.audience, REPORT_AUDIENCES) ??
    requireText('title', data.title) ??
    requireText('summary', data.summary) ??
    optionalText('link', data.link) ??
    requireEnum('classification', data.classification, CLASSIFICATIONS);
  if (invalid) return invalid;
  if (state.submittedReports.some((r) => r.reportId === data.reportId))
    return Errors.submittedReportIdDuplicate(data.reportId);
  return [
    {
      type: 'ReportSubmitted',
      data: {
        reportId: data.reportId,
        audience: data.audience,
        submittedBy: metadata.actor.role === 'institution' ? 'institution' : 'counterpart',
        title: data.title,
        summary: data.summary,
        ...(data.link ? { link: data.link } : {}),
        classification: data.classification,
        submittedOn: dateOf(metadata.now),
      },
    },
  ];
}

function closeCommitment(command: CloseCommitment, state: ExistingCommitment): Decision {
  const { data, metadata } = command;
  const coSignature = data.counterpartCoSignature;
  const invalid =
    requireText('resultsNarrative', data.resultsNarrative) ??
    requireEnum('completion', data.completion, SELF_ASSESSED_COMPLETION) ??
    requireEnum('openedGovernment', data.openedGovernment, OPENED_GOVERNMENT) ??
    checkEvidence('evidence', data.evidence) ??
    requireText('counterpartCoSignature.name', coSignature?.name) ??
    requireText('counterpartCoSignature.position', coSignature?.position) ??
    requireDate('counterpartCoSignature.signedOn', coSignature?.signedOn) ??
    notInFuture('counterpartCoSignature.signedOn', coSignature.signedOn, metadata.now);
  if (invalid) return invalid;
  const today = dateOf(metadata.now);
  if (state.status === 'InImplementation' && today < state.period.end)
    return Errors.closeBeforePeriodEnd(today, state.period.end);
  const open = state.milestones.filter((m) => !m.completed).map((m) => m.milestoneId);
  if (data.completion === 'complete' && open.length > 0)
    return Errors.closeCompleteWithOpenMilestones(open);
  return [
    {
      type: 'CommitmentClosed',
      data: {
        resultsNarrative: data.resultsNarrative,
        completion: data.completion,
        openedGovernment: data.openedGovernment,
        evidence: toEvidence(data.evidence),
        counterpartCoSignature: {
          name: coSignature.name,
          position: coSignature.position,
          signedOn: coSignature.signedOn,
        },
        closedOn: today,
      },
    },
  ];
}

function requireBoolean(field: string, value: unknown): Check {
  return typeof value === 'boolean'
    ? undefined
    : Errors.invalidField(field, value, 'expected true or false');
}

function recordIrmAssessment(command: RecordIrmAssessment, state: ExistingCommitment): Decision {
  const { data, metadata } = command;
  const missing =
    data.stage === 'results'
      ? (['completion', 'earlyResults'] as const).filter(
          (f) => data[f] === undefined || data[f] === null,
        )
      : [];
  const invalid =
    requireText('assessmentId', data.assessmentId) ??
    requireEnum('stage', data.stage, IRM_STAGES) ??
    requireBoolean('verifiable', data.verifiable) ??
    requireBoolean('relevantToOgpValues', data.relevantToOgpValues) ??
    requireEnum('potentialForResults', data.potentialForResults, IRM_POTENTIAL) ??
    (missing.length > 0 ? Errors.irmResultsFieldsRequired(missing) : undefined) ??
    // The design stage judges the commitment as written; results are not known yet.
    (data.stage === 'design' && data.completion !== undefined
      ? Errors.invalidField(
          'completion',
          data.completion,
          'only the results stage assesses completion',
        )
      : undefined) ??
    (data.stage === 'design' && data.earlyResults !== undefined
      ? Errors.invalidField(
          'earlyResults',
          data.earlyResults,
          'only the results stage assesses early results',
        )
      : undefined) ??
    (data.completion !== undefined
      ? requireEnum('completion', data.completion, IRM_COMPLETION)
      : undefined) ??
    (data.earlyResults !== undefined
      ? requireEnum('earlyResults', data.earlyResults, IRM_EARLY_RESULTS)
      : undefined) ??
    requireText('narrative', data.narrative);
  if (invalid) return invalid;
  if (state.irmAssessments.some((a) => a.assessmentId === data.assessmentId))
    return Errors.irmAssessmentIdDuplicate(data.assessmentId);
  return [
    {
      type: 'IrmAssessmentRecorded',
      data: {
        assessmentId: data.assessmentId,
        stage: data.stage,
        verifiable: data.verifiable,
        relevantToOgpValues: data.relevantToOgpValues,
        potentialForResults: data.potentialForResults,
        ...(data.completion !== undefined ? { completion: data.completion } : {}),
        ...(data.earlyResults !== undefined ? { earlyResults: data.earlyResults } : {}),
        narrative: data.narrative,
        assessedOn: dateOf(metadata.now),
      },
    },
  ];
}

function withdrawCommitment(command: WithdrawCommitment): Decision {
  const invalid = requireText('reason', command.data.reason);
  if (invalid) return invalid;
  return [
    {
      type: 'CommitmentWithdrawn',
      data: { reason: command.data.reason, withdrawnOn: dateOf(command.metadata.now) },
    },
  ];
}

function decide(command: CommitmentCommand, state: CommitmentState): Decision {
  const clock = requireTimestamp('metadata.now', command.metadata?.now);
  if (clock) return clock;
  if (command.type === 'DraftCommitment') return draftCommitment(command, state);

  if (state.status === 'Empty') return Errors.commitmentNotFound(null);
  const settled = state.status === 'Withdrawn' || state.status === 'Closed';
  if (settled && SYSTEM_COMMANDS.includes(command.type))
    return requireRole(command.type, command.metadata.actor, ['system']) ?? [];
  if (state.status === 'Withdrawn')
    return Errors.commitmentWithdrawn(state.commitmentId, command.type);
  if (state.status === 'Closed' && command.type !== 'RecordIrmAssessment')
    return Errors.commitmentClosed(state.commitmentId, command.type);

  const policy = POLICIES[command.type];
  const refusal =
    requireRole(command.type, command.metadata.actor, policy.roles) ??
    // The receiving institution acknowledges a handover before it is responsible.
    (command.type === 'AcknowledgeInformationHandover'
      ? undefined
      : requireScope(
          command.type,
          command.metadata.actor,
          state.responsible.institutionId,
          state.counterpart.organizationId,
        )) ??
    (policy.statuses.includes(state.status)
      ? undefined
      : Errors.commandNotAllowedInStatus(command.type, state.status, policy.statuses));
  if (refusal) return refusal;

  switch (command.type) {
    case 'PlanMilestone':
      return planMilestone(command, state);
    case 'RescheduleMilestone':
      return rescheduleMilestone(command, state);
    case 'DesignateAdministrator':
      return designateAdministrator(command);
    case 'SignActa':
      return signActa(command, state);
    case 'IdentifyResource':
      return identifyResource(command, state);
    case 'ReportMilestoneProgress':
      return reportMilestoneProgress(command, state);
    case 'ReviewProgressReport':
      return reviewProgressReport(command, state);
    case 'AnswerObjection':
      return answerObjection(command, state);
    case 'CompleteMilestone':
      return completeMilestone(command, state);
    case 'SubmitReport':
      return submitReport(command, state);
    case 'CloseCommitment':
      return closeCommitment(command, state);
    case 'RecordIrmAssessment':
      return recordIrmAssessment(command, state);
    case 'WithdrawCommitment':
      return withdrawCommitment(command);
    case 'MarkTransferPending':
      return markTransferPending(command, state);
    case 'ConcurTransferDecision':
      return isPending(state) ? concurTransferDecision(command, state) : [];
    case 'MaintainCommitment':
      return isPending(state) ? maintainCommitment(command, state) : [];
    case 'TransferCommitment':
      return isPending(state) ? transferCommitment(command, state) : [];
    case 'AcknowledgeInformationHandover':
      return isAwaitingHandover(state) ? acknowledgeInformationHandover(command, state) : [];
    case 'RecordDeadlineReached':
      return recordDeadlineReached(command, state);
  }
}

export const commitmentDecider: Decider<CommitmentCommand, CommitmentEvent, CommitmentState> = {
  initialState: initialCommitmentState,
  evolve: evolveCommitment,
  decide,
};
