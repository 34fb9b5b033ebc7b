import type { Projection } from '@hitos/projections';
import { accessProjection } from './access/access.projection';
import { auditTrailProjection } from './audit-trail/audit-trail.projection';
import { commitmentDetailProjection } from './commitment-detail/commitment-detail.projection';
import { evidenceFilesProjection } from './evidence-files/evidence-files.projection';
import { deadlinesProjection } from './deadlines/deadlines.projection';
import { registryProjection } from './registry/registry.projection';
import { planDashboardProjection } from './plan-dashboard/plan-dashboard.projection';

/**
 * The stream categories hitos writes, which its read models (and the workflow engine) follow:
 * the domain's, the workflow engine's own (`redesignhandling-`), and the people's grants
 * (`person-`, read only by the `access` model), and the downloads of classified evidence
 * (`evidence-downloads-`, which no read model shows: followed so that every model's position
 * passes them).
 */
export const HITOS_STREAM_PREFIXES: readonly string[] = [
  'plan-',
  'institution-',
  'organization-',
  'commitment-',
  'redesignhandling-',
  'person-',
  'evidence-downloads-',
];

/** The read models the API serves, each in a folder (and a database file) of its own. */
export const HITOS_READ_MODELS: readonly Projection[] = [
  commitmentDetailProjection,
  planDashboardProjection,
  auditTrailProjection,
  deadlinesProjection,
  registryProjection,
  accessProjection,
  evidenceFilesProjection,
];
