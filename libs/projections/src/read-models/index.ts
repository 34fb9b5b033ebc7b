import { auditTrailProjection } from './audit-trail/audit-trail.projection';
import { commitmentDetailProjection } from './commitment-detail/commitment-detail.projection';
import { deadlinesProjection } from './deadlines/deadlines.projection';
import { planDashboardProjection } from './plan-dashboard/plan-dashboard.projection';

export * from './audit-trail/audit-trail.projection';
export * from './commitment-detail/commitment-detail.projection';
export * from './deadlines/deadlines.projection';
export * from './plan-dashboard/plan-dashboard.projection';
export * from './traffic-light';

/**
 * The read models the API serves, each in a file of its own. commitment-summary is not among
 * them: commitment-detail's `commitment` table holds the same columns and more.
 */
export const HITOS_PROJECTIONS = [
  commitmentDetailProjection,
  planDashboardProjection,
  auditTrailProjection,
  deadlinesProjection,
] as const;
