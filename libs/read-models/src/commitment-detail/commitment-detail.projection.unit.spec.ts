import {
  actaWorld,
  actors,
  COMMITMENT_ID,
  commitmentHistory,
  commitmentStateOf,
  engine,
  FakeAll,
  type ProjectionModel,
  ProjectionSpecification,
  RECEIVING_ADMINISTRATOR,
  RECEIVING_UNIT,
  REDESIGN_EVENT_ID,
  RESERVED_URL,
  signedHistory,
  transferSteps,
} from '@hitos/testing';
import type { CommitmentEvent } from '@hitos/domain';
import { getCommitmentDetail } from '../commitment-detail/commitment-detail.queries';
import { PUBLIC_READER } from '../reader';
import { commitmentDetailProjection } from './commitment-detail.projection';

const asEvents = (events: { type: string; data: unknown }[]) => events as CommitmentEvent[];

describe('commitment-detail projection', () => {
  const spec = ProjectionSpecification.for(commitmentDetailProjection);
  let model: ProjectionModel;
  beforeEach(() => {
    model = spec.given();
  });

  const rows = (sql: string, ...params: unknown[]) => model.db.prepare(sql).all(...params);
  const one = (sql: string, ...params: unknown[]) => model.db.prepare(sql).get(...params);

  it('keeps the current state as columns and every child of the acta’s commitment', () => {
    const all = actaWorld();
    model.when(all.events);
    const last = all.events[all.events.length - 1];
    expect(one('SELECT * FROM commitment WHERE commitment_id = ?', COMMITMENT_ID)).toMatchObject({
      plan_id: 'ec-paea-2026-2027',
      number: 7,
      status: 'InImplementation',
      // h1 (weight 30) endorsed at 60 → 18.
      progress: 18,
      responsible_institution_id: 'mdt',
      counterpart_organization_id: 'fundacion-alianza-estrategica',
      counterpart_sector: 'civil-society',
      acta_number: 'MDT-CDC-2026-001',
      acta_signed_on: '2026-01-28',
      acta_place: 'Distrito Metropolitano de Quito',
      period_start: '2026-01-01',
      period_end: '2027-12-31',
      revision: Number(last.revision),
      position: last.at.commit,
    });
    expect(
      rows(
        'SELECT pillar FROM commitment_pillar WHERE commitment_id = ? ORDER BY pillar',
        COMMITMENT_ID,
      ),
    ).toEqual([{ pillar: 'participation' }, { pillar: 'transparency' }]);
    expect(
      one(
        `SELECT baseline_start, baseline_due, start, due, slips, last_endorsed_percent,
                last_report_on, completed FROM commitment_milestone
          WHERE commitment_id = ? AND milestone_id = 'h2'`,
        COMMITMENT_ID,
      ),
    ).toEqual({
      baseline_start: '2026-07-01',
      baseline_due: '2027-03-31',
      start: '2026-07-01',
      due: '2027-05-31',
      slips: 1,
      last_endorsed_percent: 0,
      last_report_on: null,
      completed: 0,
    });
    expect(
      one(
        `SELECT last_endorsed_percent, last_report_on FROM commitment_milestone
          WHERE commitment_id = ? AND milestone_id = 'h1'`,
        COMMITMENT_ID,
      ),
    ).toEqual({ last_endorsed_percent: 60, last_report_on: '2026-04-10' });
    expect(
      rows(
        `SELECT report_id, percent, verdict, reasons, reviewed_on, answer FROM commitment_report
          WHERE commitment_id = ? ORDER BY report_id`,
        COMMITMENT_ID,
      ),
    ).toEqual([
      {
        report_id: 'r1',
        percent: 40,
        verdict: 'objected',
        reasons: 'La muestra no incluye servicios rurales',
        reviewed_on: '2026-03-20',
        answer: null,
      },
      {
        report_id: 'r2',
        percent: 60,
        verdict: 'endorsed',
        reasons: null,
        reviewed_on: '2026-04-15',
        answer: null,
      },
    ]);
    expect(
      rows(
        `SELECT report_id, url, classification FROM commitment_evidence
          WHERE commitment_id = ? ORDER BY report_id, seq`,
        COMMITMENT_ID,
      ),
    ).toEqual([
      expect.objectContaining({ report_id: 'r1', classification: 'public' }),
      { report_id: 'r1', url: RESERVED_URL, classification: 'reserved' },
      expect.objectContaining({ report_id: 'r2', classification: 'confidential' }),
    ]);
    expect(rows('SELECT party FROM commitment_signature ORDER BY party')).toEqual([
      { party: 'counterpart' },
      { party: 'institution' },
    ]);
    expect(one('SELECT kind, amount, budget_certification FROM commitment_resource')).toEqual({
      kind: 'financial',
      amount: 25000,
      budget_certification: 'CP-2026-0042',
    });
    expect(
      rows('SELECT audience, classification FROM commitment_submitted_report ORDER BY report_id'),
    ).toEqual([
      { audience: 'presidency', classification: 'reserved' },
      { audience: 'citizens', classification: 'public' },
    ]);
    expect(
      one('SELECT justification, slips, concurrence_reference FROM commitment_reschedule'),
    ).toEqual({
      justification: 'Retraso en la contratación de la consultoría',
      slips: 1,
      concurrence_reference: 'Acta GN-2026-04',
    });
    expect(rows('SELECT status, since FROM commitment_status_history ORDER BY seq')).toEqual([
      { status: 'Draft', since: '2026-06-15' },
      { status: 'InImplementation', since: '2026-01-28' },
    ]);
  });

  it('records answers beside objections, completion, closure with its evidence and the IRM', () => {
    const all = new FakeAll();
    const history = commitmentHistory(7); // objected then answered, finished, closed
    all.commitment('c7', history);
    all.commitment(
      'c7',
      [
        {
          type: 'IrmAssessmentRecorded',
          data: {
            assessmentId: 'irm-1',
            stage: 'results',
            verifiable: true,
            relevantToOgpValues: true,
            potentialForResults: 'substantial',
            completion: 'complete',
            earlyResults: 'moderate',
            narrative: 'Cumplido',
            assessedOn: '2028-01-15',
          },
        },
      ],
      actors.auditor,
    );
    model.when(all.events);
    expect(
      one(`SELECT answer, answered_on FROM commitment_report WHERE report_id = 'r1-7'`),
    ).toEqual({ answer: 'Se adjunta', answered_on: '2026-06-20' });
    expect(
      one(`SELECT status, progress, completed_on FROM commitment WHERE commitment_id = 'c7'`),
    ).toEqual({ status: 'Closed', progress: 100, completed_on: '2027-12-01' });
    expect(one('SELECT completion, closed_on, co_signatory_name FROM commitment_closure')).toEqual({
      completion: 'complete',
      closed_on: '2027-12-10',
      co_signatory_name: 'Carlos Vinueza',
    });
    expect(one('SELECT stage, verifiable, early_results FROM commitment_irm_assessment')).toEqual({
      stage: 'results',
      verifiable: 1,
      early_results: 'moderate',
    });
    expect(
      rows(`SELECT status FROM commitment_status_history WHERE commitment_id = 'c7' ORDER BY seq`),
    ).toEqual(['Draft', 'InImplementation', 'Completed', 'Closed'].map((status) => ({ status })));
  });

  it('agrees with the domain fold on status and progress across many histories', () => {
    const all = new FakeAll();
    for (let i = 0; i < 20; i++) all.commitment(`c${i}`, commitmentHistory(i));
    model.when(all.events);
    for (let i = 0; i < 20; i++) {
      const state = commitmentStateOf(commitmentHistory(i)) as { status: string; progress: number };
      expect(
        one('SELECT status, progress FROM commitment WHERE commitment_id = ?', `c${i}`),
      ).toEqual({ status: state.status, progress: state.progress });
    }
  });

  it('withdraws with the reason and date', () => {
    const all = new FakeAll();
    all.commitment('c4', commitmentHistory(4));
    model.when(all.events);
    expect(
      one(
        `SELECT status, withdrawal_reason, withdrawn_on FROM commitment WHERE commitment_id = 'c4'`,
      ),
    ).toEqual({ status: 'Withdrawn', withdrawal_reason: 'Rediseño', withdrawn_on: '2026-09-01' });
  });

  it('applies an event once in effect: a replay through the store changes nothing', () => {
    const all = actaWorld();
    model.when(all.events);
    const dump = () =>
      [
        'commitment',
        'commitment_milestone',
        'commitment_report',
        'commitment_evidence',
        'commitment_status_history',
        'commitment_submitted_report',
      ].map((table) => rows(`SELECT * FROM ${table} ORDER BY 1, 2`));
    const before = dump();
    model.when(all.events.slice(-5));
    model.when(all.events);
    expect(dump()).toEqual(before);
  });

  it('ignores commitment event types on streams of another category', () => {
    const all = new FakeAll();
    all.record('plan-x', commitmentHistory(0)[0] as CommitmentEvent);
    model.when(all.events);
    expect(one('SELECT COUNT(*) AS n FROM commitment')).toEqual({ n: 0 });
  });

  describe('transfers', () => {
    /** The acta's commitment signed, pending for MDT's redesign, transferred to SERCOP, acknowledged. */
    const transferHistory = (upTo: number) =>
      asEvents(
        [
          transferSteps.marked(),
          transferSteps.concurred('transfer'),
          transferSteps.transferred(),
          transferSteps.handoverOverdue(),
          transferSteps.acknowledged(),
        ].slice(0, upTo),
      );
    const world = (upTo: number) => {
      const all = actaWorld();
      all.commitment(COMMITMENT_ID, transferHistory(upTo).slice(0, 2), actors.presidency);
      if (upTo > 2) all.commitment(COMMITMENT_ID, transferHistory(upTo).slice(2, 3));
      if (upTo > 3) engine(all, COMMITMENT_ID, transferHistory(upTo).slice(3, 4));
      if (upTo > 4)
        all.commitment(COMMITMENT_ID, transferHistory(upTo).slice(4), actors.otherInstitution);
      return all;
    };
    const fold = (upTo: number) =>
      commitmentStateOf([
        ...(actaWorld()
          .events.filter((e) => e.streamId === `commitment-${COMMITMENT_ID}`)
          .map((e) => ({ type: e.type, data: e.data })) as CommitmentEvent[]),
        ...transferHistory(upTo),
      ]) as any;
    const detail = (reader = { role: 'presidency' } as const) =>
      getCommitmentDetail(model.db, COMMITMENT_ID, reader)!;

    it('puts the commitment in TransferPending with the redesign, and keeps concurrences', () => {
      model.when(world(2).events);
      const d = detail();
      expect(d.status).toBe('TransferPending');
      expect(d.transfer).toEqual({
        institutionId: 'mdt',
        redesign: {
          eventId: REDESIGN_EVENT_ID,
          kind: 'merged',
          legalInstrument: 'Decreto Ejecutivo No. 123',
          effectiveOn: '2026-06-30',
          successorIds: ['sercop'],
        },
        previousStatus: 'InImplementation',
        pendingSince: '2026-07-01',
        concurrences: [transferSteps.concurred('transfer').data],
        transferred: null,
        decisionOverdue: null,
        handoverOverdue: null,
      });
      expect(d.responsible.institutionId).toBe('mdt');
      expect(d.statusHistory.slice(-1)).toEqual([
        expect.objectContaining({ status: 'TransferPending', since: '2026-07-01' }),
      ]);
    });

    it('shows the decision and the overdue handover while AwaitingHandover', () => {
      model.when(world(4).events);
      const d = detail();
      expect(d.status).toBe('AwaitingHandover');
      expect(d.transfer!.transferred).toEqual(transferSteps.transferred().data);
      expect(d.transfer!.handoverOverdue).toEqual({
        dueOn: '2026-08-20',
        limitDays: 15,
        detectedOn: '2026-08-21',
      });
      expect(d.deadlinesRecorded).toEqual(fold(4).deadlinesRecorded);
      // Still the redesigned institution's until the handover is acknowledged.
      expect(d.responsible.institutionId).toBe('mdt');
    });

    it('hands the commitment over on acknowledgement: responsible, administrator, history', () => {
      const all = world(5);
      model.when(all.events);
      const d = detail();
      const state = fold(5);
      expect(d).toMatchObject({
        status: 'InImplementation',
        responsible: { institutionId: 'sercop', unit: RECEIVING_UNIT },
        administrator: RECEIVING_ADMINISTRATOR,
        transfer: null,
      });
      // Field by field with the domain's fold, which the GET used to answer with.
      expect({
        status: d.status,
        responsible: d.responsible,
        administrator: d.administrator,
        transfer: d.transfer,
        transfers: d.transfers.map(
          ({
            outcome,
            redesignEventId,
            fromInstitutionId,
            toInstitutionId,
            pendingSince,
            settledOn,
          }) => ({
            outcome,
            redesignEventId,
            fromInstitutionId,
            toInstitutionId,
            pendingSince,
            settledOn,
          }),
        ),
        deadlinesRecorded: d.deadlinesRecorded,
      }).toEqual({
        status: state.status,
        responsible: state.responsible,
        administrator: state.administrator,
        transfer: state.transfer,
        transfers: state.transfers,
        deadlinesRecorded: state.deadlinesRecorded,
      });
      expect(d.transfers[0]).toMatchObject({
        receivingUnit: RECEIVING_UNIT,
        reason: 'La competencia pasa al SERCOP.',
        decidedOn: '2026-08-05',
        documents: [{ title: 'Acta de entrega-recepción', sha256: 'a'.repeat(64) }],
      });
      expect(d.statusHistory.map((h) => [h.status, h.since])).toEqual([
        ['Draft', '2026-06-15'],
        ['InImplementation', '2026-01-28'],
        ['TransferPending', '2026-07-01'],
        ['AwaitingHandover', '2026-08-05'],
        ['InImplementation', '2026-08-25'],
      ]);
      // The acta keeps the administrator it was signed with.
      expect(d.acta!.administrator.name).not.toBe(RECEIVING_ADMINISTRATOR.name);
      expect(one('SELECT revision FROM commitment')).toEqual({
        revision: Number(all.events[all.events.length - 1].revision),
      });
    });

    it('lets the receiving institution read classified content once responsible, and not MDT', () => {
      model.when(world(5).events);
      const sercop = detail({ role: 'institution', organizationId: 'sercop' } as any);
      expect(sercop.withheldEvidence).toBe(0);
      expect(JSON.stringify(sercop)).toContain(RESERVED_URL);
      const mdt = detail({ role: 'institution', organizationId: 'mdt' } as any);
      expect(mdt.withheldEvidence).toBe(2);
      expect(JSON.stringify(mdt)).not.toContain(RESERVED_URL);
      expect(JSON.stringify(detail(PUBLIC_READER as any))).not.toContain(RESERVED_URL);
    });

    it('resumes with the same institution when maintained, after an overdue decision', () => {
      const all = actaWorld();
      all.commitment(COMMITMENT_ID, asEvents([transferSteps.marked()]), actors.presidency);
      engine(all, COMMITMENT_ID, [transferSteps.decisionOverdue()]);
      expect((model.when(all.events), detail().transfer!.decisionOverdue)).toEqual({
        dueOn: '2026-07-31',
        limitDays: 30,
        detectedOn: '2026-08-01',
      });
      all.commitment(
        COMMITMENT_ID,
        asEvents([transferSteps.concurred('maintain'), transferSteps.maintained()]),
        actors.presidency,
      );
      model.when(all.events);
      const d = detail();
      expect(d).toMatchObject({
        status: 'InImplementation',
        transfer: null,
        responsible: { institutionId: 'mdt' },
        transfers: [
          {
            outcome: 'maintained',
            fromInstitutionId: 'mdt',
            toInstitutionId: 'mdt',
            pendingSince: '2026-07-01',
            settledOn: '2026-08-05',
            reason: 'El ministerio conserva la competencia.',
            receivingUnit: null,
            documents: [],
          },
        ],
        deadlinesRecorded: ['transfer-decision-overdue:2026-07-01'],
      });
    });

    it('asks the new institution to sign a draft it receives', () => {
      const all = new FakeAll();
      const draft = signedHistory().filter((e) => e.type !== 'ActaSigned');
      all.commitment('borrador', draft.slice(0, -1));
      all.commitment(
        'borrador',
        asEvents([
          transferSteps.marked('Draft'),
          transferSteps.transferred(),
          transferSteps.acknowledged('Draft'),
        ]),
        actors.presidency,
      );
      model.when(all.events);
      const d = getCommitmentDetail(model.db, 'borrador', { role: 'presidency' })!;
      expect(d.status).toBe('Draft');
      expect(d.signatures.institution).toBeNull();
      expect(d.responsible.institutionId).toBe('sercop');
    });
  });

  describe('deadline events', () => {
    const history = (...events: { type: string; data: unknown }[]) => {
      const all = new FakeAll();
      all.commitment(COMMITMENT_ID, signedHistory());
      engine(all, COMMITMENT_ID, events);
      return all;
    };
    const h = (id: string) =>
      getCommitmentDetail(model.db, COMMITMENT_ID, PUBLIC_READER)!.milestones.find(
        (m) => m.milestoneId === id,
      )!;
    const dueSoon = {
      type: 'MilestoneDueSoon',
      data: { milestoneId: 'h1', due: '2026-06-30', daysBefore: 15, notifiedOn: '2026-06-15' },
    };
    const overdue = {
      type: 'MilestoneOverdue',
      data: { milestoneId: 'h1', due: '2026-06-30', detectedOn: '2026-07-01' },
    };

    it('shows a due-soon reminder, then overdueSince, as the fold does', () => {
      const all = history(dueSoon);
      model.when(all.events);
      expect(h('h1')).toMatchObject({
        overdueSince: null,
        dueSoon: { due: '2026-06-30', daysBefore: 15, notifiedOn: '2026-06-15' },
      });
      engine(all, COMMITMENT_ID, [overdue]);
      model.when(all.events);
      expect(h('h1')).toMatchObject({ overdueSince: '2026-07-01', dueSoon: null });
      const state = commitmentStateOf(
        all.events.map((e) => e as any).map(({ type, data }) => ({ type, data })),
      ) as any;
      expect(h('h1').overdueSince).toBe(state.milestones[0].overdueSince);
      expect(
        getCommitmentDetail(model.db, COMMITMENT_ID, PUBLIC_READER)!.deadlinesRecorded,
      ).toEqual(state.deadlinesRecorded);
    });

    it('clears overdueSince on a reschedule to a later date, not an earlier one', () => {
      const reschedule = (due: string, slips: number) => ({
        type: 'MilestoneRescheduled',
        data: {
          milestoneId: 'h1',
          previousStart: '2026-02-01',
          previousDue: '2026-06-30',
          start: '2026-02-01',
          due,
          justification: 'Ajuste',
          requestId: null,
          concurrence: {
            coreGroupMemberId: 'gn',
            reference: 'GN',
            concurredOn: '2026-07-02',
            source: 'asserted-by-institution',
          },
          slips,
        },
      });
      const all = history(overdue);
      all.commitment(COMMITMENT_ID, asEvents([reschedule('2026-06-20', 0)]));
      model.when(all.events);
      expect(h('h1').overdueSince).toBe('2026-07-01');
      all.commitment(COMMITMENT_ID, asEvents([reschedule('2026-09-30', 1)]));
      model.when(all.events);
      expect(h('h1')).toMatchObject({ overdueSince: null, due: '2026-09-30', dueSoon: null });
      // An overdue notice for a due date no longer in force changes nothing.
      engine(all, COMMITMENT_ID, [overdue]);
      model.when(all.events);
      expect(h('h1').overdueSince).toBeNull();
    });

    it('clears overdueSince on completion', () => {
      const all = history(overdue);
      all.commitment(
        COMMITMENT_ID,
        asEvents([
          { type: 'MilestoneCompleted', data: { milestoneId: 'h1', completedOn: '2026-07-05' } },
        ]),
      );
      model.when(all.events);
      expect(h('h1')).toMatchObject({ overdueSince: null, completed: true });
    });

    it('notes the period end and reporting periods due, overdue and answered', () => {
      const all = history({
        type: 'ProgressReportDue',
        data: {
          periodStart: '2026-01-28',
          dueOn: '2026-07-28',
          cadenceMonths: 6,
          daysBefore: 15,
          notifiedOn: '2026-07-13',
        },
      });
      model.when(all.events);
      const first = getCommitmentDetail(model.db, COMMITMENT_ID, PUBLIC_READER)!;
      expect(first.progressReportDue).toMatchObject({
        dueOn: '2026-07-28',
        dueNotifiedOn: '2026-07-13',
      });
      expect(first.progressReportOverdue).toBeNull();
      engine(all, COMMITMENT_ID, [
        {
          type: 'ProgressReportOverdue',
          data: {
            periodStart: '2026-01-28',
            dueOn: '2026-07-28',
            cadenceMonths: 6,
            detectedOn: '2026-07-29',
          },
        },
        {
          type: 'CommitmentPeriodEnded',
          data: { periodEnd: '2027-12-31', detectedOn: '2028-01-01' },
        },
      ]);
      model.when(all.events);
      const late = getCommitmentDetail(model.db, COMMITMENT_ID, PUBLIC_READER)!;
      expect(late).toMatchObject({
        progressReportDue: null,
        progressReportOverdue: {
          dueOn: '2026-07-28',
          overdueSince: '2026-07-29',
          reportedOn: null,
        },
        periodEnded: { periodEnd: '2027-12-31', detectedOn: '2028-01-01' },
      });
      all.commitment(
        COMMITMENT_ID,
        asEvents([
          {
            type: 'ReportSubmitted',
            data: {
              reportId: 'inf-tarde',
              audience: 'presidency',
              submittedBy: 'institution',
              title: 'Informe semestral',
              summary: 'Tarde',
              classification: 'public',
              submittedOn: '2026-08-10',
            },
          },
        ]),
      );
      model.when(all.events);
      const answered = getCommitmentDetail(model.db, COMMITMENT_ID, PUBLIC_READER)!;
      expect(answered.progressReportOverdue).toBeNull();
      expect(answered.reportingPeriods).toEqual([
        {
          periodStart: '2026-01-28',
          dueOn: '2026-07-28',
          cadenceMonths: 6,
          dueNotifiedOn: '2026-07-13',
          overdueSince: '2026-07-29',
          reportedOn: '2026-08-10',
        },
      ]);
    });
  });

  describe('citizens’ questions', () => {
    const asked = (questionId: string, extra: Record<string, unknown> = {}) => ({
      type: 'QuestionAsked',
      data: {
        questionId,
        text: `¿Qué pasa con ${questionId}?`,
        askedOn: '2026-06-01',
        answerDueOn: '2026-06-16',
        ...extra,
      },
    });
    const questions = () => getCommitmentDetail(model.db, COMMITMENT_ID, PUBLIC_READER)!.questions;
    const all = () => {
      const world = new FakeAll();
      world.commitment(COMMITMENT_ID, signedHistory());
      world.commitment(
        COMMITMENT_ID,
        asEvents([
          asked('q1', { askerName: 'María' }),
          asked('q2'),
          asked('q3'),
          asked('q4'),
          {
            type: 'QuestionAnswered',
            data: { questionId: 'q1', answer: 'Respuesta a tiempo.', answeredOn: '2026-06-10' },
          },
          {
            type: 'QuestionCounterpartViewAdded',
            data: { questionId: 'q1', view: 'De acuerdo.', addedOn: '2026-06-11' },
          },
          {
            type: 'QuestionHidden',
            data: { questionId: 'q3', reason: 'Publicidad.', hiddenOn: '2026-06-02' },
          },
        ]),
        actors.mdt,
      );
      engine(world, COMMITMENT_ID, [
        {
          type: 'QuestionAnswerOverdue',
          data: { questionId: 'q2', answerDueOn: '2026-06-16', detectedOn: '2026-06-17' },
        },
      ]);
      world.commitment(
        COMMITMENT_ID,
        asEvents([
          {
            type: 'QuestionAnswered',
            data: { questionId: 'q2', answer: 'Respuesta tardía.', answeredOn: '2026-06-20' },
          },
        ]),
        actors.mdt,
      );
      return world;
    };

    it('shows each question with its answer, response time and the counterpart’s view', () => {
      model.when(all().events);
      const [q1, q2, q3, q4] = questions();
      expect(q1).toEqual({
        questionId: 'q1',
        askedOn: '2026-06-01',
        answerDueOn: '2026-06-16',
        text: '¿Qué pasa con q1?',
        askerName: 'María',
        answer: 'Respuesta a tiempo.',
        answeredOn: '2026-06-10',
        daysToAnswer: 9,
        answeredOnTime: true,
        overdueSince: null,
        counterpartView: { view: 'De acuerdo.', addedOn: '2026-06-11' },
        hidden: null,
      });
      expect(q2).toMatchObject({
        answeredOn: '2026-06-20',
        daysToAnswer: 19,
        answeredOnTime: false,
        overdueSince: '2026-06-17',
      });
      expect(q4).toMatchObject({ answer: null, daysToAnswer: null, answeredOnTime: null });
      // Hidden: the reason stays, the text and the name do not.
      expect(q3).toMatchObject({
        text: null,
        askerName: null,
        hidden: { reason: 'Publicidad.', hiddenOn: '2026-06-02' },
      });
    });

    it('records the overdue under the domain’s key and moves the revision with every event', () => {
      const world = all();
      model.when(world.events);
      const d = getCommitmentDetail(model.db, COMMITMENT_ID, PUBLIC_READER)!;
      expect(d.deadlinesRecorded).toEqual(['question-answer-overdue:q2']);
      const state = commitmentStateOf(
        world.events.map((e) => e as any).map(({ type, data }) => ({ type, data })),
      ) as any;
      expect(d.deadlinesRecorded).toEqual(state.deadlinesRecorded);
      expect(d.revision).toBe(Number(world.events[world.events.length - 1].revision));
    });
  });
});
