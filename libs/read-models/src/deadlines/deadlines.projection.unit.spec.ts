import {
  actaWorld,
  actors,
  COMMITMENT_ID,
  commitmentHistory,
  engine,
  MDT_ID,
  PLAN_ID,
  type ProjectionModel,
  ProjectionSpecification,
  transferSteps,
} from '@hitos/testing';
import {
  commitmentTrafficLights,
  milestoneDeadlines,
  overdueMilestones,
  upcomingMilestones,
} from '../deadlines/deadlines.queries';
import { deadlinesProjection, type DeadlineRow } from './deadlines.projection';

describe('deadlines projection', () => {
  const spec = ProjectionSpecification.for(deadlinesProjection);
  let model: ProjectionModel;
  beforeEach(() => {
    model = spec.given();
  });

  const milestone = (commitmentId: string, milestoneId: string) =>
    model.db
      .prepare('SELECT * FROM deadline_milestone WHERE commitment_id = ? AND milestone_id = ?')
      .get(commitmentId, milestoneId) as DeadlineRow;

  it('keeps per milestone its dates, slips, last report and open objections', () => {
    model.when(actaWorld().events);
    expect(milestone(COMMITMENT_ID, 'h1')).toMatchObject({
      plan_id: PLAN_ID,
      institution_id: MDT_ID,
      counterpart_id: 'fundacion-alianza-estrategica',
      commitment_status: 'InImplementation',
      due: '2026-06-30',
      baseline_due: '2026-06-30',
      completed: 0,
      last_report_on: '2026-04-10',
      last_endorsed_percent: 60,
      open_objections: 1,
      oldest_open_objection_on: '2026-03-20',
      slips: 0,
    });
    expect(milestone(COMMITMENT_ID, 'h2')).toMatchObject({
      baseline_due: '2027-03-31',
      due: '2027-05-31',
      slips: 1,
      open_objections: 0,
    });
  });

  it('closes an objection when the institution answers it', () => {
    const all = actaWorld();
    all.commitment(COMMITMENT_ID, [
      {
        type: 'ObjectionAnswered',
        data: {
          reportId: 'r1',
          milestoneId: 'h1',
          answer: 'Se incluyen 12 servicios rurales',
          answeredOn: '2026-04-01',
        },
      },
    ]);
    model.when(all.events);
    expect(milestone(COMMITMENT_ID, 'h1')).toMatchObject({
      open_objections: 0,
      oldest_open_objection_on: null,
    });
  });

  describe('review in rounds: the stale-objection count runs from the last unanswered objection', () => {
    const answeredThenObjectedAgain = () => {
      const all = actaWorld();
      all.commitment(COMMITMENT_ID, [
        {
          type: 'ObjectionAnswered',
          data: {
            reportId: 'r1',
            milestoneId: 'h1',
            answer: 'Se incluyen 12 servicios rurales',
            answeredOn: '2026-04-01',
            classification: 'reserved',
            round: 1,
          },
        },
        {
          type: 'ProgressReportReviewed',
          data: {
            reportId: 'r1',
            milestoneId: 'h1',
            verdict: 'objected',
            reasons: 'Los servicios rurales siguen sin validar',
            reviewedOn: '2026-05-10',
            classification: 'reserved',
            round: 2,
          },
        },
      ]);
      return all;
    };

    it('given an answered objection and a second one, then the second is open from its own date', () => {
      model.when(answeredThenObjectedAgain().events);
      expect(milestone(COMMITMENT_ID, 'h1')).toMatchObject({
        open_objections: 1,
        oldest_open_objection_on: '2026-05-10',
      });
    });

    it('given the second objection answered too, then none is open', () => {
      const all = answeredThenObjectedAgain();
      all.commitment(COMMITMENT_ID, [
        {
          type: 'ObjectionAnswered',
          data: {
            reportId: 'r1',
            milestoneId: 'h1',
            answer: 'Se adjunta la validación',
            answeredOn: '2026-05-20',
            classification: 'reserved',
            round: 2,
          },
        },
      ]);
      model.when(all.events);
      expect(milestone(COMMITMENT_ID, 'h1')).toMatchObject({
        open_objections: 0,
        oldest_open_objection_on: null,
      });
    });

    it('colours the milestone by the second objection’s age, not the first one’s', () => {
      model.when(answeredThenObjectedAgain().events);
      const light = (today: string) =>
        milestoneDeadlines(model.db, { commitmentId: COMMITMENT_ID, today }).items.find(
          (m) => m.milestoneId === 'h1',
        )?.trafficLight.rule.code;
      // 70 days after the first objection (answered), 25 after the second: not stale.
      expect(light('2026-05-29')).not.toBe('STALE_OBJECTION');
      // 31 days after the second objection: stale.
      expect(light('2026-06-10')).toBe('STALE_OBJECTION');
    });
  });

  it('lists overdue and upcoming milestones with their traffic lights', () => {
    const all = actaWorld();
    all.commitment('c4', commitmentHistory(4), actors.mdt); // withdrawn: never listed
    all.commitment('c7', commitmentHistory(7), actors.mdt); // closed: never listed
    model.when(all.events);

    const overdue = overdueMilestones(model.db, { planId: PLAN_ID, today: '2026-07-01' });
    expect(overdue.total).toBe(1);
    expect(overdue.items[0]).toMatchObject({
      commitmentId: COMMITMENT_ID,
      milestoneId: 'h1',
      due: '2026-06-30',
      daysToDue: -1,
      openObjections: 1,
      progress: 60,
      trafficLight: { colour: 'red', rule: { code: 'OVERDUE' } },
    });

    // Seen from mid-May: h1 is due in 46 days with an objection unanswered since March.
    const upcoming = upcomingMilestones(model.db, { today: '2026-05-15', days: 60 });
    expect(upcoming.items.map((m) => [m.commitmentId, m.milestoneId])).toEqual([
      [COMMITMENT_ID, 'h1'],
    ]);
    expect(upcoming.items[0].trafficLight.rule.code).toBe('STALE_OBJECTION');
    expect(upcomingMilestones(model.db, { today: '2026-05-15', days: 30 }).total).toBe(0);

    const byInstitution = milestoneDeadlines(
      model.db,
      { institutionId: MDT_ID, today: '2026-05-15' },
      { limit: 2 },
    );
    expect(byInstitution.total).toBe(9);
    expect(byInstitution.items).toHaveLength(2);

    const lights = commitmentTrafficLights(model.db, { planId: PLAN_ID, today: '2026-07-01' });
    expect(lights.get(COMMITMENT_ID)).toMatchObject({ colour: 'red', milestoneId: 'h1' });
    expect(lights.get('c4')).toMatchObject({
      colour: 'grey',
      rule: { code: 'COMMITMENT_INACTIVE' },
    });
    expect(lights.get('c7')?.colour).toBe('grey');
  });

  it('applies an event once in effect: a replay through the store changes nothing', () => {
    const all = actaWorld();
    model.when(all.events);
    const dump = () => [
      model.db.prepare('SELECT * FROM deadline_milestone ORDER BY 1, 2').all(),
      model.db.prepare('SELECT * FROM deadline_claim ORDER BY 1, 2').all(),
    ];
    const before = dump();
    model.when(all.events);
    expect(dump()).toEqual(before);
  });

  describe('MilestoneOverdue', () => {
    const overdue = (due = '2026-06-30') => ({
      type: 'MilestoneOverdue',
      data: { milestoneId: 'h1', due, detectedOn: '2026-07-01' },
    });
    const reschedule = (due: string, slips: number) => ({
      type: 'MilestoneRescheduled',
      data: {
        milestoneId: 'h1',
        previousStart: '2026-02-01',
        previousDue: '2026-06-30',
        start: '2026-02-01',
        due,
        justification: 'Ajuste',
        concurrence: { coreGroupMemberId: 'gn', reference: 'GN', concurredOn: '2026-07-02' },
        slips,
      },
    });

    it('lists an overdue milestone with overdueSince, as the engine recorded it', () => {
      const all = actaWorld();
      engine(all, COMMITMENT_ID, [overdue()]);
      model.when(all.events);
      expect(milestone(COMMITMENT_ID, 'h1').overdue_since).toBe('2026-07-01');
      const list = overdueMilestones(model.db, { planId: PLAN_ID, today: '2026-07-02' });
      expect(list.items.map((m) => [m.milestoneId, m.overdueSince])).toEqual([
        ['h1', '2026-07-01'],
      ]);
      // The event wins even where the date alone would not say so (a clock behind the engine's).
      expect(overdueMilestones(model.db, { today: '2026-06-15' }).total).toBe(1);
      expect(upcomingMilestones(model.db, { today: '2026-06-15', days: 30 }).total).toBe(0);
      // And the date still lists what the engine has not recorded yet, with no overdueSince.
      const later = overdueMilestones(model.db, { today: '2027-06-05' });
      expect(later.items.map((m) => [m.milestoneId, m.overdueSince])).toEqual([
        ['h1', '2026-07-01'],
        ['h2', null],
      ]);
    });

    it('is cleared by a reschedule to a later date and by completion, not by an earlier date', () => {
      const all = actaWorld();
      engine(all, COMMITMENT_ID, [overdue()]);
      all.commitment(COMMITMENT_ID, [reschedule('2026-06-20', 0)] as any);
      model.when(all.events);
      expect(milestone(COMMITMENT_ID, 'h1').overdue_since).toBe('2026-07-01');
      all.commitment(COMMITMENT_ID, [reschedule('2026-10-31', 1)] as any);
      model.when(all.events);
      expect(milestone(COMMITMENT_ID, 'h1').overdue_since).toBeNull();
      expect(overdueMilestones(model.db, { today: '2026-07-02' }).total).toBe(0);
      // A notice about a due date no longer in force changes nothing.
      engine(all, COMMITMENT_ID, [overdue('2026-06-30')]);
      model.when(all.events);
      expect(milestone(COMMITMENT_ID, 'h1').overdue_since).toBeNull();
      engine(all, COMMITMENT_ID, [overdue('2026-10-31')]);
      all.commitment(COMMITMENT_ID, [
        { type: 'MilestoneCompleted', data: { milestoneId: 'h1', completedOn: '2026-11-05' } },
      ] as any);
      model.when(all.events);
      expect(milestone(COMMITMENT_ID, 'h1')).toMatchObject({ overdue_since: null, completed: 1 });
    });

    it('follows a transfer: statuses, and the receiving institution after the handover', () => {
      const all = actaWorld();
      all.commitment(COMMITMENT_ID, [transferSteps.marked(), transferSteps.transferred()] as any);
      model.when(all.events);
      expect(milestone(COMMITMENT_ID, 'h1').commitment_status).toBe('AwaitingHandover');
      // Still late while the transfer is pending: the work did not stop being owed.
      expect(
        overdueMilestones(model.db, { institutionId: MDT_ID, today: '2026-07-02' }).total,
      ).toBe(1);
      all.commitment(COMMITMENT_ID, [transferSteps.acknowledged()] as any, actors.otherInstitution);
      model.when(all.events);
      expect(milestone(COMMITMENT_ID, 'h1')).toMatchObject({
        institution_id: 'sercop',
        commitment_status: 'InImplementation',
      });
      expect(
        overdueMilestones(model.db, { institutionId: MDT_ID, today: '2026-07-02' }).total,
      ).toBe(0);
      expect(
        overdueMilestones(model.db, { institutionId: 'sercop', today: '2026-07-02' }).total,
      ).toBe(1);
    });
  });
});
