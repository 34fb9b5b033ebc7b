import type { UpcasterRegistry } from '@hitos/event-store';
import {
  ProjectionStore,
  applyToStore,
  type Projection,
  type RecordedInAll,
} from '@hitos/projections';

interface Checkpoint {
  projection: string;
  key: string;
  /** How many of the history's first events it holds. */
  count: number;
  /** The id of the last of them: a history that does not have it there is another history. */
  lastId: string;
  store: ProjectionStore;
  used: number;
}

/**
 * Folds of long histories kept in memory at checkpoints (every `every` events), so that a past
 * of a long stream is its nearest checkpoint plus at most `every` events, not the whole history
 * again. A past is read inside a savepoint on the checkpoint's model, rolled back afterwards:
 * the checkpoint stays as it was. Only for histories that grow by appending (one stream: a
 * commitment), whose first events are the same at every cut. At most `maxStores` models are
 * kept, the least recently used closed first. Synchronous from savepoint to rollback, so two
 * requests never share a checkpoint at once.
 */
export class FoldCache {
  private readonly checkpoints: Checkpoint[] = [];
  private clock = 0;

  constructor(
    private readonly maxStores = 12,
    readonly every = 1_000,
  ) {}

  /**
   * Runs `read` on the model folded from `events` (the first events of `key`'s history, in
   * order) by `projection`'s handlers; the model is valid only during `read`.
   */
  read<T>(
    projection: Projection,
    key: string,
    events: readonly RecordedInAll[],
    upcasters: UpcasterRegistry | undefined,
    read: (store: ProjectionStore) => T,
  ): T {
    if (events.length < this.every) return foldAndRead(projection, events, upcasters, read);
    const target = Math.floor(events.length / this.every) * this.every;
    let checkpoint = this.nearest(projection.name, key, events);
    if (!checkpoint || checkpoint.count < target) {
      checkpoint = this.add(projection, key, events.slice(0, target), upcasters);
    }
    checkpoint.used = ++this.clock;
    return within(checkpoint.store, events.slice(checkpoint.count), upcasters, read);
  }

  /** Models kept now. */
  get size(): number {
    return this.checkpoints.length;
  }

  private nearest(
    projection: string,
    key: string,
    events: readonly RecordedInAll[],
  ): Checkpoint | undefined {
    let best: Checkpoint | undefined;
    for (const checkpoint of this.checkpoints) {
      if (checkpoint.projection !== projection || checkpoint.key !== key) continue;
      if (checkpoint.count > events.length) continue;
      if (events[checkpoint.count - 1].id !== checkpoint.lastId) continue;
      if (!best || checkpoint.count > best.count) best = checkpoint;
    }
    return best;
  }

  private add(
    projection: Projection,
    key: string,
    events: readonly RecordedInAll[],
    upcasters: UpcasterRegistry | undefined,
  ): Checkpoint {
    const store = ProjectionStore.open(projection, ':memory:');
    const failure = applyToStore(store, events, upcasters);
    if (failure) {
      store.close();
      throw failure;
    }
    const checkpoint: Checkpoint = {
      projection: projection.name,
      key,
      count: events.length,
      lastId: events[events.length - 1].id,
      store,
      used: ++this.clock,
    };
    this.checkpoints.push(checkpoint);
    while (this.checkpoints.length > this.maxStores) {
      let oldest = 0;
      for (let i = 1; i < this.checkpoints.length; i++) {
        if (this.checkpoints[i].used < this.checkpoints[oldest].used) oldest = i;
      }
      this.checkpoints.splice(oldest, 1)[0].store.close();
    }
    return checkpoint;
  }

  close(): void {
    for (const checkpoint of this.checkpoints.splice(0)) checkpoint.store.close();
  }
}

/** A fresh in-memory model folded from the events, read, then closed. */
export function foldAndRead<T>(
  projection: Projection,
  events: readonly RecordedInAll[],
  upcasters: UpcasterRegistry | undefined,
  read: (store: ProjectionStore) => T,
): T {
  const store = ProjectionStore.open(projection, ':memory:');
  try {
    const failure = applyToStore(store, events, upcasters);
    if (failure) throw failure;
    return read(store);
  } finally {
    store.close();
  }
}

/**
 * Applies more events to a kept model inside a savepoint, reads, and rolls them back: the
 * engine's own transactions nest in it as savepoints, and its position is put back after.
 */
function within<T>(
  store: ProjectionStore,
  more: readonly RecordedInAll[],
  upcasters: UpcasterRegistry | undefined,
  read: (store: ProjectionStore) => T,
): T {
  const position = store.position;
  store.db.exec('SAVEPOINT past_view');
  try {
    const failure = applyToStore(store, more, upcasters);
    if (failure) throw failure;
    return read(store);
  } finally {
    store.db.exec('ROLLBACK TO past_view');
    store.db.exec('RELEASE past_view');
    store.position = position;
  }
}
