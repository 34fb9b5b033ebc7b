import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Database } from 'better-sqlite3';
import { commitmentStreamName } from '@hitos/domain';
import type { EventStore, UpcasterRegistry } from '@hitos/event-store';
import { ProjectionStore, applyToStore, prepared, type Projection } from '@hitos/projections';
import { commitmentDetailProjection } from '../commitment-detail/commitment-detail.projection';
import type { FoldCheckpointFile } from './fold-checkpoint-file';
import { foldOf } from './fold-cache';
import { isMarkOf, markAfter, type FoldMark } from './fold-mark';
import { firstIdOf, readStreamEvents } from './known-history';

/** Events applied between two turns of the event loop: requests are served in between. */
const SLICE = 100;

/** A stream whose history crossed a multiple of `every` past its latest checkpoint. */
export interface DueCheckpoint {
  stream: string;
  /** Its latest checkpoint's event count (0 without one). */
  from: number;
  /** The count its checkpoints should reach: its length, rounded down to a multiple of `every`. */
  to: number;
}

export interface FoldCheckpointingOptions {
  store: EventStore;
  file: FoldCheckpointFile;
  upcasters: UpcasterRegistry | undefined;
  /** A checkpoint every this many events of a stream. */
  every: number;
  /** The projection whose folds are kept; the commitment-detail model by default. */
  projection?: Projection;
}

/**
 * Every commitment's length in events, as today's commitment-detail model knows it (its row's
 * revision is the stream revision of its last event): which streams may need checkpoints. Only
 * a hint: what is built is read from the store, and checked against it.
 */
export function commitmentLengths(db: Database, atLeast: number): Array<[string, number]> {
  return (
    prepared(
      db,
      `SELECT commitment_id, revision FROM commitment WHERE revision + 1 >= ? ORDER BY commitment_id`,
    ).all(atLeast) as { commitment_id: string; revision: number }[]
  ).map((row) => [commitmentStreamName(row.commitment_id), row.revision + 1]);
}

/**
 * Builds the fold checkpoints of long streams ahead of the past views that will need them: a
 * stream's first `every` events folded by the projection's handlers, then the next `every` on
 * that model, and so on, each kept in the {@link FoldCheckpointFile} with its mark. Each step
 * starts from the stream's latest checkpoint and reads only the next `every` events (and the
 * checkpoint's own last event, which must still be the mark's: otherwise the stream's
 * checkpoints are of another history, dropped, and built again from its start). Bounded: a
 * call builds at most the checkpoints it is given as budget, yielding to the event loop
 * between slices of events.
 */
export class FoldCheckpointing {
  private readonly projection: Projection;

  constructor(private readonly options: FoldCheckpointingOptions) {
    this.projection = options.projection ?? commitmentDetailProjection;
  }

  /** The streams of `lengths` (stream, events) that have crossed a multiple of `every` since. */
  due(lengths: Iterable<readonly [string, number]>): DueCheckpoint[] {
    const { file, every } = this.options;
    const counts = file.counts(foldOf(this.projection));
    const due: DueCheckpoint[] = [];
    for (const [stream, length] of lengths) {
      const to = Math.floor(length / every) * every;
      const from = counts.get(stream) ?? 0;
      if (to > from) due.push({ stream, from, to });
    }
    return due;
  }

  /**
   * Builds what is due, stream after stream, at most `budget` checkpoints; answers how many
   * were built and how many streams are still due after them (a stream shorter in the store
   * than its hint says stays due and builds nothing).
   */
  async catchUp(
    lengths: Iterable<readonly [string, number]>,
    budget: number,
  ): Promise<{ built: number; stillDue: number }> {
    const due = this.due(lengths);
    let built = 0;
    let reached = 0;
    for (const { stream, to } of due) {
      if (built >= budget) break;
      const made = await this.build(stream, to, budget - built);
      built += made.built;
      if (made.reached) reached++;
    }
    return { built, stillDue: due.length - reached };
  }

  /**
   * Builds the stream's checkpoints after its latest one, up to `count` events, at most
   * `budget` of them. `reached`: its latest checkpoint holds `count` events now.
   */
  async build(
    stream: string,
    count: number,
    budget: number,
  ): Promise<{ built: number; reached: boolean }> {
    const { store, file, upcasters, every } = this.options;
    const fold = foldOf(this.projection);
    let mark: FoldMark | null = file.latest(fold, stream);
    let model: ProjectionStore | null = null;
    let firstId: string | undefined;
    let built = 0;
    try {
      if (mark) {
        firstId = await firstIdOf(store, stream);
        const image = file.image(mark);
        model = image ? ProjectionStore.deserialize(this.projection, image) : null;
        if (!model || model.mismatch !== null || model.position?.commit !== mark.last.commit) {
          model?.close();
          model = null;
          file.forgetStream(fold, stream);
          mark = null;
        }
      }
      model ??= ProjectionStore.open(this.projection, ':memory:');
      while (built < budget) {
        const have = mark?.count ?? 0;
        const next = (Math.floor(have / every) + 1) * every;
        if (next > count) break;
        // From the latest checkpoint's own last event: it must still be the mark's.
        const read = await readStreamEvents(
          store,
          stream,
          mark?.lastRevision,
          next - have + (mark ? 1 : 0),
        );
        if (mark && !isMarkOf(mark, read[0], firstId)) {
          file.forgetStream(fold, stream);
          return { built, reached: false };
        }
        const events = mark ? read.slice(1) : read;
        if (events.length < next - have) break;
        firstId ??= events[0].id;
        for (let i = 0; i < events.length; i += SLICE) {
          const failure = applyToStore(model, events.slice(i, i + SLICE), upcasters);
          if (failure) throw failure;
          await nextTurn();
        }
        mark = markAfter(mark, fold, events);
        await file.save(mark, model.serialize());
        built++;
      }
      return { built, reached: (mark?.count ?? 0) >= count };
    } finally {
      model?.close();
    }
  }
}
