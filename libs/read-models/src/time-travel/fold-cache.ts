import type { UpcasterRegistry } from '@hitos/event-store';
import {
  ProjectionStore,
  applyToStore,
  projectionFingerprint,
  type Projection,
  type RecordedInAll,
} from '@hitos/projections';
import type { FoldCheckpointFile } from './fold-checkpoint-file';
import { isMarkOfHistory, isWithin, markAfter, sameMark, type FoldMark } from './fold-mark';
import type { KnowledgeCut } from './known-history';

interface Kept {
  mark: FoldMark;
  store: ProjectionStore;
  used: number;
}

const fingerprints = new WeakMap<Projection, string>();

/** The projection's {@link projectionFingerprint}, computed once. */
export function foldOf(projection: Projection): string {
  let fold = fingerprints.get(projection);
  if (fold === undefined) {
    fold = projectionFingerprint(projection);
    fingerprints.set(projection, fold);
  }
  return fold;
}

/**
 * Folds of long streams kept at checkpoints (every `every` events), so that a past of a long
 * stream is its nearest checkpoint plus at most `every` events, not the whole history again. A
 * past is read inside a savepoint on the checkpoint's model, rolled back afterwards: the
 * checkpoint stays as it was. Only for histories that grow by appending (one stream: a
 * commitment), whose first events are the same at every cut. At most `maxStores` models are
 * kept in memory, the least recently used closed first. Synchronous from savepoint to rollback,
 * so two requests never share a checkpoint at once.
 *
 * With a {@link FoldCheckpointFile}, checkpoints are also kept on disk: a model not in memory is
 * opened from the file, and each checkpoint a fold makes is written to it (compressed off the
 * main thread; {@link settled} waits for the writes).
 */
export class FoldCache {
  private readonly kept: Kept[] = [];
  private clock = 0;
  private readonly saving = new Set<Promise<void>>();

  constructor(
    private readonly maxStores = 12,
    readonly every = 1_000,
    readonly file?: FoldCheckpointFile,
    /** A checkpoint that could not be written (the fold was answered all the same). */
    private readonly onError: (error: Error) => void = () => undefined,
  ) {}

  /**
   * Runs `read` on the model folded from `events` (the first events of `stream`, in order) by
   * `projection`'s handlers; the model is valid only during `read`.
   */
  read<T>(
    projection: Projection,
    stream: string,
    events: readonly RecordedInAll[],
    upcasters: UpcasterRegistry | undefined,
    read: (store: ProjectionStore) => T,
  ): T {
    if (events.length < this.every) return foldAndRead(projection, events, upcasters, read);
    const target = Math.floor(events.length / this.every) * this.every;
    const fold = foldOf(projection);
    let base = this.nearest(fold, stream, events);
    if (!base || base.mark.count < target) base = this.fromFile(projection, stream, events, base);
    if (!base || base.mark.count < target) {
      base = this.extend(projection, base, events.slice(base?.mark.count ?? 0, target), upcasters);
    }
    base.used = ++this.clock;
    return within(base.store, events.slice(base.mark.count), upcasters, read);
  }

  /**
   * The checkpoints of `stream` whose events were all known at the cut ({@link isWithin}), in
   * memory or in the file, the latest first. Whether one is of the stream's own history is for
   * the caller to check against the store (`knownAfter`) before {@link readAfter}.
   */
  marksWithin(projection: Projection, stream: string, cut: KnowledgeCut): FoldMark[] {
    return this.marks(projection, stream).filter((mark) => isWithin(mark, cut));
  }

  /** Every checkpoint of `stream`, in memory or in the file, the latest first. */
  marks(projection: Projection, stream: string): FoldMark[] {
    const fold = foldOf(projection);
    const marks = this.kept
      .filter((kept) => kept.mark.fold === fold && kept.mark.stream === stream)
      .map((kept) => kept.mark);
    for (const mark of this.file?.marks(fold, stream) ?? []) {
      if (!marks.some((known) => sameMark(known, mark))) marks.push(mark);
    }
    return marks.sort((a, b) => b.count - a.count);
  }

  /**
   * Runs `read` on the model at `mark` with `after` applied: the stream's events after the
   * mark's, as checked against the store. A fold that passes a multiple of `every` on the way
   * keeps a checkpoint there. Null when the model at the mark is no longer at hand (dropped
   * from memory, or not in the file).
   */
  readAfter<T>(
    projection: Projection,
    mark: FoldMark,
    after: readonly RecordedInAll[],
    upcasters: UpcasterRegistry | undefined,
    read: (store: ProjectionStore) => T,
  ): { value: T } | null {
    let base = this.kept.find((kept) => sameMark(kept.mark, mark)) ?? this.load(projection, mark);
    if (!base) return null;
    const target = Math.floor((mark.count + after.length) / this.every) * this.every;
    if (target > mark.count) {
      base = this.extend(projection, base, after.slice(0, target - mark.count), upcasters);
    }
    base.used = ++this.clock;
    return {
      value: within(base.store, after.slice(base.mark.count - mark.count), upcasters, read),
    };
  }

  /**
   * Drops a checkpoint found not to be its stream's, and the later ones of that stream, from
   * memory and from the file.
   */
  forget(mark: FoldMark): void {
    for (let i = this.kept.length - 1; i >= 0; i--) {
      const { mark: kept } = this.kept[i];
      if (kept.fold === mark.fold && kept.stream === mark.stream && kept.count >= mark.count) {
        this.kept.splice(i, 1)[0].store.close();
      }
    }
    this.file?.forget(mark);
  }

  /** Models kept in memory now. */
  get size(): number {
    return this.kept.length;
  }

  /** Resolves once every checkpoint handed to the file is written (or failed). */
  async settled(): Promise<void> {
    await Promise.all([...this.saving]);
  }

  /** The latest kept model of the stream's history `events` begins with. */
  private nearest(
    fold: string,
    stream: string,
    events: readonly RecordedInAll[],
  ): Kept | undefined {
    let best: Kept | undefined;
    for (const kept of this.kept) {
      if (kept.mark.fold !== fold || kept.mark.stream !== stream) continue;
      if (!isMarkOfHistory(kept.mark, events)) continue;
      if (!best || kept.mark.count > best.mark.count) best = kept;
    }
    return best;
  }

  /**
   * The file's latest checkpoint of that history beyond `base`, opened; one that `events` show
   * to be of another history is dropped.
   */
  private fromFile(
    projection: Projection,
    stream: string,
    events: readonly RecordedInAll[],
    base: Kept | undefined,
  ): Kept | undefined {
    for (const mark of this.file?.marks(foldOf(projection), stream) ?? []) {
      if (mark.count > events.length) continue;
      if (base && mark.count <= base.mark.count) break;
      if (!isMarkOfHistory(mark, events)) {
        this.forget(mark);
        continue;
      }
      const loaded = this.load(projection, mark);
      if (loaded) return loaded;
    }
    return base;
  }

  /** The model at `mark` from the file, kept in memory; null when the file does not hold it. */
  private load(projection: Projection, mark: FoldMark): Kept | null {
    const image = this.file?.image(mark);
    if (!image) return null;
    const store = ProjectionStore.deserialize(projection, image);
    if (store.mismatch !== null || store.position?.commit !== mark.last.commit) {
      store.close();
      this.forget(mark);
      return null;
    }
    return this.keep(mark, store);
  }

  /**
   * A new checkpoint: `base`'s model copied (or a fresh one) with `more` applied, the stream's
   * next events; kept in memory. Each multiple of `every` it passes on the way is handed to the
   * file too, so that the file holds every checkpoint up to the latest, not only the one asked.
   */
  private extend(
    projection: Projection,
    base: Kept | undefined,
    more: readonly RecordedInAll[],
    upcasters: UpcasterRegistry | undefined,
  ): Kept {
    const store = base
      ? ProjectionStore.deserialize(projection, base.store.serialize())
      : ProjectionStore.open(projection, ':memory:');
    let mark = base?.mark ?? null;
    try {
      for (let done = 0; done < more.length;) {
        const count = mark?.count ?? 0;
        const next = (Math.floor(count / this.every) + 1) * this.every;
        const step = more.slice(done, done + next - count);
        const failure = applyToStore(store, step, upcasters);
        if (failure) throw failure;
        mark = markAfter(mark, foldOf(projection), step);
        done += step.length;
        this.save(mark, store);
      }
    } catch (error) {
      store.close();
      throw error;
    }
    return this.keep(mark!, store);
  }

  /** Hands the model's image at `mark` to the file, written off the request's way. */
  private save(mark: FoldMark, store: ProjectionStore): void {
    if (!this.file?.writable) return;
    const saving: Promise<void> = this.file
      .save(mark, store.serialize())
      .catch((error: unknown) => {
        this.onError(error instanceof Error ? error : new Error(String(error)));
      })
      .finally(() => this.saving.delete(saving));
    this.saving.add(saving);
  }

  private keep(mark: FoldMark, store: ProjectionStore): Kept {
    const kept: Kept = { mark, store, used: ++this.clock };
    this.kept.push(kept);
    while (this.kept.length > this.maxStores) {
      let oldest = 0;
      for (let i = 1; i < this.kept.length; i++) {
        if (this.kept[i].used < this.kept[oldest].used) oldest = i;
      }
      this.kept.splice(oldest, 1)[0].store.close();
    }
    return kept;
  }

  close(): void {
    for (const kept of this.kept.splice(0)) kept.store.close();
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
