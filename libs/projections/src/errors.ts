import type { ProjectedEvent } from './projection';

/** A handler threw: the projection stopped before this event, which it has not applied. */
export class ProjectionHandlerError extends Error {
  override readonly name = 'ProjectionHandlerError';

  constructor(
    readonly projection: string,
    readonly event: Pick<ProjectedEvent, 'type' | 'streamId' | 'revision' | 'position'>,
    override readonly cause: unknown,
  ) {
    super(
      `Projection ${projection} stopped at ${event.type} ${event.streamId}@${event.revision} ` +
        `($all position ${event.position}): ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

export class ProjectionWaitTimeoutError extends Error {
  override readonly name = 'ProjectionWaitTimeoutError';
}

/**
 * A frozen runner (the models of a replay) was asked to wait for a position past its files':
 * it never follows `$all`, so it never will reach it.
 */
export class ProjectionFrozenError extends Error {
  override readonly name = 'ProjectionFrozenError';

  constructor(
    readonly target: string,
    /** Where the frozen models stand (the least of their positions); null before any event. */
    readonly position: string | null,
  ) {
    super(
      `The models are frozen at $all position ${position ?? 'none'}: they never reach ${target}`,
    );
  }
}
