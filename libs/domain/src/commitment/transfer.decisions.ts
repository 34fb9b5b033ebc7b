import { dateOf } from '../kernel/dates';
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
import type {
  AcknowledgeInformationHandover,
  ConcurTransferDecision,
  MaintainCommitment,
  MarkTransferPending,
  TransferCommitment,
} from './commitment.commands';
import { REDESIGN_KINDS } from '../institution/institution.events';
import {
  TRANSFER_DECISIONS,
  TRANSFERABLE_STATUSES,
  type CommitmentEvent,
  type TransferableStatus,
} from './commitment.events';
import type {
  AwaitingHandoverCommitment,
  CommitmentState,
  ExistingCommitment,
  TransferPendingCommitment,
} from './commitment.state';

type Decision = CommitmentEvent[] | DomainError;

const SHA256 = /^[0-9a-f]{64}$/i;

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
    (data.context?.plan ? undefined : Errors.requiredFieldMissing('context.plan')) ??
    (data.context.plan.planId !== state.planId
      ? Errors.contextMismatch('context.plan', state.planId, data.context.plan.planId)
      : undefined);
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
