import {
  actaWorld,
  COMMITMENT_ID,
  CONFIDENTIAL_URL,
  MDT_ID,
  PLAN_ID,
  ProjectionSpecification,
  RESERVED_REPORT_TITLE,
  RESERVED_URL,
} from '@hitos/testing';
import { HITOS_READ_MODELS } from './hitos-read-models';
import { WITHHELD_NOTE, auditTrail } from './audit-trail/audit-trail.queries';
import {
  getCommitmentDetail,
  listCommitments,
} from './commitment-detail/commitment-detail.queries';
import { commitmentTrafficLights, milestoneDeadlines } from './deadlines/deadlines.queries';
import { getPlanDashboard } from './plan-dashboard/plan-dashboard.queries';
import {
  institutionPortfolio,
  reviewQueue,
  transferQueue,
} from './commitment-detail/portfolio.queries';
import { PUBLIC_READER } from './reader';

/**
 * Every read model built from the same history, and every query asked as the public: nothing
 * reserved or confidential may come out, whichever model it goes through.
 */
describe('classification across every read model', () => {
  const specs = new Map(
    HITOS_READ_MODELS.map((projection) => [
      projection.name,
      ProjectionSpecification.for(projection),
    ]),
  );
  const world = actaWorld();
  /** The named model, given the acta's world. */
  const db = (name: string) => specs.get(name)!.given(world).db;

  it('has each projection under a distinct name', () => {
    expect(HITOS_READ_MODELS.map((p) => p.name)).toEqual([
      'commitment-detail',
      'plan-dashboard',
      'audit-trail',
      'deadlines',
      'registry',
      'access',
      'evidence-files',
    ]);
  });

  it('never hands a public reader a reserved or confidential URL, report or event', () => {
    const detail = db('commitment-detail');
    const trail = (scope: Parameters<typeof auditTrail>[1]) =>
      auditTrail(db('audit-trail'), scope, PUBLIC_READER, {}, { limit: 500 });
    const outputs = {
      list: listCommitments(detail, {}, { limit: 500 }),
      detail: getCommitmentDetail(detail, COMMITMENT_ID, PUBLIC_READER),
      portfolio: institutionPortfolio(detail, MDT_ID),
      reviews: reviewQueue(detail, {}, PUBLIC_READER),
      transfers: transferQueue(detail),
      dashboard: getPlanDashboard(db('plan-dashboard'), PLAN_ID),
      deadlines: milestoneDeadlines(db('deadlines'), { today: '2026-06-15' }),
      lights: [...commitmentTrafficLights(db('deadlines'), { today: '2026-06-15' })],
      byCommitment: trail({ commitmentId: COMMITMENT_ID }),
      byInstitution: trail({ institutionId: MDT_ID }),
      byPlan: trail({ planId: PLAN_ID }),
    };
    const text = JSON.stringify(outputs);
    for (const secret of [RESERVED_URL, CONFIDENTIAL_URL, RESERVED_REPORT_TITLE]) {
      expect(text).not.toContain(secret);
    }
    for (const page of [outputs.byCommitment, outputs.byInstitution, outputs.byPlan]) {
      // Classified events keep their place as withheld rows: no reason, the reserved summary.
      const classified = page.items.filter((e) => e.classification !== 'public');
      expect(classified.length).toBeGreaterThan(0);
      for (const row of classified) {
        expect(row).toMatchObject({ withheld: true, reason: null });
        expect(row.summary.es.endsWith(WITHHELD_NOTE.es)).toBe(true);
        expect(row.actor.id).toBeNull();
      }
      expect(page.items.some((e) => e.type === 'ReportSubmitted')).toBe(true);
    }
  });
});
