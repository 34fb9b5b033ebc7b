/**
 * The demo tells a plausible story on whatever day it is loaded (issue 14 §2): its history
 * happened before the load day, in order, with the acta's own dates when they fit (see
 * apps/api/src/demo/demo-calendar.ts), and on that day some commitments are on track, some late.
 */
import { http, startApi, stopApi, type ApiHarness } from './api-harness';

const PLAN = 'ec-paea-2026-2027';
const ACTA = 'calidad-servicios-publicos';
/** The three illustrative commitments whose first milestone is late on any load day. */
const LATE = ['control-social', 'datos-educativos', 'justicia-abierta'];

/**
 * The suite for one load day. The app reads its clock's start when its module is first imported,
 * so each day has its own spec file (`demo-on-*.e2e-spec.ts`).
 */
export const describeDemoLoadedOn = (
  day: string,
  signedOn: string,
  period: { start: string; end: string },
) =>
  describe(`the demo loaded on ${day}`, () => {
    let api: ApiHarness;
    const auditor = () => api.token('auditor');
    /** The engine finds the late milestones in the background: wait until it has found them. */
    let overdue: any;

    beforeAll(async () => {
      api = await startApi({
        demo: true,
        env: { HITOS_CLOCK_START: `${day}T15:00:00.000Z`, HITOS_WORKFLOWS: 'true' },
      });
      for (let i = 0; i < 100; i++) {
        overdue = (
          await http(api, 'GET', `/api/action-plans/${PLAN}/milestones/overdue?limit=100`, {
            token: auditor(),
          })
        ).body;
        if (overdue.total >= LATE.length) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    afterAll(() => stopApi(api));

    it(`reads the acta signed on ${signedOn}, the plan's period holding the load day`, async () => {
      const acta = (await http(api, 'GET', `/api/commitments/${ACTA}`)).body;
      expect(acta.acta).toMatchObject({
        actaNumber: 'MDT-CDC-2026-001',
        signedOn,
        place: 'Distrito Metropolitano de Quito',
      });
      expect(acta.period).toEqual(period);
      expect(acta.statusHistory.map((s: any) => [s.status, s.since])).toEqual([
        ['Draft', expect.any(String)],
        ['InImplementation', signedOn],
      ]);
      expect(acta.statusHistory[0].since < signedOn).toBe(true);
      const dashboard = (await http(api, 'GET', `/api/action-plans/${PLAN}/dashboard`)).body;
      expect(dashboard.period).toEqual(period);
      expect(period.start <= day && day <= period.end).toBe(true);
    });

    it('dates every fact when it happened, before the load day and in order; hitos recorded it on the load day', async () => {
      const trail = (
        await http(api, 'GET', `/api/commitments/${ACTA}/audit-trail?limit=200`, {
          token: auditor(),
        })
      ).body.items.filter((e: any) => e.actor.id.startsWith('demo-'));
      expect(trail.length).toBeGreaterThan(15);
      const occurred = trail.map((e: any) => Date.parse(e.occurredAt));
      expect(occurred).toEqual([...occurred].sort((a, b) => a - b));
      for (const e of trail) {
        expect(e.occurredAt).not.toBe(e.recordedAt);
        expect(e.occurredAt.slice(0, 10) < day).toBe(true);
        expect(e.recordedAt.slice(0, 10)).toBe(day);
      }
      const signed = trail.find((e: any) => e.type === 'ActaSigned');
      expect(signed.occurredAt.slice(0, 10)).toBe(signedOn);
    });

    it('tells a plan at that point: a milestone done, a report endorsed, one objected and answered, one reschedule with the Core Group’s concurrence', async () => {
      const acta = (await http(api, 'GET', `/api/commitments/${ACTA}`)).body;
      const [h1, h2, h3, h4] = acta.milestones;
      expect(h1).toMatchObject({ completed: true, lastEndorsedPercent: 100 });
      expect(h1.completedOn <= h1.due).toBe(true);
      expect(h1.reports.map((r: any) => r.review.verdict)).toEqual(['endorsed', 'endorsed']);
      expect(h2.slips).toBe(1);
      expect(h2.reschedules).toEqual([
        expect.objectContaining({
          previousDue: h2.baselineDue,
          due: h2.due,
          requestId: 'h2-reprogramacion-1',
          // Given by the member themselves, not asserted by the institution.
          concurrence: expect.objectContaining({
            coreGroupMemberId: 'gn-sociedad-civil',
            source: 'member',
          }),
        }),
      ]);
      expect(h2.rescheduleRequests).toEqual([
        expect.objectContaining({ requestId: 'h2-reprogramacion-1', status: 'concurred' }),
      ]);
      expect(h2.reschedules[0].concurrence.concurredOn < day).toBe(true);
      expect(h2.baselineDue < day && day < h2.due).toBe(true);
      expect(h2.reports).toEqual([
        expect.objectContaining({
          review: expect.objectContaining({ verdict: 'objected' }),
          answer: expect.objectContaining({ answeredOn: expect.any(String) }),
          openObjection: false,
        }),
      ]);
      const report = h2.reports[0];
      expect(report.reportedOn < report.review.reviewedOn).toBe(true);
      expect(report.review.reviewedOn < report.answer.answeredOn).toBe(true);
      expect(report.answer.answeredOn < day).toBe(true);
      for (const m of [h3, h4]) expect(m.start > day).toBe(true);
      expect(h4.due <= period.end).toBe(true);
    });

    it('has some milestones late, not all: the list of overdue ones, the traffic lights and the dashboard agree', async () => {
      expect(overdue.items.map((m: any) => m.commitmentId).sort()).toEqual(LATE);
      for (const m of overdue.items) {
        expect(m.due < day).toBe(true);
        expect(m.trafficLight.rule.code).toBe('OVERDUE');
      }
      const lights = (await http(api, 'GET', `/api/action-plans/${PLAN}/traffic-lights?limit=100`))
        .body;
      expect(lights.today).toBe(day);
      const byRule = (code: string) =>
        lights.items.filter((l: any) => l.rule.code === code).map((l: any) => l.commitmentId);
      expect(byRule('OVERDUE').sort()).toEqual(LATE);
      expect(byRule('ON_TRACK').length).toBeGreaterThanOrEqual(2);
      expect(lights.items.find((l: any) => l.commitmentId === ACTA).colour).not.toBe('red');

      const dashboard = (await http(api, 'GET', `/api/action-plans/${PLAN}/dashboard`)).body;
      expect(dashboard.commitments).toBe(12);
      expect(dashboard.byStatus).toEqual({ Draft: 3, InImplementation: 9 });
      expect(dashboard.overdueMilestones).toBe(LATE.length);
      const milestones = (
        await Promise.all(
          lights.items.map(
            async (l: any) =>
              (await http(api, 'GET', `/api/commitments/${l.commitmentId}`)).body.milestones
                .length as number,
          ),
        )
      ).reduce((a: number, b: number) => a + b, 0);
      expect(dashboard.overdueMilestones).toBeLessThan(milestones);
      // A commitment's detail says the same as the list.
      const late = (await http(api, 'GET', `/api/commitments/${LATE[0]}`)).body;
      expect(late.milestones[0].overdueSince).toBe(day);
    });
  });
