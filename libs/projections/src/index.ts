/**
 * The projection engine: follows `$all` through the event store port, applies each event once
 * in effect to SQLite read models that keep their checkpoint beside their rows, rebuilds and
 * compares them. Generic: it knows nothing of hitos's events (see @hitos/read-models).
 */
export {
  defineEventLog,
  defineProjection,
  prepared,
  statementContext,
  type EventLogDefinition,
  type EventLogHandler,
  type EventLogPreparer,
  type EventShape,
  type ProjectedEvent,
  type ProjectedOf,
  type Projection,
  type ProjectionContext,
  type ProjectionDefinition,
  type ProjectionHandler,
  type ProjectionHandlers,
  type SqlParams,
} from './projection';
export {
  ProjectionFrozenError,
  ProjectionHandlerError,
  ProjectionWaitTimeoutError,
} from './errors';
export {
  comparePositions,
  commitOf,
  toAllPosition,
  type PositionLike,
  type StoredPosition,
} from './position';
export { readModelPosition } from './read-model-position';
export { applyToStore } from './apply';
export { recordedOf, toProjectedEvent, type RecordedInAll } from './events';
export {
  ProjectionStore,
  projectionFile,
  projectionFingerprint,
  type PositionedEvent,
} from './projection-store';
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
  REPLAY_MANIFEST_FILE,
  REPLAY_MANIFEST_FORMAT,
  readReplayManifest,
  writeReplayManifest,
  type ReplayManifest,
} from './replay-manifest';
export { PassLoop } from './pass-loop';
