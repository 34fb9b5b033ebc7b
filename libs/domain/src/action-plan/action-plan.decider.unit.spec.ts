import {
  DeciderSpecification,
  actionPlanRegistered,
  actors,
  command,
  AT,
  PLAN_ID,
} from '@hitos/testing';
import type { Actor } from '../kernel/actor';
import type { RegisterActionPlan } from './action-plan.commands';
import { actionPlanDecider } from './action-plan.decider';
import { ACTION_PLAN_EVENT_SCHEMA_VERSIONS, actionPlanStreamName } from './action-plan.events';
import { toPlanRef } from './action-plan.state';

const spec = DeciderSpecification.for(actionPlanDecider);
const register = (
  data: Partial<RegisterActionPlan['data']> = {},
  actor: Actor = actors.presidency,
  now: string = AT.registration,
) =>
  command<RegisterActionPlan>(
    'RegisterActionPlan',
    { ...actionPlanRegistered.data, ...data },
    actor,
    now,
  );

describe('action plan decider', () => {
  it('registers a plan with its period and Core Group', () => {
    spec.given([]).when(register()).then([actionPlanRegistered]);
  });

  it('folds the registration into a Registered state', () => {
    spec
      .given([])
      .when(register())
      .thenState({ status: 'Registered', ...actionPlanRegistered.data });
  });

  it.each(['institution', 'counterpart', 'core-group', 'auditor', 'public'] as const)(
    'refuses role %s: only the presidency registers plans',
    (role) => {
      spec
        .given([])
        .when(register({}, { id: 'x', role }))
        .thenError('ROLE_NOT_ALLOWED', { kind: 'forbidden', details: { role } });
    },
  );

  it('refuses a second registration of the same plan', () => {
    spec
      .given([actionPlanRegistered])
      .when(register())
      .thenError('PLAN_ALREADY_REGISTERED', { kind: 'rule', details: { planId: PLAN_ID } });
  });

  it('refuses a period that ends before it starts', () => {
    spec
      .given([])
      .when(register({ period: { start: '2027-12-31', end: '2026-01-01' } }))
      .thenError('PERIOD_END_BEFORE_START', { kind: 'invalid', details: { field: 'period' } });
  });

  it('accepts a one-day period', () => {
    const period = { start: '2026-01-01', end: '2026-01-01' };
    spec
      .given([])
      .when(register({ period }))
      .then([{ ...actionPlanRegistered, data: { ...actionPlanRegistered.data, period } }]);
  });

  it('refuses an impossible calendar date', () => {
    spec
      .given([])
      .when(register({ period: { start: '2026-02-30', end: '2027-12-31' } }))
      .thenError('INVALID_FIELD', { kind: 'invalid', details: { field: 'period.start' } });
  });

  it('refuses an empty Core Group', () => {
    spec
      .given([])
      .when(register({ coreGroup: [] }))
      .thenError('CORE_GROUP_EMPTY', { kind: 'invalid' });
  });

  it('refuses a Core Group member listed twice', () => {
    const [first, ...rest] = actionPlanRegistered.data.coreGroup;
    spec
      .given([])
      .when(register({ coreGroup: [first, ...rest, { ...first, name: 'Otra persona' }] }))
      .thenError('CORE_GROUP_DUPLICATE_MEMBER', {
        kind: 'invalid',
        details: { memberId: first.memberId },
      });
  });

  it('refuses a Core Group member with an unknown sector', () => {
    spec
      .given([])
      .when(register({ coreGroup: [{ memberId: 'm', name: 'M', sector: 'church' as never }] }))
      .thenError('INVALID_FIELD', { details: { field: 'coreGroup[0].sector' } });
  });

  it('refuses a missing title', () => {
    spec
      .given([])
      .when(register({ title: '  ' }))
      .thenError('REQUIRED_FIELD_MISSING', { kind: 'invalid', details: { field: 'title' } });
  });

  it('refuses a country that is not an ISO alpha-2 code', () => {
    spec
      .given([])
      .when(register({ country: 'Ecuador' }))
      .thenError('INVALID_FIELD', { details: { field: 'country' } });
  });

  it('refuses a request without a valid timestamp', () => {
    spec
      .given([])
      .when(register({}, actors.presidency, 'yesterday'))
      .thenError('INVALID_FIELD', { details: { field: 'metadata.now' } });
  });

  it('names its stream plan-<id> and versions its event', () => {
    expect(actionPlanStreamName(PLAN_ID)).toBe('plan-ec-paea-2026-2027');
    expect(ACTION_PLAN_EVENT_SCHEMA_VERSIONS).toEqual({ ActionPlanRegistered: 1 });
  });

  it('builds the PlanRef a commitment decision needs', () => {
    expect(toPlanRef(PLAN_ID, { status: 'Empty' })).toEqual({
      planId: PLAN_ID,
      exists: false,
      period: { start: '', end: '' },
      coreGroupMemberIds: [],
    });
    const state = actionPlanDecider.evolve(actionPlanDecider.initialState(), actionPlanRegistered);
    expect(toPlanRef(PLAN_ID, state)).toEqual({
      planId: PLAN_ID,
      exists: true,
      period: { start: '2026-01-01', end: '2027-12-31' },
      coreGroupMemberIds: ['gn-gobierno', 'gn-sociedad-civil', 'gn-academia'],
    });
  });
});
