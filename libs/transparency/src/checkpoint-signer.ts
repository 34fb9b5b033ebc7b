import { randomUUID } from 'node:crypto';
import {
  EventStore,
  WrongExpectedRevisionError,
  type AllPosition,
  type AppendOutcome,
} from '@hitos/event-store';
import { formatCheckpoint } from './checkpoint';
import type { NoteSigner } from './note-key';
import { signNote } from './signed-note';
import { CHECKPOINT_STREAM, type CheckpointSigned } from './transparency-log.projection';

/** The tree as the log projection holds it now. */
export interface TreeHead {
  size: number;
  root: Buffer;
}

export interface CheckpointSignerOptions {
  store: EventStore;
  signer: NoteSigner;
  /** The checkpoint's first line: a schema-less URL naming the log. */
  origin: string;
  /** The tree as the projection holds it. */
  treeHead: () => TreeHead;
  /** The size of the largest checkpoint the projection has recorded, if any. */
  lastCheckpointSize: () => number | null;
  /** hitos's clock. */
  now: () => Date;
}

/**
 * Signs a C2SP checkpoint of the tree and records it as an event of the checkpoint stream, when
 * the tree grew since the last one recorded. Several processes may run it: the append expects
 * the stream as last read, so only one checkpoint per state of the stream is written and the
 * others see theirs refused and stand back.
 */
export class CheckpointSigner {
  constructor(private readonly options: CheckpointSignerOptions) {}

  /**
   * The new checkpoint and where its event sits in `$all`, or null when the tree has not grown
   * (or another signer was first).
   */
  async signIfGrown(): Promise<{
    checkpoint: CheckpointSigned['data'];
    position?: AllPosition;
  } | null> {
    const { store, signer, origin, treeHead, lastCheckpointSize, now } = this.options;
    const last = await store.lastEventOf(CHECKPOINT_STREAM);
    // The stream's last event tells of a checkpoint the projection may not have applied yet.
    const lastSize = Math.max(lastCheckpointSize() ?? 0, sizeIn(last?.data));
    const head = treeHead();
    if (head.size <= lastSize) return null;
    const note = signNote(formatCheckpoint({ origin, size: head.size, root: head.root }), [signer]);
    const data: CheckpointSigned['data'] = {
      origin,
      treeSize: head.size,
      root: head.root.toString('base64'),
      note,
      signedAt: now().toISOString(),
    };
    let outcome: AppendOutcome;
    try {
      outcome = await store.appendToStream(
        CHECKPOINT_STREAM,
        [{ id: randomUUID(), type: 'CheckpointSigned', data }],
        last ? last.revision : 'no_stream',
      );
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return null;
      throw error;
    }
    return { checkpoint: data, position: outcome.position };
  }
}

/** The tree size a checkpoint event names, 0 for anything else. */
function sizeIn(data: unknown): number {
  const size = (data as { treeSize?: unknown } | undefined)?.treeSize;
  return typeof size === 'number' ? size : 0;
}
