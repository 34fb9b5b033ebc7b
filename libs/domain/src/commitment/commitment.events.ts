/**
 * The commitment's events: each part declares its own (`acta.ts`, `milestones.ts`, `reschedules.ts`, `reports.ts`,
 * `closure.ts`, `transfer.ts`, `deadlines.ts`) with its schema version and audit line; this file
 * joins them.
 */
import { ACTA_EVENTS, type ActaEvent } from './acta';
import type { EventRules } from './capability';
import { CLOSURE_EVENTS, type ClosureEvent } from './closure';
import { DEADLINE_EVENTS, type DeadlineEvent } from './deadlines';
import { MILESTONE_EVENTS, type MilestoneEvent } from './milestones';
import { QUESTION_EVENTS, type QuestionEvent } from './questions';
import { REPORTING_EVENTS, type ReportingEvent } from './reports';
import { RESCHEDULE_EVENTS, type RescheduleEvent } from './reschedules';
import { TRANSFER_EVENTS, type TransferEvent } from './transfer';

export type CommitmentEvent =
  | ActaEvent
  | MilestoneEvent
  | RescheduleEvent
  | ReportingEvent
  | ClosureEvent
  | TransferEvent
  | DeadlineEvent
  | QuestionEvent;
export type CommitmentEventType = CommitmentEvent['type'];

/** Every commitment event's version and audit line. */
export const COMMITMENT_EVENT_RULES: EventRules<CommitmentEvent> = {
  ...ACTA_EVENTS,
  ...MILESTONE_EVENTS,
  ...RESCHEDULE_EVENTS,
  ...REPORTING_EVENTS,
  ...CLOSURE_EVENTS,
  ...TRANSFER_EVENTS,
  ...DEADLINE_EVENTS,
  ...QUESTION_EVENTS,
};

export const COMMITMENT_EVENT_SCHEMA_VERSIONS = Object.fromEntries(
  Object.entries(COMMITMENT_EVENT_RULES).map(([type, rule]) => [type, rule.version]),
) as Record<CommitmentEventType, number>;

export const commitmentStreamName = (commitmentId: string) => `commitment-${commitmentId}`;
