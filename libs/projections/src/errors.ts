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
