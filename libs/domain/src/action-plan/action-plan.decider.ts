import type { Decider } from '../kernel/decider';
import type { DomainError } from '../kernel/domain-error';
import { Errors } from '../kernel/error-catalogue';
import {
  duplicateOf,
  firstError,
  requireArray,
  requireEnum,
  requirePeriod,
  requireRole,
  requireText,
  requireTimestamp,
} from '../kernel/validation';
import type { ActionPlanCommand, RegisterActionPlan } from './action-plan.commands';
import { CORE_GROUP_SECTORS, type ActionPlanEvent } from './action-plan.events';
import {
  evolveActionPlan,
  initialActionPlanState,
  type ActionPlanState,
} from './action-plan.state';

const COUNTRY = /^[A-Z]{2}$/;

function registerActionPlan(
  command: RegisterActionPlan,
  state: ActionPlanState,
): ActionPlanEvent[] | DomainError {
  const { data, metadata } = command;
  const refusal =
    requireTimestamp('metadata.now', metadata.now) ??
    requireRole(command.type, metadata.actor, ['presidency']) ??
    (state.status !== 'Empty' ? Errors.planAlreadyRegistered(state.planId) : undefined) ??
    requireText('planId', data.planId) ??
    requireText('code', data.code) ??
    requireText('title', data.title) ??
    (COUNTRY.test(data.country ?? '')
      ? undefined
      : Errors.invalidField('country', data.country, 'expected an ISO 3166-1 alpha-2 code')) ??
    requirePeriod('period', data.period) ??
    requireArray('coreGroup', data.coreGroup) ??
    (data.coreGroup.length === 0 ? Errors.coreGroupEmpty() : undefined) ??
    firstError(
      data.coreGroup,
      (member, i) =>
        requireText(`coreGroup[${i}].memberId`, member.memberId) ??
        requireText(`coreGroup[${i}].name`, member.name) ??
        requireEnum(`coreGroup[${i}].sector`, member.sector, CORE_GROUP_SECTORS),
    );
  if (refusal) return refusal;
  const duplicate = duplicateOf(data.coreGroup.map((member) => member.memberId));
  if (duplicate !== undefined) return Errors.coreGroupDuplicateMember(duplicate);
  return [
    {
      type: 'ActionPlanRegistered',
      data: {
        planId: data.planId,
        code: data.code,
        title: data.title,
        country: data.country,
        period: { start: data.period.start, end: data.period.end },
        coreGroup: data.coreGroup.map((member) => ({
          memberId: member.memberId,
          name: member.name,
          sector: member.sector,
          ...(member.organization !== undefined ? { organization: member.organization } : {}),
        })),
      },
    },
  ];
}

export const actionPlanDecider: Decider<ActionPlanCommand, ActionPlanEvent, ActionPlanState> = {
  initialState: initialActionPlanState,
  evolve: evolveActionPlan,
  decide(command, state) {
    switch (command.type) {
      case 'RegisterActionPlan':
        return registerActionPlan(command, state);
    }
  },
};
