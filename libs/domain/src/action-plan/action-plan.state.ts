import type { Period } from '../kernel/dates';
import type { ActionPlanEvent, CoreGroupMember } from './action-plan.events';

export type ActionPlanState =
  | { status: 'Empty' }
  | {
      status: 'Registered';
      planId: string;
      code: string;
      title: string;
      country: string;
      period: Period;
      coreGroup: CoreGroupMember[];
    };

export const initialActionPlanState = (): ActionPlanState => ({ status: 'Empty' });

export function evolveActionPlan(state: ActionPlanState, event: ActionPlanEvent): ActionPlanState {
  switch (event.type) {
    case 'ActionPlanRegistered':
      return { status: 'Registered', ...event.data };
    default:
      return state;
  }
}

/**
 * What a commitment decision needs to know about its plan; built by the application layer from
 * the plan stream and passed in the command's `context`, since a decider sees only its stream.
 */
export interface PlanRef {
  planId: string;
  exists: boolean;
  /** Empty strings when the plan does not exist. */
  period: Period;
  coreGroupMemberIds: string[];
}

export function toPlanRef(planId: string, state: ActionPlanState): PlanRef {
  if (state.status === 'Empty')
    return { planId, exists: false, period: { start: '', end: '' }, coreGroupMemberIds: [] };
  return {
    planId,
    exists: true,
    period: state.period,
    coreGroupMemberIds: state.coreGroup.map((member) => member.memberId),
  };
}
