export {
  defineProjection,
  prepared,
  statementContext,
  type ProjectedEvent,
  type Projection,
  type ProjectionContext,
  type ProjectionHandler,
  type SqlParams,
} from './projection';
export { ProjectionHandlerError, ProjectionWaitTimeoutError } from './errors';
export { comparePositions, commitOf, type PositionLike, type StoredPosition } from './position';
export { HITOS_STREAM_PREFIXES } from './events';
export { ProjectionStore, projectionFile, type PositionedEvent } from './projection-store';
export {
  ProjectionRunner,
  defaultProjectionsDirectory,
  type ProjectionLag,
  type ProjectionRunnerOptions,
  type ProjectionStatus,
} from './projection-runner';
export {
  buildProjectionFile,
  rebuildProjection,
  swapIn,
  type RebuildOptions,
  type RebuildProgress,
  type RebuildReport,
} from './rebuild';
export { compareProjectionFiles, type ComparisonReport, type RowDifference } from './compare';
export {
  commitmentSummaryProjection,
  type CommitmentSummaryRow,
} from './commitment-summary/commitment-summary.projection';
export * from './read-models';
export * from './queries';
