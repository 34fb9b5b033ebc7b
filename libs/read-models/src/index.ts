/**
 * hitos's read models: one folder each, holding its projection (tables, rows, handlers typed by
 * the events it follows) and its queries; the reader rules that keep reserved content from
 * those who may not see it; the semáforo rules. Run by the engine of @hitos/projections.
 */
export { HITOS_READ_MODELS, HITOS_STREAM_PREFIXES } from './hitos-read-models';
export * from './reader';
export * from './traffic-light';
export { auditTrailProjection, type AuditTrailRow } from './audit-trail/audit-trail.projection';
export * from './audit-trail/audit-trail.queries';
export {
  COMMITMENT_DETAIL,
  commitmentDetailProjection,
} from './commitment-detail/commitment-detail.projection';
export * from './commitment-detail/commitment-detail.queries';
export * from './commitment-detail/portfolio.queries';
export { deadlinesProjection } from './deadlines/deadlines.projection';
export * from './deadlines/deadlines.queries';
export { planDashboardProjection } from './plan-dashboard/plan-dashboard.projection';
export * from './plan-dashboard/plan-dashboard.queries';
export { REGISTRY, registryProjection, type RegistryKind } from './registry/registry.projection';
export * from './registry/registry.queries';
export * from './time-travel';
export * from './audit-trail/audit-trail.export';
export {
  ACCESS,
  accessProjection,
  type AccessGrantRow,
  type AccessPersonRow,
} from './access/access.projection';
export * from './access/access.queries';
export {
  EVIDENCE_FILES,
  evidenceFilesProjection,
  type EvidenceFilingRow,
} from './evidence-files/evidence-files.projection';
export * from './evidence-files/evidence-files.queries';
