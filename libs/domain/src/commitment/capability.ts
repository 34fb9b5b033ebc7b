/**
 * What each part of the commitment (acta, milestones, reports, closure, transfer, deadlines)
 * declares about its commands and events, in one place beside them. The decider merges the
 * parts' tables: a command missing from them, or an event without its version and audit line,
 * does not compile.
 */
import type { PlanRef } from '../action-plan/action-plan.state';
import type { Actor, Role } from '../kernel/actor';
import type { Command, DomainEvent } from '../kernel/decider';
import type { DomainError, LocalizedMessage } from '../kernel/domain-error';
import { Errors } from '../kernel/error-catalogue';
import type { Check } from '../kernel/validation';
import {
  COMMITMENT_STATUSES,
  type CommitmentStatus,
  type ExistingCommitment,
} from './commitment.state';

/**
 * Who may run a command on an existing commitment, in which statuses, and what it decides. The
 * decider refuses another role, another institution or counterpart and another status before
 * `decide` runs, so `decide` checks only the command's fields and its own rules.
 */
export interface CommandRule<C extends Command, E extends DomainEvent> {
  roles: readonly Role[];
  statuses: readonly CommitmentStatus[];
  /** The actor need not speak for the commitment's institution or counterpart. */
  anyInstitution?: true;
  decide(command: C, state: ExistingCommitment): E[] | DomainError;
}

/** One rule per command type of the union `C`. */
export type CommandRules<C extends Command, E extends DomainEvent> = {
  [T in C['type']]: CommandRule<Extract<C, { type: T }>, E>;
};

/** What every event type carries besides its payload type. */
export interface EventRule<E extends DomainEvent> {
  /**
   * The schema version the event is written at. Raise it only with an upcast from the previous
   * version in `HITOS_EVENT_UPCASTS`; never rename the event.
   */
  version: number;
  /**
   * Its line in the audit trail and the live feeds, in Spanish and English. Every reader sees
   * it: no evidence, links or reasons.
   */
  summary(data: E['data']): LocalizedMessage;
}

/** One rule per event type of the union `E`. */
export type EventRules<E extends DomainEvent> = {
  [T in E['type']]: EventRule<Extract<E, { type: T }>>;
};

/** Every status of an existing commitment: where the commands hitos issues itself may run. */
export const EVERY_STATUS: readonly CommitmentStatus[] = COMMITMENT_STATUSES.filter(
  (status) => status !== 'Empty',
);

/** Commands hitos issues itself, which tell by deciding nothing that they no longer apply. */
export const isSystemCommand = (rule: CommandRule<Command, DomainEvent>): boolean =>
  rule.roles.length === 1 && rule.roles[0] === 'system';

/** An institution or counterpart actor speaks only for the body it belongs to. */
export function requireScope(
  command: string,
  actor: Actor,
  institutionId: string,
  organizationId: string | null,
  planId?: string,
): Check {
  if (actor.role === 'core-group' && actor.planId && planId && actor.planId !== planId)
    return Errors.forbiddenNotPlanCoreGroup(command, actor.planId, planId);
  if (actor.role === 'institution' && actor.organizationId !== institutionId)
    return Errors.forbiddenNotResponsibleInstitution(command, actor.organizationId, institutionId);
  if (
    actor.role === 'counterpart' &&
    organizationId !== null &&
    actor.organizationId !== organizationId
  )
    return Errors.forbiddenNotCounterpart(command, actor.organizationId, organizationId);
  return undefined;
}

/**
 * The plan a Core Group decision is checked against (`context.plan`, its member ids): present,
 * and the commitment's own.
 */
export function requirePlanContext(context: { plan?: PlanRef } | undefined, planId: string): Check {
  if (!context?.plan) return Errors.requiredFieldMissing('context.plan');
  if (context.plan.planId !== planId)
    return Errors.contextMismatch('context.plan', planId, context.plan.planId);
  return undefined;
}
