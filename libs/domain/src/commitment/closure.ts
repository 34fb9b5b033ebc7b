/** The end of a commitment: OGP's self-assessment co-signed by the counterpart, or a withdrawal. */
import type { Command, DomainEvent } from '../kernel/decider';
import { dateOf, type IsoDate } from '../kernel/dates';
import type { DomainError } from '../kernel/domain-error';
import { Errors } from '../kernel/error-catalogue';
import { notInFuture, requireDate, requireEnum, requireText } from '../kernel/validation';
import type { CommandRules, EventRules } from './capability';
import type { ExistingCommitment } from './commitment.state';
import {
  checkEvidence,
  checkOptionalClassification,
  toEvidence,
  type Classification,
  type EvidenceInput,
  type EvidenceItem,
} from './evidence';

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
    /**
     * The classification of the closure's text (its results narrative), v2; evidence items keep
     * their own. v1 events are upcast to `public`, which is how they were shown.
     */
    classification: Classification;
  }
>;

/** v1 → v2: the results narrative was public; it stays so. */
export function upcastCommitmentClosedV1toV2(
  v1: Omit<CommitmentClosed['data'], 'classification'>,
): CommitmentClosed['data'] {
  return { ...v1, classification: 'public' };
}

/** The Presidency withdrew the commitment from the plan. */
export type CommitmentWithdrawn = DomainEvent<
  'CommitmentWithdrawn',
  { reason: string; withdrawnOn: IsoDate }
>;

/** How a commitment ends: closed with its self-assessment, or withdrawn. */
export type ClosureEvent = CommitmentClosed | CommitmentWithdrawn;

/**
 * Responsible institution; from Completed, or InImplementation once the period has ended.
 * `classification` marks the results narrative; absent, it is public.
 */
export type CloseCommitment = Command<
  'CloseCommitment',
  Omit<CommitmentClosed['data'], 'closedOn' | 'evidence' | 'classification'> & {
    evidence: EvidenceInput[];
    classification?: Classification;
  }
>;

/** Presidency; any status before Closed. */
export type WithdrawCommitment = Command<'WithdrawCommitment', { reason: string }>;

/** The closing commands. */
export type ClosureCommand = CloseCommitment | WithdrawCommitment;

type Decision = ClosureEvent[] | DomainError;

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
    notInFuture('counterpartCoSignature.signedOn', coSignature.signedOn, metadata.now) ??
    checkOptionalClassification('classification', data.classification);
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
        classification: data.classification ?? 'public',
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

/** Who may run each command of this part, in which statuses, and what it decides. */
export const CLOSURE_COMMANDS: CommandRules<ClosureCommand, ClosureEvent> = {
  CloseCommitment: {
    roles: ['institution'],
    statuses: ['InImplementation', 'Completed'],
    decide: closeCommitment,
  },
  WithdrawCommitment: {
    roles: ['presidency'],
    statuses: ['Draft', 'InImplementation', 'Completed', 'TransferPending', 'AwaitingHandover'],
    decide: withdrawCommitment,
  },
};

/** Each event of this part: its schema version and its audit line (Spanish and English). */
export const CLOSURE_EVENTS: EventRules<ClosureEvent> = {
  CommitmentClosed: {
    // 2: the results narrative's classification.
    version: 2,
    summary: (d) => ({
      es: `Se cerró el compromiso con cumplimiento autoevaluado «${d.completion}» (${d.closedOn}).`,
      en: `Commitment closed with self-assessed completion "${d.completion}" (${d.closedOn}).`,
    }),
  },
  CommitmentWithdrawn: {
    version: 1,
    summary: (d) => ({
      es: `La Presidencia retiró el compromiso (${d.withdrawnOn}).`,
      en: `The Presidency withdrew the commitment (${d.withdrawnOn}).`,
    }),
  },
};
