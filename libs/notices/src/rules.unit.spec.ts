import type { CommitmentContext, NoticeCause } from './notice';
import { inAudience } from './notice';
import { noticesFor } from './rules';

const context: CommitmentContext = {
  commitmentId: 'c1',
  planId: 'ec-paea-2026-2027',
  number: 3,
  title: 'Datos abiertos de empleo',
  institutionId: 'mdt',
  counterpartId: 'fae',
};
const at = '2026-06-20T12:00:00.000Z';
const given = (type: string, data: unknown): NoticeCause => ({
  id: 'e1',
  type,
  data,
  recordedAt: at,
});
const parties = [
  { role: 'institution', organizationId: 'mdt' },
  { role: 'counterpart', organizationId: 'fae' },
];

describe('noticesFor: given an event, then the notices', () => {
  it.each([
    [
      'MilestoneDueSoon',
      { milestoneId: 'h1', due: '2026-07-01', daysBefore: 15, notifiedOn: '2026-06-16' },
      'milestone-due-soon',
    ],
    [
      'MilestoneOverdue',
      { milestoneId: 'h1', due: '2026-07-01', detectedOn: '2026-07-02' },
      'milestone-overdue',
    ],
    [
      'CommitmentPeriodEnded',
      { periodEnd: '2027-12-31', detectedOn: '2028-01-01' },
      'period-ended',
    ],
    [
      'ProgressReportDue',
      {
        periodStart: '2026-01-01',
        dueOn: '2026-07-01',
        cadenceMonths: 6,
        daysBefore: 15,
        notifiedOn: '2026-06-16',
      },
      'progress-report-due',
    ],
    [
      'ProgressReportOverdue',
      {
        periodStart: '2026-01-01',
        dueOn: '2026-07-01',
        cadenceMonths: 6,
        detectedOn: '2026-07-02',
      },
      'progress-report-overdue',
    ],
    [
      'QuestionAsked',
      {
        questionId: 'q1',
        text: '¿Cuándo?',
        askerName: 'Ana',
        askedOn: '2026-06-20',
        answerDueOn: '2026-07-05',
      },
      'question-asked',
    ],
  ])('%s → the institution and the counterpart', (type, data, kind) => {
    const [notice] = noticesFor(given(type, data), context);
    expect(notice).toMatchObject({
      kind,
      eventId: 'e1',
      commitmentId: 'c1',
      planId: context.planId,
      recordedAt: at,
    });
    expect(notice.audiences).toEqual(parties);
  });

  it('TransferDecisionOverdue → the Presidency and the plan’s Core Group', () => {
    const [notice] = noticesFor(
      given('TransferDecisionOverdue', {
        pendingSince: '2026-05-01',
        limitDays: 30,
        dueOn: '2026-05-31',
        detectedOn: '2026-06-01',
      }),
      context,
    );
    expect(notice.kind).toBe('transfer-decision-overdue');
    expect(notice.audiences).toEqual([
      { role: 'presidency' },
      { role: 'core-group', planId: context.planId },
    ]);
  });

  it('InformationHandoverOverdue → the receiving institution and the Presidency', () => {
    const [notice] = noticesFor(
      given('InformationHandoverOverdue', {
        toInstitutionId: 'mintel',
        transferredOn: '2026-05-01',
        limitDays: 30,
        dueOn: '2026-05-31',
        detectedOn: '2026-06-01',
      }),
      context,
    );
    expect(notice.audiences).toEqual([
      { role: 'institution', organizationId: 'mintel' },
      { role: 'presidency' },
    ]);
  });

  it('an objected review → the institution, without the reasons (they may be reserved)', () => {
    const [notice] = noticesFor(
      given('ProgressReportReviewed', {
        reportId: 'p1',
        milestoneId: 'h1',
        verdict: 'objected',
        reasons: 'Reservado',
        reviewedOn: '2026-06-20',
        classification: 'reserved',
        round: 1,
      }),
      context,
    );
    expect(notice.kind).toBe('objection-awaits-answer');
    expect(notice.audiences).toEqual([parties[0]]);
    expect(JSON.stringify(notice)).not.toContain('Reservado');
  });

  it('an endorsed review notifies nobody', () => {
    expect(
      noticesFor(
        given('ProgressReportReviewed', { reportId: 'p1', milestoneId: 'h1', verdict: 'endorsed' }),
        context,
      ),
    ).toEqual([]);
  });

  it('concurrences requested (transfer, reschedule) → the plan’s Core Group; no justification', () => {
    const [transfer] = noticesFor(
      given('CommitmentMarkedTransferPending', { institutionId: 'mdt', markedOn: '2026-06-20' }),
      context,
    );
    expect(transfer.kind).toBe('transfer-concurrence-requested');
    expect(transfer.audiences).toEqual([{ role: 'core-group', planId: context.planId }]);
    const [reschedule] = noticesFor(
      given('MilestoneRescheduleRequested', {
        requestId: 'r1',
        milestoneId: 'h1',
        start: '2026-02-01',
        due: '2026-09-30',
        justification: 'Sin fondos',
        requestedOn: '2026-06-20',
      }),
      context,
    );
    expect(reschedule).toMatchObject({
      kind: 'reschedule-concurrence-requested',
      details: { requestId: 'r1', milestoneId: 'h1', start: '2026-02-01', due: '2026-09-30' },
    });
    expect(JSON.stringify(reschedule)).not.toContain('Sin fondos');
  });

  it('a question overdue → the institution and the Presidency; the question’s text never', () => {
    const [notice] = noticesFor(
      given('QuestionAnswerOverdue', {
        questionId: 'q1',
        answerDueOn: '2026-07-05',
        detectedOn: '2026-07-06',
      }),
      context,
    );
    expect(notice.audiences).toEqual([parties[0], { role: 'presidency' }]);
    const [asked] = noticesFor(
      given('QuestionAsked', {
        questionId: 'q1',
        text: '¿Cuándo?',
        askerName: 'Ana',
        askedOn: '2026-06-20',
        answerDueOn: '2026-07-05',
      }),
      context,
    );
    expect(JSON.stringify(asked)).not.toMatch(/Cuándo|Ana/);
  });

  it('a question answered → whoever asked it (by the question, never by address); the answer’s text never', () => {
    const [notice] = noticesFor(
      given('QuestionAnswered', {
        questionId: 'q1',
        answer: 'En julio, en el portal.',
        answeredOn: '2026-06-25',
      }),
      context,
    );
    expect(notice).toMatchObject({
      kind: 'question-answered',
      details: { questionId: 'q1', answeredOn: '2026-06-25' },
    });
    expect(notice.audiences).toEqual([{ role: 'asker', questionId: 'q1' }]);
    expect(JSON.stringify(notice)).not.toMatch(/julio/);
    // No registered recipient is ever in an asker's audience.
    for (const role of ['institution', 'counterpart', 'core-group', 'presidency'] as const)
      expect(inAudience(notice.audiences[0], { role, organizationId: null, planId: null })).toBe(
        false,
      );
  });

  it('nothing for an event no rule names, or a commitment never seen drafted', () => {
    expect(noticesFor(given('MilestonePlanned', {}), context)).toEqual([]);
    expect(
      noticesFor(given('MilestoneOverdue', { milestoneId: 'h1', due: '2026-07-01' }), undefined),
    ).toEqual([]);
  });
});

describe('inAudience', () => {
  it('matches role and scope', () => {
    const recipient = { role: 'institution' as const, organizationId: 'mdt', planId: null };
    expect(inAudience({ role: 'institution', organizationId: 'mdt' }, recipient)).toBe(true);
    expect(inAudience({ role: 'institution', organizationId: 'mintel' }, recipient)).toBe(false);
    expect(inAudience({ role: 'counterpart', organizationId: 'mdt' }, recipient)).toBe(false);
    expect(
      inAudience(
        { role: 'presidency' },
        { role: 'presidency', organizationId: null, planId: null },
      ),
    ).toBe(true);
  });
});
