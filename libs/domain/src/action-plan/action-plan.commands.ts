import type { Command } from '../kernel/decider';
import type { ActionPlanRegistered } from './action-plan.events';

/** Presidency only. The data is the plan as it will be recorded. */
export type RegisterActionPlan = Command<'RegisterActionPlan', ActionPlanRegistered['data']>;

export type ActionPlanCommand = RegisterActionPlan;
