/**
 * The caller sent `If-Match` with a revision the stream has moved past (HTTP 412): it decided
 * on a state that is no longer current, so nothing is appended and nothing retried.
 */
export class StreamRevisionMismatchError extends Error {
  override readonly name = 'StreamRevisionMismatchError';

  constructor(
    readonly streamName: string,
    /** What the caller saw; -1 = no stream. */
    readonly expectedRevision: bigint,
    /** What the stream holds now; -1 = no stream. */
    readonly actualRevision: bigint,
  ) {
    super(
      `${streamName} is at revision ${actualRevision}, not ${expectedRevision} as the request expected`,
    );
  }
}

/**
 * Other writers kept changing the stream: every attempt (reload, decide again, append) met a
 * newer revision. Reported (HTTP 409) rather than retried forever; nothing was appended.
 */
export class ConcurrencyConflictError extends Error {
  override readonly name = 'ConcurrencyConflictError';

  constructor(
    readonly streamName: string,
    readonly attempts: number,
  ) {
    super(`${streamName} changed during each of ${attempts} attempts; nothing was appended`);
  }
}

/**
 * The command id (the caller's Idempotency-Key) was already used for a different request:
 * answering the first result would tell the caller that this one was recorded. HTTP 422.
 */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';

  constructor(
    readonly streamName: string,
    readonly commandId: string,
  ) {
    super(`command ${commandId} was already recorded on ${streamName} for a different request`);
  }
}
