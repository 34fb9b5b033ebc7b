/**
 * A history in memory for the verifier's specs: an {@link EventStore} that only reads (`$all`
 * and streams, from an array the spec may tamper with), hitos events with their hash-chain
 * links as command handling writes them, checkpoints signed like the log's, and the log's
 * database built by the real projection.
 */
import {
  EventStore,
  integrityHash,
  type AllPosition,
  type AllSubscription,
  type AppendOutcome,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
} from '@hitos/event-store';
import { ProjectionStore, applyToStore } from '@hitos/projections';
import { formatCheckpoint } from '../checkpoint';
import { generateSignerKey, parseSignerKey, type NoteSigner } from '../note-key';
import { signNote } from '../signed-note';
import { CHECKPOINT_STREAM, transparencyLogProjection } from '../transparency-log.projection';
import { treeOf } from '../tree-store';

/** A store over an array of events: what a spec puts there is what `$all` reads. */
export class MemoryStore extends EventStore {
  events: RecordedEvent[] = [];
  /** When set, every read fails with it (an unreachable store). */
  failure: Error | undefined;
  /** Streams whose reads fail (a tombstoned stream). */
  readonly unreadable = new Set<string>();

  appendToStream(): Promise<AppendOutcome> {
    return Promise.reject(new Error('MemoryStore only reads'));
  }

  async *readStream(streamName: string, _options?: ReadStreamOptions) {
    if (this.failure) throw this.failure;
    if (this.unreadable.has(streamName)) throw new Error(`${streamName} is deleted`);
    await Promise.resolve();
    for (const event of this.events) if (event.streamId === streamName) yield event;
  }

  async lastEventOf(streamName: string): Promise<RecordedEvent | null> {
    await Promise.resolve();
    return this.events.filter((e) => e.streamId === streamName).at(-1) ?? null;
  }

  async *readAll(_options?: ReadAllOptions) {
    if (this.failure) throw this.failure;
    await Promise.resolve();
    yield* this.events;
  }

  endOfAll(): Promise<AllPosition | null> {
    return Promise.resolve(this.events.at(-1)?.position ?? null);
  }

  subscribeToAll(): AllSubscription {
    throw new Error('MemoryStore does not subscribe');
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

const CREATED = new Date('2026-11-24T15:00:00.000Z');

/** Builds a history in order, as hitos and the log would have written it. */
export class HistoryBuilder {
  readonly store = new MemoryStore();
  readonly signer: NoteSigner;
  readonly verifierKey: string;
  private position = 0n;
  private readonly heads = new Map<string, { revision: number; hash: string | null }>();
  private ids = 0;

  constructor(readonly origin = 'hitos.test/log') {
    const keys = generateSignerKey(origin, Buffer.alloc(32, 0x42));
    this.signer = parseSignerKey(keys.signerKey);
    this.verifierKey = keys.verifierKey;
  }

  get events(): RecordedEvent[] {
    return this.store.events;
  }

  nextId(): string {
    return `00000000-0000-4000-8000-${(++this.ids).toString(16).padStart(12, '0')}`;
  }

  /** A raw event (any stream, any metadata), at the next position and revision of its stream. */
  raw(
    streamId: string,
    type: string,
    data: unknown,
    metadata?: unknown,
    options: { isJson?: boolean; revision?: bigint } = {},
  ): RecordedEvent {
    const head = this.heads.get(streamId);
    const revision = options.revision ?? BigInt(head ? head.revision + 1 : 0);
    this.position += 100n;
    const event: RecordedEvent = {
      id: this.nextId(),
      type,
      streamId,
      revision,
      data,
      metadata,
      isJson: options.isJson ?? true,
      created: CREATED,
      position: { commit: this.position, prepare: this.position },
    };
    if (options.revision === undefined) {
      // As command handling reads a stream: an event that is not JSON keeps the link before it.
      const hash = (metadata as { integrity?: { hash?: string } } | undefined)?.integrity?.hash;
      const link = (options.isJson ?? true) ? (hash ?? null) : (head?.hash ?? null);
      this.heads.set(streamId, { revision: Number(revision), hash: link });
    }
    this.events.push(event);
    return event;
  }

  /** A hitos event: metadata as command handling fills it, with its hash-chain link. */
  hitos(streamId: string, type: string, data: unknown): RecordedEvent {
    const head = this.heads.get(streamId);
    const revision = BigInt(head ? head.revision + 1 : 0);
    const previousHash = head?.hash ?? null;
    const base = {
      schemaVersion: 1,
      commandId: `cmd-${this.ids + 1}`,
      $correlationId: `corr-${this.ids + 1}`,
      $causationId: `cmd-${this.ids + 1}`,
      actor: { id: 'presidency', role: 'presidency' },
      occurredAt: CREATED.toISOString(),
      recordedAt: CREATED.toISOString(),
    };
    const hash = integrityHash({
      streamName: streamId,
      revision,
      type,
      data,
      metadata: base,
      previousHash,
    });
    return this.raw(streamId, type, data, { ...base, integrity: { previousHash, hash } });
  }

  /** A few hitos streams with `count` events in all. */
  commitments(count: number, streams = 3): RecordedEvent[] {
    return Array.from({ length: count }, (_, i) =>
      this.hitos(
        `commitment-c${i % streams}`,
        i < streams ? 'CommitmentDrafted' : 'ProgressReported',
        {
          n: i,
          title: `Compromiso ${i % streams}`,
          percent: (i * 7) % 100,
        },
      ),
    );
  }

  /** The leaf events so far, through the real projection: the log's database. */
  logDatabase(): ProjectionStore {
    const store = ProjectionStore.open(transparencyLogProjection, ':memory:');
    const failure = applyToStore(
      store,
      this.events.map((e) => ({
        id: e.id,
        type: e.type,
        streamId: e.streamId,
        revision: e.revision,
        data: e.data,
        metadata: e.metadata,
        created: e.created,
        at: { commit: String(e.position!.commit), prepare: String(e.position!.prepare) },
      })),
      undefined,
    );
    if (failure) throw failure;
    return store;
  }

  /** Signs the log's tree as the projection holds it now and records it in the store. */
  checkpoint(signers: NoteSigner[] = [this.signer]): { size: number; root: string; note: string } {
    const db = this.logDatabase();
    const tree = treeOf(db.db);
    const size = tree.size();
    const root = tree.root();
    db.close();
    const note = signNote(formatCheckpoint({ origin: this.origin, size, root }), signers);
    const data = {
      origin: this.origin,
      treeSize: size,
      root: root.toString('base64'),
      note,
      signedAt: CREATED.toISOString(),
    };
    this.raw(CHECKPOINT_STREAM, 'CheckpointSigned', data);
    return { size, root: data.root, note };
  }
}
