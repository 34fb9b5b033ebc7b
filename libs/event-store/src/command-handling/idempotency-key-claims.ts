import { WrongExpectedRevisionError, type EventStore } from '../event-store.port';
import { IdempotencyKeyReusedError } from './command-handling.errors';
import { deterministicEventId } from './event-ids';

/** The stream that records what a caller's Idempotency-Key was first used for. */
export const IDEMPOTENCY_STREAM_PREFIX = 'idempotency-';
export const idempotencyStreamName = (commandId: string): string =>
  `${IDEMPOTENCY_STREAM_PREFIX}${commandId}`;

/** The one event of an idempotency stream: the request the key was first used for. */
export const IDEMPOTENCY_KEY_USED = 'IdempotencyKeyUsed';

/**
 * A caller's Idempotency-Key, bound across every stream to the first request it carried.
 *
 * A stream records the commands it holds, so a key repeated on the *same* stream is answered
 * from there; but the same key sent to *another* resource would find nothing there and run a
 * second command under the first one's id. Before a keyed command appends anything, it claims
 * `idempotency-<command id>` with "no stream": the first request's fingerprint (a hash of its
 * method, URL and body; never the body itself). A claim that exists with another fingerprint
 * is {@link IdempotencyKeyReusedError} (422), and nothing is appended. Two processes claiming
 * the same request at once propose the same event id (of the key and the fingerprint), which the
 * store accepts once as an idempotent repeat.
 *
 * Only commands that are about to append claim: a refused request records nothing, claim
 * included. A claim whose command then failed (a crash, a conflict that turned into a refusal)
 * still binds the key, as the HTTP draft on Idempotency-Key allows: the same request goes
 * through again, another one is refused.
 */
export class IdempotencyKeyClaims {
  /** Claims this process made or saw, most recent last (command id → fingerprint). */
  private readonly known = new Map<string, string>();

  constructor(
    private readonly store: EventStore,
    private readonly cacheSize = 10_000,
  ) {}

  /** Binds `commandId` to `fingerprint`, or refuses a key bound to another request. */
  async claim(commandId: string, fingerprint: string, streamName: string): Promise<void> {
    const known = this.known.get(commandId);
    if (known === fingerprint) return;
    if (known !== undefined) throw new IdempotencyKeyReusedError(streamName, commandId);
    const stream = idempotencyStreamName(commandId);
    try {
      await this.store.appendToStream(
        stream,
        [
          {
            // The same request proposes the same id (accepted once); another one cannot pass.
            id: deterministicEventId(`${commandId}\u0000${fingerprint}`, stream, 0),
            type: IDEMPOTENCY_KEY_USED,
            data: { fingerprint },
            metadata: { commandId },
          },
        ],
        'no_stream',
      );
      this.remember(commandId, fingerprint);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      const first = await this.firstFingerprint(stream);
      if (first !== undefined) this.remember(commandId, first);
      if (first !== fingerprint) throw new IdempotencyKeyReusedError(streamName, commandId);
    }
  }

  private async firstFingerprint(stream: string): Promise<string | undefined> {
    for await (const event of this.store.readStream(stream, { fromRevision: 0n })) {
      const data = event.data as { fingerprint?: unknown } | undefined;
      return typeof data?.fingerprint === 'string' ? data.fingerprint : undefined;
    }
    return undefined;
  }

  private remember(commandId: string, fingerprint: string): void {
    this.known.delete(commandId);
    this.known.set(commandId, fingerprint);
    if (this.known.size > this.cacheSize) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
  }
}
