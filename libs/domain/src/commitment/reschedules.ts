/**
 * Reschedules: the institution requests new dates for a milestone with its justification; a
 * member of the plan's Core Group concurs with their own grant (or declines, with reasons); only
 * then do the dates move. The baseline never moves, so slippage stays measurable.
 *
 * Before this conversation existed, the institution moved the dates itself and typed in the
 * member who had concurred (`MilestoneRescheduled` v1). Those events keep their meaning: they
 * upcast to a concurrence marked `asserted-by-institution`.
 */
import type { PlanRef } from '../action-plan/action-plan.state';
import type { Command, DomainEvent } from '../kernel/decider';
import { dateOf, isWithin, type IsoDate } from '../kernel/dates';
import { DomainError } from '../kernel/domain-error';
import { Errors } from '../kernel/error-catalogue';
import { optionalText, requireDate, requireText } from '../kernel/validation';
import { requirePlanContext, type CommandRules, type EventRules } from './capability';
import type { ExistingCommitment, MilestoneState } from './commitment.state';

/**
 * How hitos knows of a reschedule's concurrence: `member` — the Core Group member gave it in
 * hitos, under their own grant; `asserted-by-institution` — the institution named the member
 * (before members concurred themselves), and hitos never heard it from them.
 */
export const CONCURRENCE_SOURCES = ['member', 'asserted-by-institution'] as const;
export type ConcurrenceSource = (typeof CONCURRENCE_SOURCES)[number];

/** The institution asked to move a milestone's dates; nothing moves until the Core Group concurs. */
export type MilestoneRescheduleRequested = DomainEvent<
  'MilestoneRescheduleRequested',
  {
    requestId: string;
    milestoneId: string;
    /** The dates in force when asked, so the request reads on its own. */
    currentStart: IsoDate;
    currentDue: IsoDate;
    start: IsoDate;
    due: IsoDate;
    justification: string;
    requestedOn: IsoDate;
  }
>;

/** A Core Group member of the plan declined a reschedule request; the dates stay. */
export type MilestoneRescheduleDeclined = DomainEvent<
  'MilestoneRescheduleDeclined',
  {
    requestId: string;
    milestoneId: string;
    coreGroupMemberId: string;
    reasons: string;
    declinedOn: IsoDate;
  }
>;

/** The institution withdrew its open reschedule request before the Core Group answered it. */
export type MilestoneRescheduleRequestWithdrawn = DomainEvent<
  'MilestoneRescheduleRequestWithdrawn',
  { requestId: string; milestoneId: string; reason: string; withdrawnOn: IsoDate }
>;

/** Payload of `MilestoneRescheduled` at schema version 1: the institution asserted the concurrence. */
export interface MilestoneRescheduledV1Data {
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

/**
 * Payload at schema version 2: the request it answers and who gave the concurrence. The
 * reference to minutes is optional when the member concurs in hitos themselves.
 */
export interface MilestoneRescheduledV2Data extends Omit<
  MilestoneRescheduledV1Data,
  'concurrence'
> {
  /** The request the concurrence answered; null for v1 events, which had none. */
  requestId: string | null;
  concurrence: {
    coreGroupMemberId: string;
    reference: string | null;
    concurredOn: IsoDate;
    source: ConcurrenceSource;
  };
}

/** A milestone's current dates changed with the Core Group's concurrence; the baseline stays. */
export type MilestoneRescheduled = DomainEvent<'MilestoneRescheduled', MilestoneRescheduledV2Data>;

/** A v1 reschedule's concurrence was typed in by the institution: say so, keep every field. */
export function upcastMilestoneRescheduledV1toV2(
  v1: MilestoneRescheduledV1Data,
): MilestoneRescheduledV2Data {
  return {
    ...v1,
    requestId: null,
    concurrence: { ...v1.concurrence, source: 'asserted-by-institution' },
  };
}

export type RescheduleEvent =
  | MilestoneRescheduleRequested
  | MilestoneRescheduleDeclined
  | MilestoneRescheduleRequestWithdrawn
  | MilestoneRescheduled;

/** A request as the commitment keeps it, with how it ended. */
export interface RescheduleRequestState {
  requestId: string;
  milestoneId: string;
  start: IsoDate;
  due: IsoDate;
  justification: string;
  requestedOn: IsoDate;
  outcome:
    | null
    | { kind: 'concurred'; coreGroupMemberId: string; on: IsoDate }
    | { kind: 'declined'; coreGroupMemberId: string; reasons: string; on: IsoDate }
    | { kind: 'withdrawn'; reason: string; on: IsoDate };
}

/** Responsible institution; Draft or InImplementation. `requestId` is the client's or the server's. */
export type RequestMilestoneReschedule = Command<
  'RequestMilestoneReschedule',
  { requestId: string; milestoneId: string; start: IsoDate; due: IsoDate; justification: string }
>;

/**
 * A Core Group member of the commitment's plan (`context.plan`), as themselves: the actor's id
 * is the member id. `reference` optionally cites the minutes where the Core Group agreed.
 */
export type ConcurMilestoneReschedule = Command<
  'ConcurMilestoneReschedule',
  { requestId: string; reference?: string | null; context: { plan: PlanRef } }
>;

/** A Core Group member of the commitment's plan (`context.plan`); `reasons` are required. */
export type DeclineMilestoneReschedule = Command<
  'DeclineMilestoneReschedule',
  { requestId: string; reasons: string; context: { plan: PlanRef } }
>;

/** Responsible institution: withdraws its open request, with a reason. */
export type WithdrawMilestoneRescheduleRequest = Command<
  'WithdrawMilestoneRescheduleRequest',
  { requestId: string; reason: string }
>;

export type RescheduleCommand =
  | RequestMilestoneReschedule
  | ConcurMilestoneReschedule
  | DeclineMilestoneReschedule
  | WithdrawMilestoneRescheduleRequest;

type Decision = RescheduleEvent[] | DomainError;

/** The milestone's request still waiting for the Core Group, if any. */
export function openRescheduleRequest(
  milestone: Pick<MilestoneState, 'rescheduleRequests'>,
): RescheduleRequestState | undefined {
  const last = milestone.rescheduleRequests[milestone.rescheduleRequests.length - 1];
  return last && !last.outcome ? last : undefined;
}

function findRequest(
  state: ExistingCommitment,
  requestId: string,
): { milestone: MilestoneState; request: RescheduleRequestState } | undefined {
  for (const milestone of state.milestones) {
    const request = milestone.rescheduleRequests.find((r) => r.requestId === requestId);
    if (request) return { milestone, request };
  }
  return undefined;
}

/** The new dates are valid for this milestone now (checked on request and again on concurrence). */
function checkNewDates(
  state: ExistingCommitment,
  milestone: MilestoneState,
  dates: { start: IsoDate; due: IsoDate },
): DomainError | undefined {
  if (milestone.completed) return Errors.milestoneAlreadyCompleted(milestone.milestoneId);
  if (!isWithin(dates.start, state.period) || !isWithin(dates.due, state.period))
    return Errors.milestoneOutsideCommitmentPeriod(milestone.milestoneId, dates, state.period);
  if (dates.start === milestone.start && dates.due === milestone.due)
    return Errors.rescheduleNoChange(milestone.milestoneId);
  return undefined;
}

function requestMilestoneReschedule(
  command: RequestMilestoneReschedule,
  state: ExistingCommitment,
): Decision {
  const { data, metadata } = command;
  const invalid =
    requireText('requestId', data.requestId) ??
    requireText('milestoneId', data.milestoneId) ??
    requireDate('start', data.start) ??
    requireDate('due', data.due) ??
    (data.start > data.due
      ? Errors.periodEndBeforeStart('milestone', data.start, data.due)
      : undefined) ??
    requireText('justification', data.justification);
  if (invalid) return invalid;
  if (findRequest(state, data.requestId))
    return Errors.rescheduleRequestIdDuplicate(data.requestId);
  const milestone = state.milestones.find((m) => m.milestoneId === data.milestoneId);
  if (!milestone) return Errors.milestoneNotFound(data.milestoneId);
  const refused = checkNewDates(state, milestone, data);
  if (refused) return refused;
  const open = openRescheduleRequest(milestone);
  if (open) return Errors.rescheduleRequestPending(milestone.milestoneId, open.requestId);
  return [
    {
      type: 'MilestoneRescheduleRequested',
      data: {
        requestId: data.requestId,
        milestoneId: milestone.milestoneId,
        currentStart: milestone.start,
        currentDue: milestone.due,
        start: data.start,
        due: data.due,
        justification: data.justification,
        requestedOn: dateOf(metadata.now),
      },
    },
  ];
}

/**
 * The open request named, answered by a member of the plan's Core Group: the checks concurring
 * and declining share.
 */
function openRequestForMember(
  command: ConcurMilestoneReschedule | DeclineMilestoneReschedule,
  state: ExistingCommitment,
): { milestone: MilestoneState; request: RescheduleRequestState } | DomainError {
  const { data, metadata } = command;
  const invalid =
    requireText('requestId', data.requestId) ?? requirePlanContext(data.context, state.planId);
  if (invalid) return invalid;
  if (!data.context.plan.coreGroupMemberIds.includes(metadata.actor.id))
    return Errors.rescheduleConcurrenceNotMember(metadata.actor.id, state.planId);
  const found = findRequest(state, data.requestId);
  if (!found) return Errors.rescheduleRequestNotFound(data.requestId);
  if (found.request.outcome)
    return Errors.rescheduleRequestAlreadyAnswered(data.requestId, found.request.outcome.kind);
  return found;
}

function concurMilestoneReschedule(
  command: ConcurMilestoneReschedule,
  state: ExistingCommitment,
): Decision {
  const invalid = optionalText('reference', command.data.reference ?? undefined);
  if (invalid) return invalid;
  const found = openRequestForMember(command, state);
  if (found instanceof DomainError) return found;
  const { milestone, request } = found;
  // The dates are checked again: the milestone may have been completed since the request.
  const refused = checkNewDates(state, milestone, request);
  if (refused) return refused;
  return [
    {
      type: 'MilestoneRescheduled',
      data: {
        milestoneId: milestone.milestoneId,
        previousStart: milestone.start,
        previousDue: milestone.due,
        start: request.start,
        due: request.due,
        justification: request.justification,
        requestId: request.requestId,
        concurrence: {
          coreGroupMemberId: command.metadata.actor.id,
          reference: command.data.reference?.trim() || null,
          concurredOn: dateOf(command.metadata.now),
          source: 'member',
        },
        slips: milestone.slips + (request.due > milestone.due ? 1 : 0),
      },
    },
  ];
}

function declineMilestoneReschedule(
  command: DeclineMilestoneReschedule,
  state: ExistingCommitment,
): Decision {
  const invalid = requireText('reasons', command.data.reasons);
  if (invalid) return invalid;
  const found = openRequestForMember(command, state);
  if (found instanceof DomainError) return found;
  return [
    {
      type: 'MilestoneRescheduleDeclined',
      data: {
        requestId: found.request.requestId,
        milestoneId: found.milestone.milestoneId,
        coreGroupMemberId: command.metadata.actor.id,
        reasons: command.data.reasons,
        declinedOn: dateOf(command.metadata.now),
      },
    },
  ];
}

function withdrawMilestoneRescheduleRequest(
  command: WithdrawMilestoneRescheduleRequest,
  state: ExistingCommitment,
): Decision {
  const { data, metadata } = command;
  const invalid = requireText('requestId', data.requestId) ?? requireText('reason', data.reason);
  if (invalid) return invalid;
  const found = findRequest(state, data.requestId);
  if (!found) return Errors.rescheduleRequestNotFound(data.requestId);
  if (found.request.outcome)
    return Errors.rescheduleRequestAlreadyAnswered(data.requestId, found.request.outcome.kind);
  return [
    {
      type: 'MilestoneRescheduleRequestWithdrawn',
      data: {
        requestId: found.request.requestId,
        milestoneId: found.milestone.milestoneId,
        reason: data.reason,
        withdrawnOn: dateOf(metadata.now),
      },
    },
  ];
}

/** Where requests may be made and answered: while the plan of milestones is worked on. */
const OPEN_STATUSES = ['Draft', 'InImplementation'] as const;

/** Who may run each command of this part, in which statuses, and what it decides. */
export const RESCHEDULE_COMMANDS: CommandRules<RescheduleCommand, RescheduleEvent> = {
  RequestMilestoneReschedule: {
    roles: ['institution'],
    statuses: OPEN_STATUSES,
    decide: requestMilestoneReschedule,
  },
  ConcurMilestoneReschedule: {
    roles: ['core-group'],
    statuses: OPEN_STATUSES,
    decide: concurMilestoneReschedule,
  },
  DeclineMilestoneReschedule: {
    roles: ['core-group'],
    statuses: OPEN_STATUSES,
    decide: declineMilestoneReschedule,
  },
  WithdrawMilestoneRescheduleRequest: {
    roles: ['institution'],
    statuses: OPEN_STATUSES,
    decide: withdrawMilestoneRescheduleRequest,
  },
};

/** Each event of this part: its schema version and its audit line (Spanish and English). */
export const RESCHEDULE_EVENTS: EventRules<RescheduleEvent> = {
  MilestoneRescheduleRequested: {
    version: 1,
    summary: (d) => ({
      es: `La institución solicitó reprogramar el hito ${d.milestoneId} al ${d.start}–${d.due} (hoy ${d.currentStart}–${d.currentDue}); espera la conformidad del Grupo Núcleo.`,
      en: `The institution asked to reschedule milestone ${d.milestoneId} to ${d.start}–${d.due} (now ${d.currentStart}–${d.currentDue}); awaiting the Core Group's concurrence.`,
    }),
  },
  MilestoneRescheduleDeclined: {
    version: 1,
    summary: (d) => ({
      es: `El Grupo Núcleo (${d.coreGroupMemberId}) no dio su conformidad a la reprogramación ${d.requestId} del hito ${d.milestoneId}; las fechas se mantienen.`,
      en: `The Core Group (${d.coreGroupMemberId}) declined reschedule ${d.requestId} of milestone ${d.milestoneId}; the dates stay.`,
    }),
  },
  MilestoneRescheduleRequestWithdrawn: {
    version: 1,
    summary: (d) => ({
      es: `La institución retiró la solicitud de reprogramación ${d.requestId} del hito ${d.milestoneId}.`,
      en: `The institution withdrew reschedule request ${d.requestId} of milestone ${d.milestoneId}.`,
    }),
  },
  MilestoneRescheduled: {
    // 2: the request answered and who gave the concurrence (v1: asserted by the institution).
    version: 2,
    summary: (d) =>
      d.concurrence.source === 'member'
        ? {
            es: `Con la conformidad de ${d.concurrence.coreGroupMemberId} (Grupo Núcleo), se reprogramó el hito ${d.milestoneId}: vence el ${d.due} (antes ${d.previousDue}); reprogramaciones: ${d.slips}.`,
            en: `With the concurrence of ${d.concurrence.coreGroupMemberId} (Core Group), milestone ${d.milestoneId} was rescheduled: due ${d.due} (was ${d.previousDue}); slips: ${d.slips}.`,
          }
        : {
            es: `Se reprogramó el hito ${d.milestoneId}: vence el ${d.due} (antes ${d.previousDue}); reprogramaciones: ${d.slips}. Conformidad de ${d.concurrence.coreGroupMemberId} declarada por la institución.`,
            en: `Milestone ${d.milestoneId} rescheduled: due ${d.due} (was ${d.previousDue}); slips: ${d.slips}. Concurrence of ${d.concurrence.coreGroupMemberId} asserted by the institution.`,
          },
  },
};
