import {
  actors,
  FakeAll,
  handoverAcknowledged,
  markedTransferPending,
  MDT_ID,
  mdtMerged,
  OTHER_INSTITUTION_ID,
  ProjectionSpecification,
  signedHistory,
  transferred,
} from '@hitos/testing';
import { DEFAULT_WORKFLOW_POLICY } from './workflow-policy';
import { workflowsProjection, type RedesignRow, type TimerRow } from './workflows.projection';

const reschedule = (due: string, previousDue: string) => ({
  type: 'MilestoneRescheduled',
  data: {
    milestoneId: 'h1',
    previousStart: '2026-02-01',
    previousDue,
    start: '2026-02-01',
    due,
    justification: 'x',
    concurrence: { coreGroupMemberId: 'gn', reference: 'r', concurredOn: '2026-07-10' },
    slips: due > previousDue ? 1 : 0,
  },
});

const spec = ProjectionSpecification.for(workflowsProjection(DEFAULT_WORKFLOW_POLICY));

function model(events: (all: FakeAll) => void) {
  const all = new FakeAll();
  events(all);
  const store = spec.given(all);
  const timers = (commitmentId = 'c1') =>
    (
      store.db
        .prepare('SELECT * FROM timer WHERE commitment_id = ? ORDER BY fires_on, key')
        .all(commitmentId) as TimerRow[]
    ).map((t) => `${t.fires_on} ${t.key.split('|')[1]}`);
  const redesigns = () =>
    store.db.prepare('SELECT * FROM redesign').all() as (RedesignRow & {
      done: number;
    })[];
  return { all, store, timers, redesigns };
}

describe('the workflows model (the engine’s to-do list)', () => {
  it('schedules every deadline of a signed commitment on its day, from the published policy', () => {
    const { timers } = model((all) => all.commitment('c1', signedHistory()));
    expect(timers()).toEqual([
      '2026-06-15 milestone-due-soon:h1:2026-06-30',
      '2026-07-01 milestone-overdue:h1:2026-06-30',
      // The reporting calendar: six months from the signature (2026-01-28), reminded 15 days before.
      '2026-07-13 progress-report-due:2026-07-28',
      '2026-07-29 progress-report-overdue:2026-07-28',
      '2027-03-16 milestone-due-soon:h2:2027-03-31',
      '2027-04-01 milestone-overdue:h2:2027-03-31',
      '2027-11-30 milestone-due-soon:h3:2027-12-15',
      '2027-12-16 milestone-overdue:h3:2027-12-15',
      '2028-01-01 period-ended:2027-12-31',
    ]);
  });

  it('drops a fired deadline, moves to the next reporting period, and cancels on completion', () => {
    const { timers } = model((all) =>
      all.commitment('c1', [
        ...signedHistory(),
        {
          type: 'MilestoneOverdue',
          data: { milestoneId: 'h1', due: '2026-06-30', detectedOn: '2026-07-01' },
        },
        {
          type: 'ProgressReportOverdue',
          data: {
            periodStart: '2026-01-28',
            dueOn: '2026-07-28',
            cadenceMonths: 6,
            detectedOn: '2026-07-29',
          },
        },
        { type: 'MilestoneCompleted', data: { milestoneId: 'h2', completedOn: '2026-08-01' } },
      ]),
    );
    const all = timers();
    expect(all.filter((t) => t.includes(':h1:') || t.includes(':h2:'))).toEqual([]);
    expect(all).toContain('2027-01-13 progress-report-due:2027-01-28');
    expect(all).toContain('2027-01-29 progress-report-overdue:2027-01-28');
  });

  it('a report the institution submits within the period settles it', () => {
    const { timers } = model((all) =>
      all.commitment('c1', [
        ...signedHistory(),
        {
          type: 'ReportSubmitted',
          data: {
            reportId: 'i1',
            audience: 'presidency',
            submittedBy: 'institution',
            title: 't',
            summary: 's',
            classification: 'public',
            submittedOn: '2026-07-01',
          },
        },
      ]),
    );
    expect(timers().filter((t) => t.includes('progress-report'))).toEqual([
      '2027-01-13 progress-report-due:2027-01-28',
      '2027-01-29 progress-report-overdue:2027-01-28',
    ]);
  });

  it('a milestone moved later and back brings its deadlines back, as the domain does', () => {
    const { timers } = model((all) =>
      all.commitment('c1', [
        ...signedHistory(),
        {
          type: 'MilestoneOverdue',
          data: { milestoneId: 'h1', due: '2026-06-30', detectedOn: '2026-07-01' },
        },
        reschedule('2026-08-31', '2026-06-30'),
        reschedule('2026-06-30', '2026-08-31'),
      ]),
    );
    expect(timers().filter((t) => t.includes(':h1:'))).toEqual([
      '2026-06-15 milestone-due-soon:h1:2026-06-30',
      '2026-07-01 milestone-overdue:h1:2026-06-30',
    ]);
  });

  it('lists, at the redesign, exactly the commitments the institution holds then', () => {
    const { redesigns, all } = model((all) => {
      all.commitment('c1', signedHistory());
      all.commitment('c2', [
        ...signedHistory(),
        { type: 'CommitmentWithdrawn', data: { reason: 'x', withdrawnOn: '2026-03-01' } },
      ]);
      all.commitment('c3', [
        ...signedHistory().map((e) =>
          e.type === 'CommitmentDrafted'
            ? {
                ...e,
                data: {
                  ...e.data,
                  responsible: { ...e.data.responsible, institutionId: OTHER_INSTITUTION_ID },
                },
              }
            : e,
        ),
      ]);
      all.record(`institution-${MDT_ID}`, mdtMerged, { actor: actors.presidency });
      // Drafted after the redesign: not part of it.
      all.commitment('c4', signedHistory());
    });
    const [row] = redesigns();
    const redesignEvent = all.events.find((e) => e.type === 'InstitutionRedesigned');
    expect(row.event_id).toBe(redesignEvent?.id);
    expect(JSON.parse(row.commitment_ids)).toEqual(['c1']);
    expect(row.done).toBe(0);
  });

  it('closes the redesign when the workflow records its completion', () => {
    const { redesigns } = model((all) => {
      all.commitment('c1', signedHistory());
      const redesign = all.record(`institution-${MDT_ID}`, mdtMerged);
      all.record(`redesignhandling-${redesign.id}`, {
        type: 'RedesignHandlingCompleted',
        data: { results: [], completedOn: '2026-11-24' },
      });
    });
    expect(redesigns().map((r) => r.done)).toEqual([1]);
  });

  it('times the transfer decision and the handover, and follows the commitment to its new institution', () => {
    const { timers, redesigns } = model((all) => {
      all.commitment('c1', [...signedHistory(), markedTransferPending()]);
      all.commitment('c2', [...signedHistory(), markedTransferPending(), transferred]);
      all.commitment('c3', [
        ...signedHistory(),
        markedTransferPending(),
        transferred,
        handoverAcknowledged(),
      ]);
      all.record(`institution-${OTHER_INSTITUTION_ID}`, {
        ...mdtMerged,
        data: { ...mdtMerged.data, institutionId: OTHER_INSTITUTION_ID, successorIds: [MDT_ID] },
      });
    });
    const pendingSince = markedTransferPending().data.markedOn;
    expect(timers('c1').filter((t) => t.includes('transfer-decision'))).toHaveLength(1);
    expect(timers('c1').find((t) => t.includes('transfer-decision'))).toContain(
      `transfer-decision-overdue:${pendingSince}`,
    );
    expect(timers('c2').filter((t) => t.includes('handover-overdue'))).toHaveLength(1);
    expect(timers('c3').filter((t) => t.includes('transfer') || t.includes('handover'))).toEqual(
      [],
    );
    // c3 now belongs to the receiving institution: its redesign takes it along.
    expect(JSON.parse(redesigns()[0].commitment_ids)).toEqual(['c3']);
  });

  describe('citizens’ questions', () => {
    const asked = (questionId: string, answerDueOn: string) => ({
      type: 'QuestionAsked',
      data: {
        questionId,
        text: '¿Cuándo se publica?',
        askedOn: '2026-06-01',
        answerDueOn,
      },
    });
    const questionTimers = (timers: () => string[]) =>
      timers().filter((t) => t.includes('question-answer-overdue'));

    it('times each question’s answer for the day after its due date', () => {
      const { timers } = model((all) =>
        all.commitment('c1', [
          ...signedHistory(),
          asked('q1', '2026-06-16'),
          asked('q2', '2026-06-20'),
        ]),
      );
      expect(questionTimers(timers)).toEqual([
        '2026-06-17 question-answer-overdue:q1',
        '2026-06-21 question-answer-overdue:q2',
      ]);
    });

    it('cancels the timer when the question is answered, hidden or found overdue', () => {
      const { timers } = model((all) =>
        all.commitment('c1', [
          ...signedHistory(),
          asked('q1', '2026-06-16'),
          asked('q2', '2026-06-16'),
          asked('q3', '2026-06-16'),
          asked('q4', '2026-06-16'),
          {
            type: 'QuestionAnswered',
            data: { questionId: 'q1', answer: 'Sí.', answeredOn: '2026-06-10' },
          },
          {
            type: 'QuestionHidden',
            data: { questionId: 'q2', reason: 'Spam.', hiddenOn: '2026-06-02' },
          },
          {
            type: 'QuestionAnswerOverdue',
            data: { questionId: 'q3', answerDueOn: '2026-06-16', detectedOn: '2026-06-17' },
          },
        ]),
      );
      expect(questionTimers(timers)).toEqual(['2026-06-17 question-answer-overdue:q4']);
    });

    it('drops the timers of a withdrawn commitment', () => {
      const { timers } = model((all) =>
        all.commitment('c1', [
          ...signedHistory(),
          asked('q1', '2026-06-16'),
          {
            type: 'CommitmentWithdrawn',
            data: { reason: 'Retirado.', withdrawnOn: '2026-06-05' },
          },
        ]),
      );
      expect(questionTimers(timers)).toEqual([]);
    });
  });
});
