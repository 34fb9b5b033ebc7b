import {
  actaWorld,
  actors,
  COMMITMENT_ID,
  commitmentDrafted,
  commitmentHistory,
  commitmentStateOf,
  engine,
  PLAN_ID,
  type ProjectionModel,
  ProjectionSpecification,
  transferSteps,
} from '@hitos/testing';
import { readModelPosition } from '@hitos/projections';
import { getPlanDashboard } from '../plan-dashboard/plan-dashboard.queries';
import { planDashboardProjection } from './plan-dashboard.projection';

describe('plan-dashboard projection', () => {
  const spec = ProjectionSpecification.for(planDashboardProjection);
  let model: ProjectionModel;
  beforeEach(() => {
    model = spec.given();
  });

  const rows = (sql: string) => model.db.prepare(sql).all();

  it('keeps one facet row per pillar argued, and the plan and institutions by name', () => {
    model.when(actaWorld().events);
    expect(
      rows(
        'SELECT commitment_id, plan_id, institution_id, pillar FROM commitment_facets ORDER BY pillar',
      ),
    ).toEqual([
      {
        commitment_id: 'calidad-servicios-publicos',
        plan_id: PLAN_ID,
        institution_id: 'mdt',
        pillar: 'participation',
      },
      {
        commitment_id: 'calidad-servicios-publicos',
        plan_id: PLAN_ID,
        institution_id: 'mdt',
        pillar: 'transparency',
      },
    ]);
    expect(rows('SELECT plan_id, code FROM plan')).toEqual([
      { plan_id: PLAN_ID, code: 'EC-PAEA-2026-2027' },
    ]);
    expect(rows('SELECT institution_id, acronym FROM institution ORDER BY 1')).toEqual([
      { institution_id: 'mdt', acronym: 'MDT' },
      { institution_id: 'sercop', acronym: 'SERCOP' },
    ]);
    expect(
      rows('SELECT audience, classification FROM dashboard_submitted_report ORDER BY 1'),
    ).toEqual([
      { audience: 'citizens', classification: 'public' },
      { audience: 'presidency', classification: 'reserved' },
    ]);
  });

  it('answers the dashboard with plain SQL over a mixed plan', () => {
    const all = actaWorld();
    // Twelve more commitments in varied states, some of another institution with one pillar.
    for (let i = 0; i < 12; i++) {
      const history = commitmentHistory(i);
      if (i % 4 === 1) {
        history[0] = {
          type: 'CommitmentDrafted',
          data: {
            ...commitmentDrafted.data,
            number: i + 20,
            responsible: { institutionId: 'sercop', unit: 'Dirección de Innovación' },
            relevance: { accountability: 'Rinde cuentas del gasto.' },
          },
        };
      }
      all.commitment(`c${i}`, history, actors.mdt);
    }
    model.when(all.events);
    const dashboard = getPlanDashboard(model.db, PLAN_ID);

    const expected = Array.from({ length: 12 }, (_, i) => commitmentStateOf(commitmentHistory(i)));
    const byStatus: Record<string, number> = { InImplementation: 1 };
    for (const state of expected) byStatus[state.status] = (byStatus[state.status] ?? 0) + 1;
    expect(dashboard.commitments).toBe(13);
    expect(dashboard.byStatus).toEqual(byStatus);

    const progress = (s: { status: string }) => (s as unknown as { progress: number }).progress;
    const counted = [18, ...expected.filter((s) => s.status !== 'Withdrawn').map(progress)];
    const mean = counted.reduce((a, b) => a + b, 0) / counted.length;
    expect(dashboard.overallProgress).toBeCloseTo(Math.round(mean * 10) / 10, 5);

    const sercop = [1, 5, 9];
    const pillar = Object.fromEntries(dashboard.byPillar.map((p) => [p.pillar, p.commitments]));
    expect(pillar).toEqual({ accountability: 3, participation: 10, transparency: 10 });
    const institutions = Object.fromEntries(
      dashboard.byInstitution.map((i) => [i.institutionId, i.commitments]),
    );
    expect(institutions).toEqual({ mdt: 10, sercop: sercop.length });
    expect(dashboard.byInstitution.find((i) => i.institutionId === 'sercop')?.acronym).toBe(
      'SERCOP',
    );
    expect(dashboard.reportsByAudience).toEqual({
      presidency: 1,
      irm: 0,
      'core-group': 0,
      citizens: 1,
    });
    // c0 and c7 finished three milestones each; c3, c6 and c9 finished h1.
    expect(dashboard.milestonesCompletedByMonth).toEqual([{ month: '2026-07', completed: 9 }]);
    expect(dashboard.title).toBe('Tercer Plan de Acción de Estado Abierto Ecuador 2026–2027');
  });

  it('gives an empty dashboard for an unknown plan', () => {
    expect(getPlanDashboard(model.db, 'nada')).toMatchObject({
      commitments: 0,
      overallProgress: null,
      byPillar: [],
      byInstitution: [],
      period: null,
    });
  });

  it('applies an event once in effect: a replay through the store changes nothing', () => {
    const all = actaWorld();
    model.when(all.events);
    const before = getPlanDashboard(model.db, PLAN_ID);
    model.when(all.events);
    expect(getPlanDashboard(model.db, PLAN_ID)).toEqual(before);
    expect(readModelPosition(model.db)).toBe(all.events[all.events.length - 1].at.commit);
  });

  it('follows a transfer: statuses, pending counts, and the new institution after the handover', () => {
    const all = actaWorld();
    all.commitment('c1', commitmentHistory(1), actors.mdt);
    engine(all, COMMITMENT_ID, [
      {
        type: 'MilestoneOverdue',
        data: { milestoneId: 'h1', due: '2026-06-30', detectedOn: '2026-07-01' },
      },
    ]);
    all.commitment(COMMITMENT_ID, [transferSteps.marked()] as any, actors.presidency);
    all.commitment('c1', [transferSteps.marked()] as any, actors.presidency);
    model.when(all.events);
    let dashboard = getPlanDashboard(model.db, PLAN_ID);
    expect(dashboard.byStatus).toEqual({ TransferPending: 2 });
    expect(dashboard.pendingTransfers).toEqual({ transferPending: 2, awaitingHandover: 0 });
    expect(dashboard.overdueMilestones).toBe(1);
    expect(dashboard.byInstitution).toEqual([
      expect.objectContaining({ institutionId: 'mdt', commitments: 2, overdueMilestones: 1 }),
    ]);

    all.commitment(
      COMMITMENT_ID,
      [transferSteps.transferred(), transferSteps.acknowledged()] as any,
      actors.presidency,
    );
    all.commitment('c1', [transferSteps.maintained()] as any, actors.presidency);
    model.when(all.events);
    dashboard = getPlanDashboard(model.db, PLAN_ID);
    expect(dashboard.byStatus).toEqual({ InImplementation: 2 });
    expect(dashboard.pendingTransfers).toEqual({ transferPending: 0, awaitingHandover: 0 });
    expect(
      dashboard.byInstitution.map((i) => [
        i.institutionId,
        i.name,
        i.commitments,
        i.overdueMilestones,
      ]),
    ).toEqual([
      ['mdt', 'Ministerio del Trabajo', 1, 0],
      ['sercop', 'Servicio Nacional de Contratación Pública', 1, 1],
    ]);
    expect(
      rows(
        `SELECT DISTINCT institution_id FROM commitment_facets WHERE commitment_id = '${COMMITMENT_ID}'`,
      ),
    ).toEqual([{ institution_id: 'sercop' }]);

    // Completing the overdue milestone takes it off the count.
    all.commitment(COMMITMENT_ID, [
      { type: 'MilestoneCompleted', data: { milestoneId: 'h1', completedOn: '2026-09-01' } },
    ]);
    model.when(all.events);
    expect(getPlanDashboard(model.db, PLAN_ID).overdueMilestones).toBe(0);
  });

  it('counts the share of questions answered on time, hidden ones left out', () => {
    const all = actaWorld();
    const asked = (questionId: string) => ({
      type: 'QuestionAsked',
      data: { questionId, text: '¿Pregunta?', askedOn: '2026-04-01', answerDueOn: '2026-04-16' },
    });
    expect(getPlanDashboard(spec.given(all).db, PLAN_ID).questions).toEqual({
      asked: 0,
      due: 0,
      answeredOnTime: 0,
      onTimeShare: null,
    });
    all.commitment(COMMITMENT_ID, [
      asked('on-time'),
      asked('late'),
      asked('overdue'),
      asked('not-due-yet'),
      asked('hidden'),
      {
        type: 'QuestionAnswered',
        data: { questionId: 'on-time', answer: 'a', answeredOn: '2026-04-10' },
      },
      {
        type: 'QuestionAnswered',
        data: { questionId: 'late', answer: 'b', answeredOn: '2026-04-20' },
      },
      {
        type: 'QuestionHidden',
        data: { questionId: 'hidden', reason: 'Spam.', hiddenOn: '2026-04-02' },
      },
    ] as never);
    engine(all, COMMITMENT_ID, [
      {
        type: 'QuestionAnswerOverdue',
        data: { questionId: 'overdue', answerDueOn: '2026-04-16', detectedOn: '2026-04-17' },
      },
    ]);
    model.when(all.events);
    // Due so far: answered (2) or found overdue (1); one of the three on time.
    expect(getPlanDashboard(model.db, PLAN_ID).questions).toEqual({
      asked: 4,
      due: 3,
      answeredOnTime: 1,
      onTimeShare: 0.333,
    });
  });
});
