import type { DomainEvent } from '../kernel/decider';
import type { Period } from '../kernel/dates';

export const CORE_GROUP_SECTORS = [
  'government',
  'civil-society',
  'academia',
  'private-sector',
] as const;
export type CoreGroupSector = (typeof CORE_GROUP_SECTORS)[number];

/** A member of the plan's Core Group (Grupo Núcleo), who may concur on reschedules and transfers. */
export interface CoreGroupMember {
  memberId: string;
  name: string;
  sector: CoreGroupSector;
  /** The body the member represents, when not speaking for themself. */
  organization?: string;
}

/** The Presidency registered an OGP action plan, its period and its Core Group. */
export type ActionPlanRegistered = DomainEvent<
  'ActionPlanRegistered',
  {
    planId: string;
    /** Public code, e.g. `EC-PAEA-2026-2027`. */
    code: string;
    title: string;
    /** ISO 3166-1 alpha-2, e.g. `EC`. */
    country: string;
    period: Period;
    coreGroup: CoreGroupMember[];
  }
>;

export type ActionPlanEvent = ActionPlanRegistered;
export type ActionPlanEventType = ActionPlanEvent['type'];

export const ACTION_PLAN_EVENT_SCHEMA_VERSIONS: Record<ActionPlanEventType, number> = {
  ActionPlanRegistered: 1,
};

export const actionPlanStreamName = (planId: string) => `plan-${planId}`;
