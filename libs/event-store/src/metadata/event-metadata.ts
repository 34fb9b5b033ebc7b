/**
 * What every hitos event carries besides its data. Filled by {@link EventMetadataFactory} from
 * the request context, never by hand in a handler, so that the audit trail cannot depend on a
 * handler remembering to set it.
 *
 * `$correlationId` and `$causationId` keep EventStoreDB's own names, so its system projections
 * (`$by_correlation_id`) and tools understand them.
 */
export interface EventMetadata {
  /** Version of the event's data schema; older versions are upcast on read. */
  schemaVersion: number;
  /** The command that produced this event (the `Idempotency-Key`, or one generated per request). */
  commandId: string;
  $correlationId: string;
  $causationId: string;
  actor: { id: string; role: string; organizationId?: string };
  /** When the fact happened, as the command states it (ISO timestamp). */
  occurredAt: string;
  /** When hitos recorded it (ISO timestamp). */
  recordedAt: string;
  /**
   * A digest of the request that carried the command (method, path, body), kept when the
   * caller sent an Idempotency-Key, so that a key reused for another request is refused.
   */
  commandFingerprint?: string;
  /**
   * The correlation id of the request that carried the command, when the event carries another
   * one: a step of a longer chain (a transfer after a redesign) keeps the chain's correlation.
   */
  requestCorrelationId?: string;
  /**
   * Tamper evidence: `hash` covers the stream, revision, type, data and the rest of the metadata,
   * and includes the previous event's hash, so that altering or removing an earlier event breaks
   * every later link of the stream's chain.
   */
  integrity: { previousHash: string | null; hash: string };
}

/** The request-wide part of the metadata (everything but schema version, times and integrity). */
export interface CommandContext {
  commandId: string;
  correlationId: string;
  causationId: string;
  actor: { id: string; role: string; organizationId?: string };
  /** The request's time: the command's `now`. */
  now: string;
  /**
   * The stream revision the caller saw (`If-Match`), when it sent one: the command then fails
   * with 412 instead of being retried if the stream moved on. `-1n` stands for "no stream yet".
   */
  expectedRevision?: bigint;
  /** A digest of the request, when the caller chose the command id (see EventMetadata). */
  fingerprint?: string;
  /** The request's own correlation id, when `correlationId` is that of a chain it continues. */
  requestCorrelationId?: string;
}
