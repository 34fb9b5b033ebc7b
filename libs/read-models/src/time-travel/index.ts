/**
 * Time travel: a commitment, a plan's dashboard and an institution's portfolio as hitos knew them
 * at a past moment, or as they had happened by a date, folded from the events by the read
 * models' own handlers into an in-memory model (for a long commitment, from a fold checkpoint of
 * its first events plus the ones after it) and answered by their own queries; and the
 * difference between two moments. See docs/time-travel.md.
 */
export * from './moment';
export * from './occurrence';
export * from './known-history';
export * from './fold-mark';
export * from './fold-cache';
export * from './fold-checkpoint-file';
export * from './fold-checkpointing';
export * from './json-diff';
export * from './past-views';
export * from './commitment-diff';
export * from './past-request';
