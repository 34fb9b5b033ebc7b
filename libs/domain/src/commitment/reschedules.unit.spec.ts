import {
  AT,
  CORE_GROUP_MEMBER_ID,
  DeciderSpecification,
  PLAN_ID,
  actors,
  command,
  planRef,
  readyToSignHistory,
  signedHistory,
} from '@hitos/testing';
import type { Actor } from '../kernel/actor';
import { DomainError } from '../kernel/domain-error';
import { HITOS_EVENT_UPCASTS } from '../event-schemas';
import { commitmentDecider } from './commitment.decider';
import type { CommitmentEvent } from './commitment.events';
import type { ExistingCommitment } from './commitment.state';
import {
  RESCHEDULE_EVENTS,
  upcastMilestoneRescheduledV1toV2,
  type ConcurMilestoneReschedule,
  type DeclineMilestoneReschedule,
  type MilestoneRescheduleRequested,
  type MilestoneRescheduledV1Data,
  type RequestMilestoneReschedule,
  type WithdrawMilestoneRescheduleRequest,
} from './reschedules';

const spec = DeciderSpecification.for(commitmentDecider);

// ── commands: the fixture's milestone h1 runs 2026-02-01 → 2026-06-30; today is 2026-06-15 ──

const request = (
  data: Partial<RequestMilestoneReschedule['data']> = {},
  actor: Actor = actors.mdt,
) =>
  command<RequestMilestoneReschedule>(
    'RequestMilestoneReschedule',
    {
      requestId: 'r1',
      milestoneId: 'h1',
      start: '2026-02-01',
      due: '2026-08-31',
      justification: 'Retraso en la contratación del equipo consultor.',
      ...data,
    },
    actor,
  );

const concur = (
  data: Partial<ConcurMilestoneReschedule['data']> = {},
  actor: Actor = actors.coreGroupMember,
  now: string = AT.implementation,
) =>
  command<ConcurMilestoneReschedule>(
    'ConcurMilestoneReschedule',
    { requestId: 'r1', context: { plan: planRef() }, ...data },
    actor,
    now,
  );

const decline = (
  data: Partial<DeclineMilestoneReschedule['data']> = {},
  actor: Actor = actors.coreGroupMember,
) =>
  command<DeclineMilestoneReschedule>(
    'DeclineMilestoneReschedule',
    {
      requestId: 'r1',
      reasons: 'El nuevo plazo deja sin tiempo la validación ciudadana.',
      context: { plan: planRef() },
      ...data,
    },
    actor,
  );

const withdraw = (data: Partial<WithdrawMilestoneRescheduleRequest['data']> = {}) =>
  command<WithdrawMilestoneRescheduleRequest>(
    'WithdrawMilestoneRescheduleRequest',
    { requestId: 'r1', reason: 'Se pedirá otra fecha tras la reunión.', ...data },
    actors.mdt,
  );

// ── events ────────────────────────────────────────────────────────────────────────────────────

const requested = (
  data: Partial<MilestoneRescheduleRequested['data']> = {},
): MilestoneRescheduleRequested => ({
  type: 'MilestoneRescheduleRequested',
  data: {
    requestId: 'r1',
    milestoneId: 'h1',
    currentStart: '2026-02-01',
    currentDue: '2026-06-30',
    start: '2026-02-01',
    due: '2026-08-31',
    justification: 'Retraso en la contratación del equipo consultor.',
    requestedOn: '2026-06-15',
    ...data,
  },
});

const declined: CommitmentEvent = {
  type: 'MilestoneRescheduleDeclined',
  data: {
    requestId: 'r1',
    milestoneId: 'h1',
    coreGroupMemberId: CORE_GROUP_MEMBER_ID,
    reasons: 'No.',
    declinedOn: '2026-06-15',
  },
};

const withRequest = (): CommitmentEvent[] => [...signedHistory(), requested()];
const h1 = (state: unknown) => (state as ExistingCommitment).milestones[0];

describe('reschedules: the institution requests, a Core Group member concurs or declines', () => {
  describe('RequestMilestoneReschedule', () => {
    it('records the request with the dates in force; the dates do not move', () => {
      spec.given(signedHistory()).when(request()).then([requested()]);
      spec
        .given(signedHistory())
        .when(request())
        .thenState((state) => {
          expect(h1(state)).toMatchObject({ due: '2026-06-30', slips: 0 });
          expect(h1(state).rescheduleRequests).toEqual([
            expect.objectContaining({ requestId: 'r1', due: '2026-08-31', outcome: null }),
          ]);
        });
    });

    it('may be requested in Draft too', () => {
      expect(DomainError.is(spec.given(readyToSignHistory()).when(request()).decision())).toBe(
        false,
      );
    });

    it('refuses a second request while one waits for the Core Group', () => {
      spec
        .given(withRequest())
        .when(request({ requestId: 'r2', due: '2026-09-30' }))
        .thenError('RESCHEDULE_REQUEST_PENDING', {
          kind: 'rule',
          details: { milestoneId: 'h1', requestId: 'r1' },
        });
    });

    it('accepts a new request once the last was declined', () => {
      spec
        .given([...withRequest(), declined])
        .when(request({ requestId: 'r2', due: '2026-07-31' }))
        .then([requested({ requestId: 'r2', due: '2026-07-31' })]);
    });

    it('refuses a request id already used', () => {
      spec
        .given([...withRequest(), declined])
        .when(request())
        .thenError('RESCHEDULE_REQUEST_ID_DUPLICATE', { details: { field: 'requestId' } });
    });

    it('refuses dates that change nothing, are out of order or outside the period', () => {
      spec
        .given(signedHistory())
        .when(request({ due: '2026-06-30' }))
        .thenError('RESCHEDULE_NO_CHANGE', { kind: 'rule' });
      spec
        .given(signedHistory())
        .when(request({ start: '2026-09-01', due: '2026-08-31' }))
        .thenError('PERIOD_END_BEFORE_START', { kind: 'invalid' });
      spec
        .given(signedHistory())
        .when(request({ due: '2028-03-31' }))
        .thenError('MILESTONE_OUTSIDE_COMMITMENT_PERIOD', { kind: 'rule' });
    });

    it('refuses a missing justification, an unknown milestone and a completed one', () => {
      spec
        .given(signedHistory())
        .when(request({ justification: ' ' }))
        .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'justification' } });
      spec
        .given(signedHistory())
        .when(request({ milestoneId: 'h9' }))
        .thenError('MILESTONE_NOT_FOUND', { kind: 'not-found' });
      spec
        .given([
          ...signedHistory(),
          { type: 'MilestoneCompleted', data: { milestoneId: 'h1', completedOn: '2026-06-10' } },
        ])
        .when(request())
        .thenError('MILESTONE_ALREADY_COMPLETED', { details: { milestoneId: 'h1' } });
    });

    it('refuses the counterpart, the Core Group and another institution', () => {
      spec.given(signedHistory()).when(request({}, actors.fae)).thenError('ROLE_NOT_ALLOWED');
      spec
        .given(signedHistory())
        .when(request({}, actors.coreGroupMember))
        .thenError('ROLE_NOT_ALLOWED');
      spec
        .given(signedHistory())
        .when(request({}, actors.otherInstitution))
        .thenError('FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION', { kind: 'forbidden' });
    });
  });

  describe('ConcurMilestoneReschedule', () => {
    it('moves the current dates with the member’s own concurrence; the baseline stays, a slip counts', () => {
      spec
        .given(withRequest())
        .when(concur({ reference: 'Acta GN-2026-05' }))
        .then([
          {
            type: 'MilestoneRescheduled',
            data: {
              milestoneId: 'h1',
              previousStart: '2026-02-01',
              previousDue: '2026-06-30',
              start: '2026-02-01',
              due: '2026-08-31',
              justification: 'Retraso en la contratación del equipo consultor.',
              requestId: 'r1',
              concurrence: {
                coreGroupMemberId: CORE_GROUP_MEMBER_ID,
                reference: 'Acta GN-2026-05',
                concurredOn: '2026-06-15',
                source: 'member',
              },
              slips: 1,
            },
          },
        ]);
      spec
        .given(withRequest())
        .when(concur())
        .thenState((state) => {
          expect(h1(state)).toMatchObject({
            baselineDue: '2026-06-30',
            due: '2026-08-31',
            slips: 1,
          });
          expect(h1(state).rescheduleRequests[0].outcome).toEqual({
            kind: 'concurred',
            coreGroupMemberId: CORE_GROUP_MEMBER_ID,
            on: '2026-06-15',
          });
        });
    });

    it('needs no reference to minutes: the member’s own account is the record', () => {
      const decision = spec.given(withRequest()).when(concur()).decision();
      expect(decision).toEqual([
        expect.objectContaining({
          data: expect.objectContaining({
            concurrence: expect.objectContaining({ reference: null, source: 'member' }),
          }),
        }),
      ]);
    });

    it('does not count a slip when the due date moves earlier', () => {
      spec
        .given([...signedHistory(), requested({ due: '2026-05-31' })])
        .when(concur())
        .thenState((state) => expect(h1(state)).toMatchObject({ due: '2026-05-31', slips: 0 }));
    });

    it('refuses someone outside the plan’s Core Group, even with the core-group role', () => {
      spec
        .given(withRequest())
        .when(concur({}, { id: 'intruso', role: 'core-group' }))
        .thenError('RESCHEDULE_CONCURRENCE_NOT_MEMBER', {
          kind: 'forbidden',
          details: { actorId: 'intruso', planId: PLAN_ID },
        });
    });

    it('refuses a member seated on another plan', () => {
      spec
        .given(withRequest())
        .when(concur({}, { ...actors.coreGroupMember, planId: 'otro-plan' }))
        .thenError('FORBIDDEN_NOT_PLAN_CORE_GROUP', { kind: 'forbidden' });
    });

    it('refuses the institution: it cannot concur with its own request', () => {
      spec.given(withRequest()).when(concur({}, actors.mdt)).thenError('ROLE_NOT_ALLOWED');
    });

    it('refuses an unknown request, and one already answered', () => {
      spec
        .given(withRequest())
        .when(concur({ requestId: 'r9' }))
        .thenError('RESCHEDULE_REQUEST_NOT_FOUND', { kind: 'not-found' });
      spec
        .given([...withRequest(), declined])
        .when(concur())
        .thenError('RESCHEDULE_REQUEST_ALREADY_ANSWERED', {
          kind: 'rule',
          details: { requestId: 'r1', outcome: 'declined' },
        });
    });

    it('refuses once the milestone was completed after the request', () => {
      spec
        .given([
          ...withRequest(),
          { type: 'MilestoneCompleted', data: { milestoneId: 'h1', completedOn: '2026-06-14' } },
        ])
        .when(concur())
        .thenError('MILESTONE_ALREADY_COMPLETED', { details: { milestoneId: 'h1' } });
    });

    it("refuses a context that is not the commitment's plan", () => {
      spec
        .given(withRequest())
        .when(concur({ context: { plan: { ...planRef(), planId: 'otro' } } }))
        .thenError('CONTEXT_MISMATCH', { kind: 'invalid', details: { field: 'context.plan' } });
    });
  });

  describe('DeclineMilestoneReschedule', () => {
    it('records the member’s reasons; the dates stay', () => {
      spec
        .given(withRequest())
        .when(decline())
        .then([
          {
            type: 'MilestoneRescheduleDeclined',
            data: {
              requestId: 'r1',
              milestoneId: 'h1',
              coreGroupMemberId: CORE_GROUP_MEMBER_ID,
              reasons: 'El nuevo plazo deja sin tiempo la validación ciudadana.',
              declinedOn: '2026-06-15',
            },
          },
        ]);
      spec
        .given(withRequest())
        .when(decline())
        .thenState((state) => {
          expect(h1(state)).toMatchObject({ due: '2026-06-30', slips: 0 });
          expect(h1(state).rescheduleRequests[0].outcome).toMatchObject({ kind: 'declined' });
        });
    });

    it('refuses without reasons, outside the Core Group, or when already answered', () => {
      spec
        .given(withRequest())
        .when(decline({ reasons: '' }))
        .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'reasons' } });
      spec
        .given(withRequest())
        .when(decline({}, { id: 'intruso', role: 'core-group' }))
        .thenError('RESCHEDULE_CONCURRENCE_NOT_MEMBER');
      spec
        .given([...withRequest(), declined])
        .when(decline())
        .thenError('RESCHEDULE_REQUEST_ALREADY_ANSWERED');
    });
  });

  describe('WithdrawMilestoneRescheduleRequest', () => {
    it('closes the open request, so the institution may ask again', () => {
      spec
        .given(withRequest())
        .when(withdraw())
        .then([
          {
            type: 'MilestoneRescheduleRequestWithdrawn',
            data: {
              requestId: 'r1',
              milestoneId: 'h1',
              reason: 'Se pedirá otra fecha tras la reunión.',
              withdrawnOn: '2026-06-15',
            },
          },
        ]);
      const [withdrawn] = spec
        .given(withRequest())
        .when(withdraw())
        .decision() as CommitmentEvent[];
      spec
        .given([...withRequest(), withdrawn])
        .when(request({ requestId: 'r2' }))
        .then([requested({ requestId: 'r2' })]);
      spec
        .given([...withRequest(), withdrawn])
        .when(concur())
        .thenError('RESCHEDULE_REQUEST_ALREADY_ANSWERED', { details: { outcome: 'withdrawn' } });
    });

    it('refuses an answered request and a missing reason', () => {
      spec
        .given([...withRequest(), declined])
        .when(withdraw())
        .thenError('RESCHEDULE_REQUEST_ALREADY_ANSWERED');
      spec
        .given(withRequest())
        .when(withdraw({ reason: '' }))
        .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'reason' } });
    });
  });

  describe('a reschedule recorded before members concurred themselves (v1)', () => {
    const v1: MilestoneRescheduledV1Data = {
      milestoneId: 'h1',
      previousStart: '2026-02-01',
      previousDue: '2026-06-30',
      start: '2026-02-01',
      due: '2026-08-31',
      justification: 'Retraso en la contratación del equipo consultor.',
      concurrence: {
        coreGroupMemberId: CORE_GROUP_MEMBER_ID,
        reference: 'Acta de reunión del Grupo Núcleo No. 5',
        concurredOn: '2026-06-10',
      },
      slips: 1,
    };

    it('upcasts to a concurrence asserted by the institution, every stored field kept', () => {
      expect(upcastMilestoneRescheduledV1toV2(v1)).toEqual({
        ...v1,
        requestId: null,
        concurrence: { ...v1.concurrence, source: 'asserted-by-institution' },
      });
      expect(HITOS_EVENT_UPCASTS).toContainEqual(
        expect.objectContaining({ type: 'MilestoneRescheduled', fromVersion: 1 }),
      );
    });

    it('still moves the dates when folded, and its audit line says who asserted it', () => {
      const event: CommitmentEvent = {
        type: 'MilestoneRescheduled',
        data: upcastMilestoneRescheduledV1toV2(v1),
      };
      spec
        .given([...signedHistory(), event])
        .when(request({ due: '2026-09-30' }))
        .then([requested({ currentDue: '2026-08-31', due: '2026-09-30' })]);
      const line = RESCHEDULE_EVENTS.MilestoneRescheduled.summary(event.data);
      expect(line.es).toContain('declarada por la institución');
      expect(line.en).toContain('asserted by the institution');
    });
  });
});
