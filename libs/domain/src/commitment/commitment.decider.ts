import type { Decider } from '../kernel/decider';
import type { DomainError } from '../kernel/domain-error';
import { Errors } from '../kernel/error-catalogue';
import { requireRole, requireTimestamp } from '../kernel/validation';
import { ACTA_COMMANDS, draftCommitment, type DraftCommitment } from './acta';
import { isSystemCommand, requireScope, type CommandRule, type CommandRules } from './capability';
import { CLOSURE_COMMANDS } from './closure';
import type { CommitmentCommand } from './commitment.commands';
import type { CommitmentEvent } from './commitment.events';
import { evolveCommitment, initialCommitmentState, type CommitmentState } from './commitment.state';
import { DEADLINE_COMMANDS } from './deadlines';
import { MILESTONE_COMMANDS } from './milestones';
import { QUESTION_COMMANDS } from './questions';
import { REPORTING_COMMANDS } from './reports';
import { RESCHEDULE_COMMANDS } from './reschedules';
import { TRANSFER_COMMANDS } from './transfer';

type Decision = CommitmentEvent[] | DomainError;
/** Every command but drafting runs on an existing commitment. */
type ExistingCommitmentCommand = Exclude<CommitmentCommand, DraftCommitment>;

/** Each part's commands: who may run them, in which statuses, and what they decide. */
const COMMAND_RULES: CommandRules<ExistingCommitmentCommand, CommitmentEvent> = {
  ...ACTA_COMMANDS,
  ...MILESTONE_COMMANDS,
  ...RESCHEDULE_COMMANDS,
  ...REPORTING_COMMANDS,
  ...CLOSURE_COMMANDS,
  ...TRANSFER_COMMANDS,
  ...DEADLINE_COMMANDS,
  ...QUESTION_COMMANDS,
};

/**
 * The gates every command passes, in order: a clock; drafting on an empty stream; a commitment
 * that exists and is not settled (a system command on a settled one decides nothing); the role,
 * the actor's institution or counterpart and the status its rule allows. Then its part decides.
 */
function decide(command: CommitmentCommand, state: CommitmentState): Decision {
  const clock = requireTimestamp('metadata.now', command.metadata?.now);
  if (clock) return clock;
  if (command.type === 'DraftCommitment') return draftCommitment(command, state);

  if (state.status === 'Empty') return Errors.commitmentNotFound(null);
  const rule: CommandRule<ExistingCommitmentCommand, CommitmentEvent> = COMMAND_RULES[command.type];
  const settled = state.status === 'Withdrawn' || state.status === 'Closed';
  if (settled && isSystemCommand(rule))
    return requireRole(command.type, command.metadata.actor, ['system']) ?? [];
  if (state.status === 'Withdrawn')
    return Errors.commitmentWithdrawn(state.commitmentId, command.type);
  if (state.status === 'Closed' && !rule.statuses.includes('Closed'))
    return Errors.commitmentClosed(state.commitmentId, command.type);

  const refusal =
    requireRole(command.type, command.metadata.actor, rule.roles) ??
    (rule.anyInstitution
      ? undefined
      : requireScope(
          command.type,
          command.metadata.actor,
          state.responsible.institutionId,
          state.counterpart.organizationId,
          state.planId,
        )) ??
    (rule.statuses.includes(state.status)
      ? undefined
      : Errors.commandNotAllowedInStatus(command.type, state.status, rule.statuses));
  if (refusal) return refusal;
  return rule.decide(command, state);
}

export const commitmentDecider: Decider<CommitmentCommand, CommitmentEvent, CommitmentState> = {
  initialState: initialCommitmentState,
  evolve: evolveCommitment,
  decide,
};
