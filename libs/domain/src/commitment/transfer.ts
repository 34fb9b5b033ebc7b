/**
 * Transfers after an institutional redesign: the workflow marks the commitment pending, the Core
 * Group concurs, the Presidency keeps or transfers it, and the receiving institution acknowledges
 * the information handover.
 */
import type { Command, DomainEvent } from '../kernel/decider';
import { dateOf, type IsoDate } from '../kernel/dates';
import type { DomainError } from '../kernel/domain-error';
import { Errors } from '../kernel/error-catalogue';
import {
  firstError,
  requireArray,
  requireDate,
  requireEmail,
  requireEnum,
  requireText,
} from '../kernel/validation';
import type { PlanRef } from '../action-plan/action-plan.state';
import type { InstitutionRef } from '../institution/institution.state';
import { REDESIGN_KINDS } from '../institution/institution.events';
import type { Administrator } from './acta';
import { EVERY_STATUS, requirePlanContext, type CommandRules, type EventRules } from './capability';
import type {
  AwaitingHandoverCommitment,
  CommitmentState,
  ExistingCommitment,
  TransferPendingCommitment,
} from './commitment.state';
import { SHA256 } from './evidence';

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

/** A document of the formal information handover, identified by its content hash. */
export interface HandoverDocument {
  title: string;
  sha256: string;
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

/** A transfer after the institution's redesign: pending, concurred, decided, handed over. */
export type TransferEvent =
  | CommitmentMarkedTransferPending
  | TransferDecisionConcurred
  | CommitmentMaintained
  | CommitmentTransferred
  | InformationHandoverAcknowledged;

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

/** The transfer commands. */
export type TransferCommand =
  | MarkTransferPending
  | ConcurTransferDecision
  | MaintainCommitment
  | TransferCommitment
  | AcknowledgeInformationHandover;

type Decision = TransferEvent[] | DomainError;

/**
 * The workflow's reaction to a redesign. Anything that makes the mark pointless (another
 * institution holds the commitment now, it is already pending or being handed over, it is over)
 * decides nothing rather than failing: the workflow may run the same mark again after a crash.
 */
export function markTransferPending(
  command: MarkTransferPending,
  state: ExistingCommitment,
): Decision {
  const { data, metadata } = command;
  const redesign = data.redesign;
  const invalid =
    requireText('institutionId', data.institutionId) ??
    requireText('redesign.eventId', redesign?.eventId) ??
    requireEnum('redesign.kind', redesign?.kind, REDESIGN_KINDS) ??
    requireText('redesign.legalInstrument', redesign?.legalInstrument) ??
    requireDate('redesign.effectiveOn', redesign?.effectiveOn) ??
    requireArray('redesign.successorIds', redesign?.successorIds);
  if (invalid) return invalid;
  if (state.responsible.institutionId !== data.institutionId) return [];
  if (!(TRANSFERABLE_STATUSES as readonly string[]).includes(state.status)) return [];
  return [
    {
      type: 'CommitmentMarkedTransferPending',
      data: {
        institutionId: data.institutionId,
        redesign: {
          eventId: redesign.eventId,
          kind: redesign.kind,
          legalInstrument: redesign.legalInstrument,
          effectiveOn: redesign.effectiveOn,
          successorIds: [...redesign.successorIds],
        },
        previousStatus: state.status as TransferableStatus,
        markedOn: dateOf(metadata.now),
      },
    },
  ];
}

export function concurTransferDecision(
  command: ConcurTransferDecision,
  state: TransferPendingCommitment,
): Decision {
  const { data, metadata } = command;
  const invalid =
    requireEnum('decision', data.decision, TRANSFER_DECISIONS) ??
    (data.decision === 'transfer'
      ? requireText('toInstitutionId', data.toInstitutionId)
      : data.toInstitutionId !== undefined && data.toInstitutionId !== null
        ? Errors.invalidField('toInstitutionId', data.toInstitutionId, 'only a transfer names one')
        : undefined) ??
    requireText('reference', data.reference) ??
    requirePlanContext(data.context, state.planId);
  if (invalid) return invalid;
  if (!data.context.plan.coreGroupMemberIds.includes(metadata.actor.id))
    return Errors.transferConcurrenceNotCoreGroup(metadata.actor.id, state.planId);
  return [
    {
      type: 'TransferDecisionConcurred',
      data: {
        coreGroupMemberId: metadata.actor.id,
        reference: data.reference,
        concurredOn: dateOf(metadata.now),
        decision: data.decision,
        toInstitutionId: data.decision === 'transfer' ? (data.toInstitutionId as string) : null,
      },
    },
  ];
}

/** The latest concurrence with exactly this decision, if the Core Group gave one. */
function concurrenceFor(
  state: TransferPendingCommitment,
  decision: 'maintain' | 'transfer',
  toInstitutionId: string | null,
) {
  const found = [...state.transfer.concurrences]
    .reverse()
    .find((c) => c.decision === decision && c.toInstitutionId === toInstitutionId);
  return found
    ? {
        coreGroupMemberId: found.coreGroupMemberId,
        reference: found.reference,
        concurredOn: found.concurredOn,
      }
    : undefined;
}

export function maintainCommitment(
  command: MaintainCommitment,
  state: TransferPendingCommitment,
): Decision {
  const { data, metadata } = command;
  const institutionId = state.responsible.institutionId;
  const invalid =
    requireText('reason', data.reason) ??
    (data.context?.institution ? undefined : Errors.requiredFieldMissing('context.institution')) ??
    (data.context.institution.institutionId !== institutionId
      ? Errors.contextMismatch(
          'context.institution',
          institutionId,
          data.context.institution.institutionId,
        )
      : undefined);
  if (invalid) return invalid;
  const institution = data.context.institution;
  if (!institution.exists || institution.status !== 'active')
    return Errors.maintainInstitutionEnded(institutionId, institution.status);
  const concurrence = concurrenceFor(state, 'maintain', null);
  if (!concurrence) return Errors.transferConcurrenceMissing('maintain', null);
  return [
    {
      type: 'CommitmentMaintained',
      data: {
        institutionId,
        reason: data.reason,
        concurrence,
        resumedStatus: state.transfer.previousStatus,
        decidedOn: dateOf(metadata.now),
      },
    },
  ];
}

export function transferCommitment(
  command: TransferCommitment,
  state: TransferPendingCommitment,
): Decision {
  const { data, metadata } = command;
  const admin = data.administrator;
  const invalid =
    requireText('toInstitutionId', data.toInstitutionId) ??
    requireText('receivingUnit', data.receivingUnit) ??
    requireText('administrator.name', admin?.name) ??
    requireText('administrator.position', admin?.position) ??
    requireText('administrator.unit', admin?.unit) ??
    requireEmail('administrator.email', admin?.email) ??
    requireText('reason', data.reason) ??
    (data.context?.receivingInstitution
      ? undefined
      : Errors.requiredFieldMissing('context.receivingInstitution')) ??
    (data.context.receivingInstitution.institutionId !== data.toInstitutionId
      ? Errors.contextMismatch(
          'context.receivingInstitution',
          data.toInstitutionId,
          data.context.receivingInstitution.institutionId,
        )
      : undefined);
  if (invalid) return invalid;
  const receiving = data.context.receivingInstitution;
  if (data.toInstitutionId === state.responsible.institutionId)
    return Errors.transferToSameInstitution(data.toInstitutionId);
  if (!receiving.exists) return Errors.institutionNotFound(data.toInstitutionId);
  if (receiving.status !== 'active')
    return Errors.institutionNotActive(data.toInstitutionId, receiving.status);
  const concurrence = concurrenceFor(state, 'transfer', data.toInstitutionId);
  if (!concurrence) return Errors.transferConcurrenceMissing('transfer', data.toInstitutionId);
  return [
    {
      type: 'CommitmentTransferred',
      data: {
        fromInstitutionId: state.responsible.institutionId,
        toInstitutionId: data.toInstitutionId,
        receivingUnit: data.receivingUnit,
        administrator: {
          name: admin.name,
          position: admin.position,
          unit: admin.unit,
          email: admin.email,
        },
        reason: data.reason,
        concurrence,
        decidedOn: dateOf(metadata.now),
      },
    },
  ];
}

export function acknowledgeInformationHandover(
  command: AcknowledgeInformationHandover,
  state: AwaitingHandoverCommitment,
): Decision {
  const { data, metadata } = command;
  const transferred = state.transfer.transferred;
  if (metadata.actor.organizationId !== transferred.toInstitutionId)
    return Errors.forbiddenNotReceivingInstitution(
      command.type,
      metadata.actor.organizationId,
      transferred.toInstitutionId,
    );
  const invalid =
    requireArray('documents', data.documents) ??
    (data.documents.length === 0 ? Errors.handoverDocumentsRequired() : undefined) ??
    firstError(
      data.documents,
      (document, i) =>
        requireText(`documents[${i}].title`, document?.title) ??
        (typeof document.sha256 === 'string' && SHA256.test(document.sha256)
          ? undefined
          : Errors.evidenceHashInvalid(`documents[${i}].sha256`, document.sha256)),
    );
  if (invalid) return invalid;
  return [
    {
      type: 'InformationHandoverAcknowledged',
      data: {
        fromInstitutionId: transferred.fromInstitutionId,
        toInstitutionId: transferred.toInstitutionId,
        receivingUnit: transferred.receivingUnit,
        documents: data.documents.map(({ title, sha256 }) => ({
          title,
          sha256: sha256.toLowerCase(),
        })),
        resumedStatus: state.transfer.previousStatus,
        acknowledgedOn: dateOf(metadata.now),
      },
    },
  ];
}

/** Narrows for the decider's dispatch: the policy table already checked the status. */
export function isPending(state: CommitmentState): state is TransferPendingCommitment {
  return state.status === 'TransferPending';
}

export function isAwaitingHandover(state: CommitmentState): state is AwaitingHandoverCommitment {
  return state.status === 'AwaitingHandover';
}

/** Who may run each command of this part, in which statuses, and what it decides. */
export const TRANSFER_COMMANDS: CommandRules<TransferCommand, TransferEvent> = {
  MarkTransferPending: { roles: ['system'], statuses: EVERY_STATUS, decide: markTransferPending },
  ConcurTransferDecision: {
    roles: ['core-group'],
    statuses: ['TransferPending'],
    decide: (command, state) => (isPending(state) ? concurTransferDecision(command, state) : []),
  },
  MaintainCommitment: {
    roles: ['presidency'],
    statuses: ['TransferPending'],
    decide: (command, state) => (isPending(state) ? maintainCommitment(command, state) : []),
  },
  TransferCommitment: {
    roles: ['presidency'],
    statuses: ['TransferPending'],
    decide: (command, state) => (isPending(state) ? transferCommitment(command, state) : []),
  },
  AcknowledgeInformationHandover: {
    roles: ['institution'],
    statuses: ['AwaitingHandover'],
    // The receiving institution acknowledges a handover before it is responsible.
    anyInstitution: true,
    decide: (command, state) =>
      isAwaitingHandover(state) ? acknowledgeInformationHandover(command, state) : [],
  },
};

/** Each event of this part: its schema version and its audit line (Spanish and English). */
export const TRANSFER_EVENTS: EventRules<TransferEvent> = {
  CommitmentMarkedTransferPending: {
    version: 1,
    summary: (d) => ({
      es: `El compromiso quedó pendiente de transferencia por el rediseño de ${d.institutionId} (${d.redesign.legalInstrument}).`,
      en: `The commitment is pending transfer after the redesign of ${d.institutionId} (${d.redesign.legalInstrument}).`,
    }),
  },
  TransferDecisionConcurred: {
    version: 1,
    summary: (d) => ({
      es:
        d.decision === 'transfer'
          ? `El Grupo Núcleo (${d.coreGroupMemberId}) dio su conformidad para transferir el compromiso a ${d.toInstitutionId}.`
          : `El Grupo Núcleo (${d.coreGroupMemberId}) dio su conformidad para mantener el compromiso en su institución.`,
      en:
        d.decision === 'transfer'
          ? `The Core Group (${d.coreGroupMemberId}) concurred with transferring the commitment to ${d.toInstitutionId}.`
          : `The Core Group (${d.coreGroupMemberId}) concurred with keeping the commitment with its institution.`,
    }),
  },
  CommitmentMaintained: {
    version: 1,
    summary: (d) => ({
      es: `La Presidencia mantuvo el compromiso en ${d.institutionId} (${d.decidedOn}).`,
      en: `The Presidency kept the commitment with ${d.institutionId} (${d.decidedOn}).`,
    }),
  },
  CommitmentTransferred: {
    version: 1,
    summary: (d) => ({
      es: `La Presidencia transfirió el compromiso de ${d.fromInstitutionId} a ${d.toInstitutionId} (${d.decidedOn}); espera la transferencia de información.`,
      en: `The Presidency transferred the commitment from ${d.fromInstitutionId} to ${d.toInstitutionId} (${d.decidedOn}); awaiting the information handover.`,
    }),
  },
  InformationHandoverAcknowledged: {
    version: 1,
    summary: (d) => ({
      es: `${d.toInstitutionId} acusó recibo de la transferencia de información (${d.documents.length} documentos) y asumió el compromiso.`,
      en: `${d.toInstitutionId} acknowledged the information handover (${d.documents.length} documents) and took over the commitment.`,
    }),
  },
};
