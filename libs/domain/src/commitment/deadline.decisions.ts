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
import type { ReachedDeadline, RecordDeadlineReached } from './commitment.commands';
import type { CommitmentEvent } from './commitment.events';
import {
  deadlineKey,
  type CommitmentStatus,
  type DeadlineEvent,
  type ExistingCommitment,
} from './commitment.state';

type Decision = CommitmentEvent[] | DomainError;

export const DEADLINE_KINDS = [
  'milestone-due-soon',
  'milestone-overdue',
  'period-ended',
  'progress-report-due',
  'progress-report-overdue',
  'transfer-decision-overdue',
  'handover-overdue',
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
