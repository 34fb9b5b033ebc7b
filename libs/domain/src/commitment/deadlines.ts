/** Deadlines: reminders and overdue facts the timers record, each once, when it still applies. */
import type { Command, DomainEvent } from '../kernel/decider';
import { addDays, dateOf, type IsoDate } from '../kernel/dates';
import type { DomainError } from '../kernel/domain-error';
import { Errors } from '../kernel/error-catalogue';
import {
  requireDate,
  requireEnum,
  requireIntegerInRange,
  requireText,
  type Check,
} from '../kernel/validation';
import { EVERY_STATUS, type CommandRules, type EventRules } from './capability';
import { deadlineKey, type CommitmentStatus, type ExistingCommitment } from './commitment.state';
import { answerStillOwed } from './questions';

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

/**
 * A citizen's question was not answered by its due date (and was not hidden): recorded by the
 * timers the day after `answerDueOn`. A later answer is still welcome, and shows as late.
 */
export type QuestionAnswerOverdue = DomainEvent<
  'QuestionAnswerOverdue',
  { questionId: string; answerDueOn: IsoDate; detectedOn: IsoDate }
>;

/** Deadlines the timers record once each, when reached and still applying. */
export type DeadlineEvent =
  | MilestoneDueSoon
  | MilestoneOverdue
  | CommitmentPeriodEnded
  | ProgressReportDue
  | ProgressReportOverdue
  | TransferDecisionOverdue
  | InformationHandoverOverdue
  | QuestionAnswerOverdue;

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
  | { kind: 'handover-overdue'; transferredOn: IsoDate; limitDays: number }
  | { kind: 'question-answer-overdue'; questionId: string; answerDueOn: IsoDate };
export type DeadlineKind = ReachedDeadline['kind'];

/**
 * System only (the timers). Records the deadline once, when it has been reached and still
 * applies; a timer that fires again, or late after a completion or reschedule, changes nothing.
 */
export type RecordDeadlineReached = Command<'RecordDeadlineReached', ReachedDeadline>;

type Decision = DeadlineEvent[] | DomainError;

export const DEADLINE_KINDS = [
  'milestone-due-soon',
  'milestone-overdue',
  'period-ended',
  'progress-report-due',
  'progress-report-overdue',
  'transfer-decision-overdue',
  'handover-overdue',
  'question-answer-overdue',
] as const satisfies readonly ReachedDeadline['kind'][];

/** The first day a deadline may be recorded: a timer is never early, only possibly late. */
export function deadlineFiresOn(deadline: ReachedDeadline): IsoDate {
  switch (deadline.kind) {
    case 'milestone-due-soon':
      return addDays(deadline.due, -deadline.daysBefore);
    case 'milestone-overdue':
      return addDays(deadline.due, 1);
    case 'period-ended':
      return addDays(deadline.periodEnd, 1);
    case 'progress-report-due':
      return addDays(deadline.dueOn, -deadline.daysBefore);
    case 'progress-report-overdue':
      return addDays(deadline.dueOn, 1);
    case 'transfer-decision-overdue':
      return addDays(deadline.pendingSince, deadline.limitDays);
    case 'handover-overdue':
      return addDays(deadline.transferredOn, deadline.limitDays);
    case 'question-answer-overdue':
      return addDays(deadline.answerDueOn, 1);
  }
}

/**
 * The statuses in which each kind of deadline applies; the timers model schedules by the same
 * lists, so a timer exists exactly when the domain would record it.
 */
export const DEADLINE_STATUSES = {
  /** Milestones are worked on: their due dates matter. */
  working: ['InImplementation', 'TransferPending', 'AwaitingHandover'],
  /** Not yet closed or withdrawn: the period's end matters. */
  open: ['InImplementation', 'TransferPending', 'AwaitingHandover', 'Draft', 'Completed'],
  /** Signed and not closed: progress reports are owed. */
  reporting: ['InImplementation', 'TransferPending', 'AwaitingHandover', 'Completed'],
} as const satisfies Record<string, readonly CommitmentStatus[]>;
const WORKING: readonly CommitmentStatus[] = DEADLINE_STATUSES.working;
const OPEN: readonly CommitmentStatus[] = DEADLINE_STATUSES.open;
const REPORTING: readonly CommitmentStatus[] = DEADLINE_STATUSES.reporting;

function validate(d: ReachedDeadline): Check {
  const days = (field: string, value: unknown) => requireIntegerInRange(field, value, 0, 3_650);
  switch (d.kind) {
    case 'milestone-due-soon':
      return (
        requireText('milestoneId', d.milestoneId) ??
        requireDate('due', d.due) ??
        days('daysBefore', d.daysBefore)
      );
    case 'milestone-overdue':
      return requireText('milestoneId', d.milestoneId) ?? requireDate('due', d.due);
    case 'period-ended':
      return requireDate('periodEnd', d.periodEnd);
    case 'progress-report-due':
      return (
        requireDate('periodStart', d.periodStart) ??
        requireDate('dueOn', d.dueOn) ??
        requireIntegerInRange('cadenceMonths', d.cadenceMonths, 1, 60) ??
        days('daysBefore', d.daysBefore)
      );
    case 'progress-report-overdue':
      return (
        requireDate('periodStart', d.periodStart) ??
        requireDate('dueOn', d.dueOn) ??
        requireIntegerInRange('cadenceMonths', d.cadenceMonths, 1, 60)
      );
    case 'transfer-decision-overdue':
      return requireDate('pendingSince', d.pendingSince) ?? days('limitDays', d.limitDays);
    case 'handover-overdue':
      return requireDate('transferredOn', d.transferredOn) ?? days('limitDays', d.limitDays);
    case 'question-answer-overdue':
      return requireText('questionId', d.questionId) ?? requireDate('answerDueOn', d.answerDueOn);
  }
}

/**
 * A report is still owed while the commitment reports and the institution has submitted none
 * inside the reporting period: one such report settles both the reminder and the overdue alarm.
 */
function reportStillOwed(state: ExistingCommitment, from: IsoDate, to: IsoDate): boolean {
  return (
    REPORTING.includes(state.status) &&
    !state.submittedReports.some(
      (r) => r.submittedBy === 'institution' && from <= r.submittedOn && r.submittedOn <= to,
    )
  );
}

/**
 * A milestone deadline still applies while the commitment is being worked on and the milestone
 * is open and still due on the date the deadline was set for (a reschedule sets new ones).
 */
function milestoneStillDue(
  state: ExistingCommitment,
  milestone: ExistingCommitment['milestones'][number] | undefined,
  due: IsoDate,
): boolean {
  return (
    WORKING.includes(state.status) && !!milestone && !milestone.completed && milestone.due === due
  );
}

/** The event the deadline stands for, or null when it no longer applies. */
function eventFor(
  d: ReachedDeadline,
  state: ExistingCommitment,
  today: IsoDate,
): DeadlineEvent | null {
  const milestone =
    'milestoneId' in d ? state.milestones.find((m) => m.milestoneId === d.milestoneId) : undefined;
  switch (d.kind) {
    case 'milestone-due-soon':
      if (!milestoneStillDue(state, milestone, d.due)) return null;
      return {
        type: 'MilestoneDueSoon',
        data: {
          milestoneId: d.milestoneId,
          due: d.due,
          daysBefore: d.daysBefore,
          notifiedOn: today,
        },
      };
    case 'milestone-overdue':
      if (!milestoneStillDue(state, milestone, d.due)) return null;
      return {
        type: 'MilestoneOverdue',
        data: { milestoneId: d.milestoneId, due: d.due, detectedOn: today },
      };
    case 'period-ended':
      if (!OPEN.includes(state.status) || state.period.end !== d.periodEnd) return null;
      return { type: 'CommitmentPeriodEnded', data: { periodEnd: d.periodEnd, detectedOn: today } };
    case 'progress-report-due':
      if (!reportStillOwed(state, d.periodStart, d.dueOn)) return null;
      return {
        type: 'ProgressReportDue',
        data: {
          periodStart: d.periodStart,
          dueOn: d.dueOn,
          cadenceMonths: d.cadenceMonths,
          daysBefore: d.daysBefore,
          notifiedOn: today,
        },
      };
    case 'progress-report-overdue':
      if (!reportStillOwed(state, d.periodStart, d.dueOn)) return null;
      return {
        type: 'ProgressReportOverdue',
        data: {
          periodStart: d.periodStart,
          dueOn: d.dueOn,
          cadenceMonths: d.cadenceMonths,
          detectedOn: today,
        },
      };
    case 'transfer-decision-overdue':
      if (state.status !== 'TransferPending' || state.transfer?.pendingSince !== d.pendingSince)
        return null;
      return {
        type: 'TransferDecisionOverdue',
        data: {
          pendingSince: d.pendingSince,
          limitDays: d.limitDays,
          dueOn: deadlineFiresOn(d),
          detectedOn: today,
        },
      };
    case 'handover-overdue': {
      const transferred = state.transfer?.transferred;
      if (state.status !== 'AwaitingHandover' || transferred?.decidedOn !== d.transferredOn)
        return null;
      return {
        type: 'InformationHandoverOverdue',
        data: {
          toInstitutionId: transferred.toInstitutionId,
          transferredOn: d.transferredOn,
          limitDays: d.limitDays,
          dueOn: deadlineFiresOn(d),
          detectedOn: today,
        },
      };
    }
    case 'question-answer-overdue': {
      const question = state.questions.find((q) => q.questionId === d.questionId);
      if (!answerStillOwed(state, question) || question.answerDueOn !== d.answerDueOn) return null;
      return {
        type: 'QuestionAnswerOverdue',
        data: { questionId: d.questionId, answerDueOn: d.answerDueOn, detectedOn: today },
      };
    }
  }
}

/**
 * Records a deadline the timers found reached. Early is refused (a clock or timer bug must not
 * raise an alarm); a deadline already recorded, or no longer applying (the milestone completed or
 * moved, the commitment settled or ended), decides nothing, so firing twice is harmless.
 */
export function recordDeadlineReached(
  command: RecordDeadlineReached,
  state: ExistingCommitment,
): Decision {
  const deadline = command.data;
  const invalid = requireEnum('kind', deadline?.kind, DEADLINE_KINDS) ?? validate(deadline);
  if (invalid) return invalid;
  const today = dateOf(command.metadata.now);
  const firesOn = deadlineFiresOn(deadline);
  if (today < firesOn) return Errors.deadlineNotReached(deadline.kind, firesOn, today);
  const event = eventFor(deadline, state, today);
  if (!event || state.deadlinesRecorded.includes(deadlineKey(event))) return [];
  return [event];
}

/** Who may run each command of this part, in which statuses, and what it decides. */
export const DEADLINE_COMMANDS: CommandRules<RecordDeadlineReached, DeadlineEvent> = {
  RecordDeadlineReached: {
    roles: ['system'],
    statuses: EVERY_STATUS,
    decide: recordDeadlineReached,
  },
};

/** Each event of this part: its schema version and its audit line (Spanish and English). */
export const DEADLINE_EVENTS: EventRules<DeadlineEvent> = {
  MilestoneDueSoon: {
    version: 1,
    summary: (d) => ({
      es: `El hito ${d.milestoneId} vence el ${d.due} (en ${d.daysBefore} días o menos).`,
      en: `Milestone ${d.milestoneId} is due on ${d.due} (in ${d.daysBefore} days or less).`,
    }),
  },
  MilestoneOverdue: {
    version: 1,
    summary: (d) => ({
      es: `El hito ${d.milestoneId} está vencido: debía cumplirse el ${d.due}.`,
      en: `Milestone ${d.milestoneId} is overdue: it was due on ${d.due}.`,
    }),
  },
  CommitmentPeriodEnded: {
    version: 1,
    summary: (d) => ({
      es: `Terminó el periodo del compromiso (${d.periodEnd}) sin que se cerrara.`,
      en: `The commitment's period ended (${d.periodEnd}) before it was closed.`,
    }),
  },
  ProgressReportDue: {
    version: 1,
    summary: (d) => ({
      es: `Se debe un informe de avance hasta el ${d.dueOn}.`,
      en: `A progress report is due by ${d.dueOn}.`,
    }),
  },
  ProgressReportOverdue: {
    version: 1,
    summary: (d) => ({
      es: `No se presentó el informe de avance del periodo ${d.periodStart} a ${d.dueOn}.`,
      en: `No progress report was submitted for the period ${d.periodStart} to ${d.dueOn}.`,
    }),
  },
  TransferDecisionOverdue: {
    version: 1,
    summary: (d) => ({
      es: `Venció el plazo de ${d.limitDays} días para decidir la transferencia (pendiente desde ${d.pendingSince}).`,
      en: `The ${d.limitDays}-day limit to decide the transfer passed (pending since ${d.pendingSince}).`,
    }),
  },
  InformationHandoverOverdue: {
    version: 1,
    summary: (d) => ({
      es: `Venció el plazo de ${d.limitDays} días para que ${d.toInstitutionId} acuse recibo de la transferencia de información.`,
      en: `The ${d.limitDays}-day limit for ${d.toInstitutionId} to acknowledge the information handover passed.`,
    }),
  },
  QuestionAnswerOverdue: {
    version: 1,
    summary: (d) => ({
      es: `Venció el plazo para responder la pregunta ciudadana ${d.questionId} (debía responderse hasta el ${d.answerDueOn}).`,
      en: `The answer to citizen question ${d.questionId} is overdue (it was due by ${d.answerDueOn}).`,
    }),
  },
};
