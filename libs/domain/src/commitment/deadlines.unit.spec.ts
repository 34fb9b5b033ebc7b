import {
  CORE_GROUP_MEMBER_ID,
  DeciderSpecification,
  OTHER_INSTITUTION_ID,
  actors,
  awaitingHandoverHistory,
  command,
  commitmentStateOf,
  evidence,
  handoverAcknowledged,
  markedTransferPending,
  mdtRenamed,
  readyToSignHistory,
  signatories,
  signedHistory,
  transferConcurred,
  transferPendingHistory,
} from '@hitos/testing';
import type { Actor } from '../kernel/actor';
import { commitmentDecider } from './commitment.decider';
import type { CommitmentEvent } from './commitment.events';
import type { MilestoneRescheduled } from './reschedules';
import type { ReportSubmitted } from './reports';
import { deadlineKey, type ExistingCommitment } from './commitment.state';
import {
  DEADLINE_KINDS,
  deadlineFiresOn,
  type DeadlineEvent,
  type ReachedDeadline,
  type RecordDeadlineReached,
} from './deadlines';

const spec = DeciderSpecification.for(commitmentDecider);

/** The timer's command, at noon of `on` (a calendar date). */
const reached = (deadline: ReachedDeadline, on: string, actor: Actor = actors.system) =>
  command<RecordDeadlineReached>('RecordDeadlineReached', deadline, actor, `${on}T12:00:00.000Z`);

// ── the deadlines of the fixture commitment (h1 due 2026-06-30, acta signed 2026-01-28) ──

const dueSoon: ReachedDeadline = {
  kind: 'milestone-due-soon',
  milestoneId: 'h1',
  due: '2026-06-30',
  daysBefore: 15,
};
const overdue: ReachedDeadline = {
  kind: 'milestone-overdue',
  milestoneId: 'h1',
  due: '2026-06-30',
};
const periodEnded: ReachedDeadline = { kind: 'period-ended', periodEnd: '2027-12-31' };
const reportDue: ReachedDeadline = {
  kind: 'progress-report-due',
  periodStart: '2026-01-28',
  dueOn: '2026-07-28',
  cadenceMonths: 6,
  daysBefore: 10,
};
const reportOverdue: ReachedDeadline = {
  kind: 'progress-report-overdue',
  periodStart: '2026-01-28',
  dueOn: '2026-07-28',
  cadenceMonths: 6,
};
const decisionOverdue: ReachedDeadline = {
  kind: 'transfer-decision-overdue',
  pendingSince: '2026-07-02',
  limitDays: 30,
};
const handoverOverdue: ReachedDeadline = {
  kind: 'handover-overdue',
  transferredOn: '2026-07-15',
  limitDays: 15,
};

const questionOverdue: ReachedDeadline = {
  kind: 'question-answer-overdue',
  questionId: 'q1',
  answerDueOn: '2026-06-30',
};
const questionAskedHistory = (): CommitmentEvent[] => [
  ...signedHistory(),
  {
    type: 'QuestionAsked',
    data: {
      questionId: 'q1',
      text: '¿Cuándo se publica la encuesta?',
      askedOn: '2026-06-15',
      answerDueOn: '2026-06-30',
    },
  },
];

/** Each kind: the deadline, the history where it applies, the first day it fires, its event. */
const cases: [
  ReachedDeadline['kind'],
  ReachedDeadline,
  () => CommitmentEvent[],
  string,
  DeadlineEvent,
][] = [
  [
    'milestone-due-soon',
    dueSoon,
    signedHistory,
    '2026-06-15',
    {
      type: 'MilestoneDueSoon',
      data: { milestoneId: 'h1', due: '2026-06-30', daysBefore: 15, notifiedOn: '2026-06-15' },
    },
  ],
  [
    'milestone-overdue',
    overdue,
    signedHistory,
    '2026-07-01',
    {
      type: 'MilestoneOverdue',
      data: { milestoneId: 'h1', due: '2026-06-30', detectedOn: '2026-07-01' },
    },
  ],
  [
    'period-ended',
    periodEnded,
    signedHistory,
    '2028-01-01',
    { type: 'CommitmentPeriodEnded', data: { periodEnd: '2027-12-31', detectedOn: '2028-01-01' } },
  ],
  [
    'progress-report-due',
    reportDue,
    signedHistory,
    '2026-07-18',
    {
      type: 'ProgressReportDue',
      data: {
        periodStart: '2026-01-28',
        dueOn: '2026-07-28',
        cadenceMonths: 6,
        daysBefore: 10,
        notifiedOn: '2026-07-18',
      },
    },
  ],
  [
    'progress-report-overdue',
    reportOverdue,
    signedHistory,
    '2026-07-29',
    {
      type: 'ProgressReportOverdue',
      data: {
        periodStart: '2026-01-28',
        dueOn: '2026-07-28',
        cadenceMonths: 6,
        detectedOn: '2026-07-29',
      },
    },
  ],
  [
    'transfer-decision-overdue',
    decisionOverdue,
    transferPendingHistory,
    '2026-08-01',
    {
      type: 'TransferDecisionOverdue',
      data: {
        pendingSince: '2026-07-02',
        limitDays: 30,
        dueOn: '2026-08-01',
        detectedOn: '2026-08-01',
      },
    },
  ],
  [
    'handover-overdue',
    handoverOverdue,
    awaitingHandoverHistory,
    '2026-07-30',
    {
      type: 'InformationHandoverOverdue',
      data: {
        toInstitutionId: OTHER_INSTITUTION_ID,
        transferredOn: '2026-07-15',
        limitDays: 15,
        dueOn: '2026-07-30',
        detectedOn: '2026-07-30',
      },
    },
  ],
  [
    'question-answer-overdue',
    questionOverdue,
    questionAskedHistory,
    '2026-07-01',
    {
      type: 'QuestionAnswerOverdue',
      data: { questionId: 'q1', answerDueOn: '2026-06-30', detectedOn: '2026-07-01' },
    },
  ],
];

const dayBefore = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

const institutionReport = (
  submittedOn: string,
  submittedBy: ReportSubmitted['data']['submittedBy'] = 'institution',
  reportId = `s-${submittedOn}`,
): ReportSubmitted => ({
  type: 'ReportSubmitted',
  data: {
    reportId,
    audience: 'core-group',
    submittedBy,
    title: 'Informe semestral de avance',
    summary: 'Avance del diagnóstico.',
    classification: 'public',
    submittedOn,
  },
});

const rescheduled = (
  start: string,
  due: string,
  previousDue = '2026-06-30',
): MilestoneRescheduled => ({
  type: 'MilestoneRescheduled',
  data: {
    milestoneId: 'h1',
    previousStart: '2026-02-01',
    previousDue,
    start,
    due,
    justification: 'Retraso en la contratación del equipo consultor.',
    requestId: 'r1',
    concurrence: {
      coreGroupMemberId: CORE_GROUP_MEMBER_ID,
      reference: null,
      concurredOn: '2026-07-10',
      source: 'member',
    },
    slips: due > previousDue ? 1 : 0,
  },
});

/** h1 claimed at 100 %, endorsed and completed on 2026-06-20. */
const h1Done: CommitmentEvent[] = [
  {
    type: 'MilestoneProgressReported',
    data: {
      reportId: 'p1',
      milestoneId: 'h1',
      percent: 100,
      narrative: 'Diagnóstico concluido.',
      evidence: [evidence()],
      reportedOn: '2026-06-15',
      classification: 'public',
    },
  },
  {
    type: 'ProgressReportReviewed',
    data: {
      reportId: 'p1',
      milestoneId: 'h1',
      verdict: 'endorsed',
      reviewedOn: '2026-06-20',
      round: 1,
    },
  },
  { type: 'MilestoneCompleted', data: { milestoneId: 'h1', completedOn: '2026-06-20' } },
];

const closed: CommitmentEvent = {
  type: 'CommitmentClosed',
  data: {
    resultsNarrative: 'Cumplido en lo sustancial.',
    completion: 'substantial',
    openedGovernment: 'major',
    evidence: [evidence()],
    counterpartCoSignature: { ...signatories.counterpart, signedOn: '2027-12-30' },
    closedOn: '2027-12-31',
    classification: 'public',
  },
};

const withdrawn: CommitmentEvent = {
  type: 'CommitmentWithdrawn',
  data: { reason: 'Retirado del plan.', withdrawnOn: '2026-03-01' },
};

const milestoneH1 = (state: unknown) => (state as ExistingCommitment).milestones[0];

describe('deadlines', () => {
  it('knows eight kinds', () => {
    expect([...DEADLINE_KINDS].sort()).toEqual(cases.map(([kind]) => kind).sort());
  });

  describe('deadlineFiresOn', () => {
    it.each(cases)('%s fires on %#', (_, deadline, __, firesOn) => {
      expect(deadlineFiresOn(deadline)).toBe(firesOn);
    });

    it('fires a reminder with no days before on the due date itself', () => {
      expect(deadlineFiresOn({ ...dueSoon, daysBefore: 0 } as ReachedDeadline)).toBe('2026-06-30');
      expect(deadlineFiresOn({ ...reportDue, daysBefore: 0 } as ReachedDeadline)).toBe(
        '2026-07-28',
      );
    });

    it('counts over month and year ends', () => {
      expect(deadlineFiresOn({ kind: 'period-ended', periodEnd: '2026-02-28' })).toBe('2026-03-01');
      expect(
        deadlineFiresOn({
          kind: 'transfer-decision-overdue',
          pendingSince: '2027-12-20',
          limitDays: 30,
        }),
      ).toBe('2028-01-19');
      expect(
        deadlineFiresOn({
          kind: 'milestone-due-soon',
          milestoneId: 'h',
          due: '2028-03-05',
          daysBefore: 7,
        }),
      ).toBe('2028-02-27');
    });
  });

  describe('RecordDeadlineReached', () => {
    it.each(cases)('records %s the day it is reached', (_, deadline, history, firesOn, event) => {
      spec.given(history()).when(reached(deadline, firesOn)).then([event]);
    });

    it.each(cases)(
      'records %s once, under its key, changing no status',
      (_, deadline, history, firesOn, event) => {
        const before = commitmentStateOf(history());
        spec
          .given(history())
          .when(reached(deadline, firesOn))
          .thenState((state) => {
            expect((state as ExistingCommitment).deadlinesRecorded).toEqual([deadlineKey(event)]);
            expect(state.status).toBe(before.status);
            expect((state as ExistingCommitment).transfer).toEqual(
              (before as ExistingCommitment).transfer,
            );
          });
      },
    );

    it.each(cases)('refuses %s a day early', (kind, deadline, history, firesOn) => {
      spec
        .given(history())
        .when(reached(deadline, dayBefore(firesOn)))
        .thenError('DEADLINE_NOT_REACHED', {
          kind: 'rule',
          details: { kind, firesOn, today: dayBefore(firesOn) },
        });
    });

    it.each(cases)(
      'decides nothing when %s fires twice',
      (_, deadline, history, firesOn, event) => {
        spec
          .given([...history(), event])
          .when(reached(deadline, '2028-06-01'))
          .then([]);
      },
    );

    it('dates a late timer by the day it ran', () => {
      spec
        .given(signedHistory())
        .when(reached(overdue, '2026-07-09'))
        .then([
          {
            type: 'MilestoneOverdue',
            data: { milestoneId: 'h1', due: '2026-06-30', detectedOn: '2026-07-09' },
          },
        ]);
    });

    it.each(cases)('refuses %s from anyone but the system', (_, deadline, history, firesOn) => {
      for (const actor of [actors.presidency, actors.mdt, actors.fae, actors.coreGroupMember])
        spec
          .given(history())
          .when(reached(deadline, firesOn, actor))
          .thenError('ROLE_NOT_ALLOWED', {
            kind: 'forbidden',
            details: { allowedRoles: ['system'] },
          });
    });

    it.each(cases)(
      'decides nothing for %s once the commitment is closed or withdrawn',
      (_, deadline, __, firesOn) => {
        spec
          .given([
            ...signedHistory(),
            { type: 'CommitmentCompleted', data: { completedOn: '2026-06-20' } },
            closed,
          ])
          .when(reached(deadline, firesOn))
          .then([]);
        spec
          .given([...signedHistory(), withdrawn])
          .when(reached(deadline, firesOn))
          .then([]);
      },
    );

    it('refuses a person on a closed commitment all the same', () => {
      spec
        .given([...signedHistory(), withdrawn])
        .when(reached(overdue, '2026-07-01', actors.presidency))
        .thenError('ROLE_NOT_ALLOWED');
    });

    it('refuses an unknown stream', () => {
      spec.given([]).when(reached(overdue, '2026-07-01')).thenError('COMMITMENT_NOT_FOUND');
    });

    describe('validation', () => {
      it.each([
        ['REQUIRED_FIELD_MISSING', 'kind', {}],
        ['INVALID_FIELD', 'kind', { kind: 'plazo-cualquiera' }],
        ['INVALID_FIELD', 'due', { ...overdue, due: '2026-06-31' }],
        ['REQUIRED_FIELD_MISSING', 'milestoneId', { ...overdue, milestoneId: '' }],
        ['INVALID_FIELD', 'daysBefore', { ...dueSoon, daysBefore: -1 }],
        ['INVALID_FIELD', 'daysBefore', { ...dueSoon, daysBefore: 1.5 }],
        ['REQUIRED_FIELD_MISSING', 'periodEnd', { kind: 'period-ended' }],
        ['INVALID_FIELD', 'cadenceMonths', { ...reportDue, cadenceMonths: 0 }],
        ['INVALID_FIELD', 'cadenceMonths', { ...reportOverdue, cadenceMonths: 61 }],
        ['REQUIRED_FIELD_MISSING', 'dueOn', { ...reportOverdue, dueOn: undefined }],
        ['INVALID_FIELD', 'limitDays', { ...decisionOverdue, limitDays: 3_651 }],
        ['INVALID_FIELD', 'transferredOn', { ...handoverOverdue, transferredOn: '15/07/2026' }],
      ])('refuses with %s on %s', (code, field, deadline) => {
        spec
          .given(signedHistory())
          .when(reached(deadline as ReachedDeadline, '2030-01-01'))
          .thenError(code, { kind: 'invalid', details: { field } });
      });
    });

    describe('milestone deadlines', () => {
      it.each([
        ['milestone-due-soon', dueSoon, '2026-06-15'],
        ['milestone-overdue', overdue, '2026-07-01'],
      ] as const)('%s decides nothing once the milestone is completed', (_, deadline, on) => {
        spec
          .given([...signedHistory(), ...h1Done])
          .when(reached(deadline, on))
          .then([]);
      });

      it.each([
        ['milestone-due-soon', dueSoon, '2026-06-15'],
        ['milestone-overdue', overdue, '2026-07-01'],
      ] as const)('%s decides nothing once the milestone was rescheduled', (_, deadline, on) => {
        spec
          .given([...signedHistory(), rescheduled('2026-02-01', '2026-08-31')])
          .when(reached(deadline, on))
          .then([]);
      });

      it('fires again when a milestone moved later comes back to a date already found overdue', () => {
        const history = [
          ...signedHistory(),
          {
            type: 'MilestoneOverdue',
            data: { milestoneId: 'h1', due: '2026-06-30', detectedOn: '2026-07-01' },
          } as CommitmentEvent,
          rescheduled('2026-02-01', '2026-08-31'),
          rescheduled('2026-02-01', '2026-06-30', '2026-08-31'),
        ];
        spec
          .given(history)
          .when(reached(overdue, '2026-09-01'))
          .then([
            {
              type: 'MilestoneOverdue',
              data: { milestoneId: 'h1', due: '2026-06-30', detectedOn: '2026-09-01' },
            },
          ]);
      });

      it('fires again for the new due date: one deadline per date', () => {
        const history = [
          ...signedHistory(),
          {
            type: 'MilestoneOverdue',
            data: { milestoneId: 'h1', due: '2026-06-30', detectedOn: '2026-07-01' },
          } as CommitmentEvent,
          rescheduled('2026-02-01', '2026-08-31'),
        ];
        spec
          .given(history)
          .when(reached({ ...overdue, due: '2026-08-31' }, '2026-09-01'))
          .then([
            {
              type: 'MilestoneOverdue',
              data: { milestoneId: 'h1', due: '2026-08-31', detectedOn: '2026-09-01' },
            },
          ]);
      });

      it('decides nothing for a milestone the commitment does not have', () => {
        spec
          .given(signedHistory())
          .when(reached({ ...overdue, milestoneId: 'h9' }, '2026-07-01'))
          .then([]);
      });

      it('decides nothing before the acta is signed', () => {
        spec.given(readyToSignHistory()).when(reached(overdue, '2026-07-01')).then([]);
        spec.given(readyToSignHistory()).when(reached(dueSoon, '2026-06-15')).then([]);
      });

      it('still watches milestones while a transfer is pending or awaiting the handover', () => {
        spec
          .given(transferPendingHistory())
          .when(reached(overdue, '2026-07-03'))
          .then([
            {
              type: 'MilestoneOverdue',
              data: { milestoneId: 'h1', due: '2026-06-30', detectedOn: '2026-07-03' },
            },
          ]);
        spec
          .given(awaitingHandoverHistory())
          .when(reached(dueSoon, '2026-07-20'))
          .then([
            {
              type: 'MilestoneDueSoon',
              data: {
                milestoneId: 'h1',
                due: '2026-06-30',
                daysBefore: 15,
                notifiedOn: '2026-07-20',
              },
            },
          ]);
      });

      it('keeps the due-soon and the overdue of one date apart', () => {
        const soon: CommitmentEvent = {
          type: 'MilestoneDueSoon',
          data: { milestoneId: 'h1', due: '2026-06-30', daysBefore: 15, notifiedOn: '2026-06-15' },
        };
        spec
          .given([...signedHistory(), soon])
          .when(reached(overdue, '2026-07-01'))
          .thenState((state) =>
            expect((state as ExistingCommitment).deadlinesRecorded).toEqual([
              'milestone-due-soon:h1:2026-06-30',
              'milestone-overdue:h1:2026-06-30',
            ]),
          );
      });
    });

    describe('overdueSince', () => {
      const overdueEvent: CommitmentEvent = {
        type: 'MilestoneOverdue',
        data: { milestoneId: 'h1', due: '2026-06-30', detectedOn: '2026-07-01' },
      };

      it('is null until the engine finds the due date passed', () => {
        spec
          .given(signedHistory())
          .when(reached(dueSoon, '2026-06-15'))
          .thenState((state) => expect(milestoneH1(state).overdueSince).toBeNull());
      });

      it('is set by MilestoneOverdue, on that milestone only', () => {
        spec
          .given(signedHistory())
          .when(reached(overdue, '2026-07-01'))
          .thenState((state) => {
            const all = (state as ExistingCommitment).milestones;
            expect(all.map((m) => m.overdueSince)).toEqual(['2026-07-01', null, null]);
          });
      });

      it('is cleared by completing the milestone', () => {
        spec
          .given([...signedHistory(), overdueEvent, ...h1Done.slice(0, 2)])
          .when(
            command(
              'CompleteMilestone',
              { milestoneId: 'h1' },
              actors.mdt,
              '2026-07-05T15:00:00.000Z',
            ),
          )
          .thenState((state) => {
            expect(milestoneH1(state).completed).toBe(true);
            expect(milestoneH1(state).overdueSince).toBeNull();
          });
      });

      it('is cleared when a member concurs with a later due date', () => {
        spec
          .given([
            ...signedHistory(),
            overdueEvent,
            {
              type: 'MilestoneRescheduleRequested',
              data: {
                requestId: 'r1',
                milestoneId: 'h1',
                currentStart: '2026-02-01',
                currentDue: '2026-06-30',
                start: '2026-02-01',
                due: '2026-08-31',
                justification: 'Retraso en la contratación del equipo consultor.',
                requestedOn: '2026-07-06',
              },
            },
          ])
          .when(
            command(
              'ConcurMilestoneReschedule',
              {
                requestId: 'r1',
                context: {
                  plan: {
                    planId: 'ec-paea-2026-2027',
                    exists: true,
                    period: { start: '2026-01-01', end: '2027-12-31' },
                    coreGroupMemberIds: [CORE_GROUP_MEMBER_ID],
                  },
                },
              },
              actors.coreGroupMember,
              '2026-07-12T15:00:00.000Z',
            ),
          )
          .thenState((state) => {
            expect(milestoneH1(state).due).toBe('2026-08-31');
            expect(milestoneH1(state).overdueSince).toBeNull();
          });
      });

      it('stays when only the start moves, or the due date moves earlier: still late', () => {
        const fold = (events: CommitmentEvent[]) =>
          milestoneH1(events.reduce(commitmentDecider.evolve, commitmentDecider.initialState()))
            .overdueSince;
        expect(
          fold([...signedHistory(), overdueEvent, rescheduled('2026-03-01', '2026-06-30')]),
        ).toBe('2026-07-01');
        expect(
          fold([...signedHistory(), overdueEvent, rescheduled('2026-02-01', '2026-06-15')]),
        ).toBe('2026-07-01');
      });

      it('is not set by an overdue for a due date no longer in force, nor on a completed milestone', () => {
        const fold = (events: CommitmentEvent[]) =>
          milestoneH1(events.reduce(commitmentDecider.evolve, commitmentDecider.initialState()))
            .overdueSince;
        expect(
          fold([...signedHistory(), rescheduled('2026-02-01', '2026-08-31'), overdueEvent]),
        ).toBeNull();
        expect(fold([...signedHistory(), ...h1Done, overdueEvent])).toBeNull();
      });
    });

    describe('period ended', () => {
      it('is watched in Draft too', () => {
        spec
          .given(readyToSignHistory())
          .when(reached(periodEnded, '2028-01-01'))
          .then([
            {
              type: 'CommitmentPeriodEnded',
              data: { periodEnd: '2027-12-31', detectedOn: '2028-01-01' },
            },
          ]);
      });

      it('decides nothing for an end that is not the commitment’s', () => {
        spec
          .given(signedHistory())
          .when(reached({ kind: 'period-ended', periodEnd: '2027-06-30' }, '2028-01-01'))
          .then([]);
      });
    });

    describe('progress reports', () => {
      it.each([
        ['on the first day of the period', '2026-01-28'],
        ['within the period', '2026-05-04'],
        ['on the due date', '2026-07-28'],
      ])('decide nothing when the institution reported %s', (_, submittedOn) => {
        for (const [deadline, on] of [
          [reportDue, '2026-07-18'],
          [reportOverdue, '2026-07-29'],
        ] as const)
          spec
            .given([...signedHistory(), institutionReport(submittedOn)])
            .when(reached(deadline, on))
            .then([]);
      });

      it.each([
        ['only the counterpart reported', institutionReport('2026-05-04', 'counterpart')],
        ['the report predates the period', institutionReport('2026-01-27')],
        ['the report came after the due date', institutionReport('2026-07-29')],
      ])('are recorded when %s', (_, report) => {
        spec
          .given([...signedHistory(), report])
          .when(reached(reportOverdue, '2026-07-30'))
          .then([
            {
              type: 'ProgressReportOverdue',
              data: {
                periodStart: '2026-01-28',
                dueOn: '2026-07-28',
                cadenceMonths: 6,
                detectedOn: '2026-07-30',
              },
            },
          ]);
      });

      it('keep a reminder and an overdue apart, each recorded once', () => {
        const due: CommitmentEvent = cases[3][4];
        spec
          .given([...signedHistory(), due])
          .when(reached(reportOverdue, '2026-07-29'))
          .thenState((state) =>
            expect((state as ExistingCommitment).deadlinesRecorded).toEqual([
              'progress-report-due:2026-07-28',
              'progress-report-overdue:2026-07-28',
            ]),
          );
      });

      it('are watched on a completed commitment, not before the acta is signed', () => {
        spec
          .given([
            ...signedHistory(),
            { type: 'CommitmentCompleted', data: { completedOn: '2026-06-20' } },
          ])
          .when(reached(reportOverdue, '2026-07-29'))
          .then([cases[4][4]]);
        spec.given(readyToSignHistory()).when(reached(reportOverdue, '2026-07-29')).then([]);
      });
    });

    describe('transfer deadlines', () => {
      it('decision overdue decides nothing once the commitment was maintained', () => {
        spec
          .given([
            ...signedHistory(),
            markedTransferPending('InImplementation', mdtRenamed),
            transferConcurred('maintain'),
            {
              type: 'CommitmentMaintained',
              data: {
                institutionId: 'mdt',
                reason: 'Cambio de denominación.',
                concurrence: {
                  coreGroupMemberId: CORE_GROUP_MEMBER_ID,
                  reference: 'Acta de reunión del Grupo Núcleo No. 7',
                  concurredOn: '2026-07-10',
                },
                resumedStatus: 'InImplementation',
                decidedOn: '2026-07-15',
              },
            },
          ])
          .when(reached(decisionOverdue, '2026-08-01'))
          .then([]);
      });

      it('decision overdue decides nothing once the commitment was transferred', () => {
        spec.given(awaitingHandoverHistory()).when(reached(decisionOverdue, '2026-08-01')).then([]);
      });

      it('decision overdue decides nothing for another pending period', () => {
        spec
          .given(transferPendingHistory())
          .when(reached({ ...decisionOverdue, pendingSince: '2026-05-01' }, '2026-08-01'))
          .then([]);
      });

      it('handover overdue decides nothing once the handover was acknowledged', () => {
        spec
          .given([...awaitingHandoverHistory(), handoverAcknowledged()])
          .when(reached(handoverOverdue, '2026-07-30'))
          .then([]);
      });

      it('handover overdue decides nothing for another transfer date', () => {
        spec
          .given(awaitingHandoverHistory())
          .when(reached({ ...handoverOverdue, transferredOn: '2026-07-14' }, '2026-07-30'))
          .then([]);
      });

      it('neither applies to a commitment that was never pending', () => {
        spec.given(signedHistory()).when(reached(decisionOverdue, '2026-08-01')).then([]);
        spec.given(signedHistory()).when(reached(handoverOverdue, '2026-07-30')).then([]);
      });
    });
  });
});
