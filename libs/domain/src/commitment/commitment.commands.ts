/** The commitment's commands: each part declares its own; this file joins them. */
import type { ActaCommand } from './acta';
import type { ClosureCommand } from './closure';
import type { RecordDeadlineReached } from './deadlines';
import type { MilestoneCommand } from './milestones';
import type { QuestionCommand } from './questions';
import type { ReportingCommand } from './reports';
import type { RescheduleCommand } from './reschedules';
import type { TransferCommand } from './transfer';

export type CommitmentCommand =
  | ActaCommand
  | MilestoneCommand
  | RescheduleCommand
  | ReportingCommand
  | ClosureCommand
  | TransferCommand
  | RecordDeadlineReached
  | QuestionCommand;
export type CommitmentCommandType = CommitmentCommand['type'];
