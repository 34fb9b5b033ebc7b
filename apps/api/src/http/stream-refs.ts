import {
  actionPlanDecider,
  actionPlanStreamName,
  commitmentDecider,
  commitmentStreamName,
  initialActionPlanState,
  initialInstitutionState,
  institutionDecider,
  institutionStreamName,
  toInstitutionRef,
  toPlanRef,
  type InstitutionRef,
  type PlanRef,
} from '@hitos/domain';
import type { CommandHandling } from '@hitos/event-store';

/**
 * The facts a decision needs from other streams (a decider sees only its own), read through
 * command handling so that they come from the same snapshots as the decisions. A blank id gives
 * the blank ref, which the decider refuses with its own error.
 */
export async function planRef(commands: CommandHandling, planId: string): Promise<PlanRef> {
  const state = planId
    ? (await commands.load(actionPlanStreamName(planId), actionPlanDecider)).state
    : initialActionPlanState();
  return toPlanRef(planId, state);
}

export async function institutionRef(
  commands: CommandHandling,
  institutionId: string,
): Promise<InstitutionRef> {
  const state = institutionId
    ? (await commands.load(institutionStreamName(institutionId), institutionDecider)).state
    : initialInstitutionState();
  return toInstitutionRef(institutionId, state);
}

/** The commitment's plan (it never changes); blank for a commitment that does not exist. */
export async function planOfCommitment(
  commands: CommandHandling,
  commitmentId: string,
): Promise<PlanRef> {
  const { state } = await commands.load(commitmentStreamName(commitmentId), commitmentDecider);
  return planRef(commands, state.status === 'Empty' ? '' : state.planId);
}

/** The institution now responsible for the commitment; blank for one that does not exist. */
export async function responsibleInstitutionOf(
  commands: CommandHandling,
  commitmentId: string,
): Promise<InstitutionRef> {
  const { state } = await commands.load(commitmentStreamName(commitmentId), commitmentDecider);
  return institutionRef(commands, state.status === 'Empty' ? '' : state.responsible.institutionId);
}
