import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  hiddenFromAllSubscriptions,
  type AllSubscription,
  type EventStore,
  type UpcasterRegistry,
} from '@hitos/event-store';
import { applyToStore } from './apply';
import { ProjectionFrozenError, ProjectionWaitTimeoutError } from './errors';
import { drain, recordedOf, type RecordedInAll } from './events';
import {
  comparePositions,
  commitOf,
  toAllPosition,
  type PositionLike,
  type StoredPosition,
} from './position';
import type { Projection } from './projection';
import { ProjectionStore, projectionFile } from './projection-store';
import { buildProjectionFile, swapIn, type RebuildOptions, type RebuildReport } from './rebuild';

export interface ProjectionRunnerOptions {
  store: EventStore;
  /** Where the projections' files live (`$HITOS_DATA_DIR/projections`). */
  directory: string;
  projections: readonly Projection[];
  /** Brings stored event data to the version projections are written against. */
  upcasters?: UpcasterRegistry;
  /** The streams the runner follows, by name prefix (e.g. an application's stream categories). */
  streamPrefixes: readonly string[];
  /** Most events per transaction while catching up. */
  batchSize?: number;
  /**
   * Live, the least time between two flushes (default 15 ms). An event after a quiet spell is
   * applied on the next turn of the loop; under a steady flow the events of this window share
   * one transaction per projection and one round of listeners (live feeds, the workflow engine),
   * which otherwise cost more than the events themselves.
   */
  liveFlushMs?: number;
  /** Wait before resubscribing after a subscription error, doubled per failed attempt. */
  backoff?: { initialMs: number; maxMs: number };
  /** Most events `lag()` reads to count how far behind a projection is. */
  lagScanLimit?: number;
  /** Subscription errors and projection failures, for the log. */
  onError?: (error: Error) => void;
  /**
   * Serve the files as they are, never follow `$all` (the models of a replay, made up to `end`,
   * the last position of the history they were made from): each file is opened read only and
   * must exist and be of this version; `start()` subscribes to nothing; a wait for a position
   * up to `end` resolves at once (nothing more concerns the models there), and one past it
   * rejects at once with {@link ProjectionFrozenError}.
   */
  frozen?: { end: PositionLike | null };
}

export interface ProjectionStatus {
  name: string;
  version: number;
  /** Last `$all` commit position applied, null before the first event. */
  position: string | null;
  /**
   * Set when the projection stopped: a ProjectionHandlerError when a handler threw (it stopped
   * before that event), another error when its file failed.
   */
  failure: Error | null;
}

export interface ProjectionLag {
  name: string;
  /**
   * Events of the followed streams after the checkpoint, among the next `lagScanLimit` events
   * of `$all`: a lower bound when `capped`.
   */
  events: number;
  /** True when there were more than `lagScanLimit` events to count. */
  capped: boolean;
  /** Age of the oldest event not yet applied; 0 when none. */
  seconds: number;
  position: string | null;
  /**
   * How far the runner has gone for this projection: its checkpoint, or the last event the
   * runner's subscription delivered if that is further (a projection ahead of the others
   * waits while they catch up, and has not stalled). What a stall check should watch.
   */
  progress: string | null;
  /** Last position of `$all`, system events included. */
  endPosition: string | null;
  failed: boolean;
}

interface Slot {
  projection: Projection;
  file: string;
  store: ProjectionStore;
  failure: Error | null;
}

interface LagScan {
  /** There were more events after the position than the scan read. */
  capped: boolean;
  /** The followed events among those read. */
  pending: RecordedInAll[];
  /** Every event read, followed or not: where it is and when it was written. */
  scanned: { at: StoredPosition; created: Date }[];
}

interface Waiter {
  check: () => boolean;
}

/**
 * Follows `$all` for every projection of the process: catches up from the oldest checkpoint,
 * then stays live on the same subscription. Each projection keeps its own checkpoint beside
 * its rows, so one that fails stops alone and one added later starts from zero while the
 * others skip what they have already applied.
 */
export class ProjectionRunner {
  private readonly slots = new Map<string, Slot>();
  private readonly prefixes: readonly string[];
  private readonly batchSize: number;
  private readonly backoff: { initialMs: number; maxMs: number };
  private subscription: AllSubscription | undefined;
  private buffer: RecordedInAll[] = [];
  private flushScheduled = false;
  /** The current subscription has caught up. */
  private live = false;
  /** Position of the last event the subscription delivered, applied or still buffered. */
  private received: StoredPosition | null = null;
  private readonly catchUpFlushMs = 20;
  private readonly liveFlushMs: number;
  /** performance.now() of the last flush that applied something. */
  private lastFlushAt = -Infinity;
  private paused = false;
  private running = false;
  private attempts = 0;
  private resubscribeTimer: NodeJS.Timeout | undefined;
  private readonly waiters = new Set<Waiter>();
  private readonly appliedListeners = new Set<() => void>();
  private caughtUpOnce = false;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.prefixes = options.streamPrefixes;
    this.batchSize = options.batchSize ?? 500;
    this.liveFlushMs = options.liveFlushMs ?? 15;
    this.backoff = options.backoff ?? { initialMs: 100, maxMs: 5000 };
    const names = new Set<string>();
    for (const projection of options.projections) {
      if (names.has(projection.name)) throw new Error(`Two projections named ${projection.name}`);
      names.add(projection.name);
    }
  }

  /**
   * Opens every projection's file without subscribing: status and lag are then readable, as
   * of the checkpoints on disk. `start()` opens too.
   */
  open(): void {
    if (this.slots.size > 0) return;
    if (this.options.frozen) return this.openFrozen();
    mkdirSync(this.options.directory, { recursive: true });
    for (const projection of this.options.projections) {
      const file = projectionFile(this.options.directory, projection.name);
      // A file written by another version cannot be trusted to mean what the code means: it
      // is started afresh and caught up from the start of `$all`.
      const store = ProjectionStore.openFresh(projection, file);
      this.slots.set(projection.name, { projection, file, store, failure: null });
    }
  }

  /** Opens the files and subscribes; does not wait for catch-up (see `waitForPosition`). */
  start(): void {
    if (this.running) return;
    this.open();
    this.running = true;
    if (this.options.frozen) {
      // Nothing will come: the files are all there is.
      this.caughtUpOnce = true;
      return;
    }
    this.subscribe();
  }

  /** True for the models of a replay: read only, never following `$all`. */
  get frozen(): boolean {
    return this.options.frozen !== undefined;
  }

  /** A replay's files, read only; a missing one or one of another version is an error. */
  private openFrozen(): void {
    for (const projection of this.options.projections) {
      const file = projectionFile(this.options.directory, projection.name);
      if (!existsSync(file)) {
        this.closeSlots();
        throw new Error(
          `${file} is missing: the directory does not hold the ${projection.name} model`,
        );
      }
      const store = ProjectionStore.openReadonly(projection, file);
      if (store.mismatch) {
        store.close();
        this.closeSlots();
        throw new Error(`${file} was written by another version (${store.mismatch}): replay again`);
      }
      this.slots.set(projection.name, { projection, file, store, failure: null });
    }
  }

  private closeSlots(): void {
    for (const slot of this.slots.values()) slot.store.close();
    this.slots.clear();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.resubscribeTimer);
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.unsubscribe();
    this.paused = false;
    this.flush();
    for (const slot of this.slots.values()) slot.store.close();
    this.slots.clear();
    this.notify();
  }

  /** True once the subscription has reported the end of catch-up (and everything before it is applied). */
  get caughtUp(): boolean {
    return this.caughtUpOnce;
  }

  status(): ProjectionStatus[] {
    return [...this.slots.values()].map((slot) => ({
      name: slot.projection.name,
      version: slot.projection.version,
      position: slot.store.position?.commit ?? null,
      failure: slot.failure,
    }));
  }

  /** The live database of a projection, for queries (read only by convention). */
  database(name: string) {
    return this.slot(name).store.db;
  }

  /**
   * Resolves once every projection (or the named one) has applied `position`, a position
   * returned by an append of a followed stream. Rejects at once if a projection failed, and
   * with ProjectionWaitTimeoutError after `timeoutMs`; a frozen runner answers at once.
   */
  waitForPosition(position: PositionLike, timeoutMs: number, projection?: string): Promise<void> {
    const target = commitOf(position);
    const slots = projection ? [this.slot(projection)] : [...this.slots.values()];
    return new Promise<void>((resolve, reject) => {
      const deadline: { timer?: NodeJS.Timeout } = {};
      const waiter: Waiter = {
        check: () => {
          const failed = slots.find((slot) => slot.failure);
          if (slots.every((slot) => comparePositions(slot.store.position, target) >= 0)) {
            resolve();
          } else if (this.options.frozen) {
            const { end } = this.options.frozen;
            if (comparePositions(end, target) >= 0) resolve();
            else
              reject(
                new ProjectionFrozenError(
                  target.toString(),
                  end === null ? null : commitOf(end).toString(),
                ),
              );
          } else if (failed || !this.running) {
            reject(failed?.failure ?? new Error('The projection runner is not running'));
          } else {
            return false;
          }
          clearTimeout(deadline.timer);
          return true;
        },
      };
      if (waiter.check()) return;
      this.waiters.add(waiter);
      deadline.timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new ProjectionWaitTimeoutError(
            `Projections did not reach $all position ${target} within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
    });
  }

  /**
   * How far each projection is behind the live end of `$all`, counted by reading what comes
   * after its checkpoint rather than against a mark taken earlier, which would read healthy
   * while the projection stood still. Projections at different checkpoints (one added later
   * and catching up from the start beside others at the end) are each counted from their own.
   */
  async lag(): Promise<ProjectionLag[]> {
    if (this.options.frozen) return this.frozenLag(this.options.frozen.end);
    const limit = this.options.lagScanLimit ?? 10_000;
    const end = await this.options.store.endOfAll();
    const slots = [...this.slots.values()];
    const scans = new Map<string, Promise<LagScan>>();
    const scanOf = (slot: Slot) => {
      const key = slot.store.position?.commit ?? 'start';
      let scan = scans.get(key);
      if (!scan) {
        scan = this.scanAfter(slot.store.position, limit);
        scans.set(key, scan);
      }
      return scan;
    };
    // For each projection behind the end, the scan past its checkpoint; null for the others.
    const scansOfSlots = await Promise.all(
      slots.map((slot) =>
        end && comparePositions(slot.store.position, end) < 0 ? scanOf(slot) : null,
      ),
    );
    const now = Date.now();
    const age = (created: Date) => Math.max(0, (now - created.getTime()) / 1000);
    return slots.map((slot, i) => {
      const scan = scansOfSlots[i];
      const isAfter = (item: { at: StoredPosition }) =>
        comparePositions(item.at, slot.store.position) > 0;
      const after = scan ? scan.pending.filter(isAfter) : [];
      const capped = scan?.capped ?? false;
      // Past the scan limit the count is a lower bound, and the age is that of the first
      // event the projection has not passed, followed or not.
      const oldestUnapplied = after[0] ?? (capped ? scan!.scanned.find(isAfter) : undefined);
      // The scan may end before the first followed event after the projection's position
      // (a long run of other streams' events): while the runner is still catching up, that
      // is at least one event to apply, never zero — zero says the read side is caught up.
      const events = after.length === 0 && capped && !this.live ? 1 : after.length;
      const position = slot.store.position;
      const progress =
        this.received && comparePositions(this.received, position) > 0 ? this.received : position;
      return {
        name: slot.projection.name,
        events,
        capped,
        seconds: oldestUnapplied ? age(oldestUnapplied.created) : 0,
        position: position?.commit ?? null,
        progress: progress?.commit ?? null,
        endPosition: end ? end.commit.toString() : null,
        failed: slot.failure !== null,
      };
    });
  }

  /**
   * The next `limit` (+1, to know whether there were more) events of `$all` after `from`,
   * less those the subscription never delivers (the epoch record a restarted store writes
   * would otherwise stay one event ahead of every projection following all streams).
   */
  private async scanAfter(from: StoredPosition | null, limit: number): Promise<LagScan> {
    const all = await drain(
      this.options.store.readAll({
        fromPosition: from ? toAllPosition(from) : 'start',
        maxCount: limit + 1,
      }),
    );
    const read = all.filter((event) => !hiddenFromAllSubscriptions(event.streamId));
    return {
      capped: all.length > limit,
      pending: read
        .map((event) => recordedOf(event, this.prefixes))
        .filter((item): item is RecordedInAll => item !== null),
      scanned: read.flatMap((event) =>
        event.position
          ? [
              {
                at: {
                  commit: event.position.commit.toString(),
                  prepare: event.position.prepare.toString(),
                },
                created: event.created,
              },
            ]
          : [],
      ),
    };
  }

  /** A frozen runner is never behind: its history ends where its files were made up to. */
  private frozenLag(end: PositionLike | null): ProjectionLag[] {
    return [...this.slots.values()].map((slot) => ({
      name: slot.projection.name,
      events: 0,
      capped: false,
      seconds: 0,
      position: slot.store.position?.commit ?? null,
      progress: slot.store.position?.commit ?? null,
      endPosition: end === null ? null : commitOf(end).toString(),
      failed: false,
    }));
  }

  /**
   * Rebuilds a projection from the start of `$all` into a fresh file while the live one keeps
   * serving, then, with the runner paused, brings the fresh file to the end of `$all` and
   * renames it over the live one. Events the runner receives meanwhile wait in its buffer and
   * are applied after the swap, skipped by the new checkpoint where the rebuild already has them.
   */
  async rebuild(
    name: string,
    options: Omit<RebuildOptions, 'store' | 'projection' | 'directory' | 'streamPrefixes'> = {},
  ): Promise<RebuildReport> {
    const slot = this.slot(name);
    const common = {
      ...options,
      store: this.options.store,
      projection: slot.projection,
      directory: this.options.directory,
      upcasters: this.options.upcasters ?? options.upcasters,
      streamPrefixes: this.prefixes,
    };
    const built = await buildProjectionFile(common);
    this.paused = true;
    try {
      const report = await buildProjectionFile({ ...common, file: built.file, resume: built });
      slot.store.close();
      swapIn(report.file, slot.file);
      slot.store = ProjectionStore.open(slot.projection, slot.file);
      slot.failure = null;
      return report;
    } catch (error) {
      if (!slot.store.db.open) slot.store = ProjectionStore.open(slot.projection, slot.file);
      throw error;
    } finally {
      this.paused = false;
      const wasFailed = this.subscription === undefined;
      this.flush();
      // A failed projection may have been the only one holding the subscription back.
      if (wasFailed && this.running) this.subscribe();
    }
  }

  private slot(name: string): Slot {
    const slot = this.slots.get(name);
    if (!slot) throw new Error(`No projection named ${name}`);
    return slot;
  }

  private active(): Slot[] {
    return [...this.slots.values()].filter((slot) => !slot.failure);
  }

  private subscribe(): void {
    if (!this.running || this.subscription) return;
    const active = this.active();
    if (active.length === 0) return;
    // The oldest checkpoint: every projection sees what it has not applied, and skips the rest.
    let from: StoredPosition | null = active[0].store.position;
    for (const slot of active) {
      if (comparePositions(slot.store.position, from) < 0) from = slot.store.position;
    }
    const subscription: AllSubscription = this.options.store.subscribeToAll(
      { fromPosition: from ? toAllPosition(from) : 'start', streamNamePrefixes: this.prefixes },
      {
        event: (event) => {
          if (subscription !== this.subscription) return;
          this.attempts = 0;
          const recorded = recordedOf(event, this.prefixes);
          if (!recorded) return;
          this.received = recorded.at;
          this.buffer.push(recorded);
          if (this.buffer.length >= this.batchSize) this.flush();
          else this.scheduleFlush();
        },
        caughtUp: () => {
          if (subscription !== this.subscription) return;
          this.attempts = 0;
          // After the data events the stream may still hold, which are delivered on next ticks.
          setImmediate(() => {
            this.flush();
            if (subscription !== this.subscription) return;
            this.live = true;
            this.caughtUpOnce = true;
            this.notify();
          });
        },
        failed: (error) => this.lost(subscription, error),
      },
    );
    this.subscription = subscription;
    this.live = false;
  }

  private lost(subscription: AllSubscription, error: Error): void {
    if (subscription !== this.subscription || !this.running) return;
    this.subscription = undefined;
    void subscription.unsubscribe();
    this.options.onError?.(error);
    this.flush();
    const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** this.attempts);
    this.attempts++;
    this.resubscribeTimer = setTimeout(() => this.subscribe(), delay);
  }

  /**
   * Live, an event is applied on the next turn of the loop, for latency, unless the last flush
   * was less than `liveFlushMs` ago: then it waits for the rest of that window with whatever
   * else arrives. Catching up, events wait for a full batch (or a short timer), because the
   * client hands them over a few per network read and a transaction per read would cost more
   * than the events themselves.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    const run = () => {
      this.flushScheduled = false;
      this.flush();
    };
    if (!this.live) {
      setTimeout(run, this.catchUpFlushMs).unref();
      return;
    }
    const wait = this.lastFlushAt + this.liveFlushMs - performance.now();
    if (wait <= 0) setImmediate(run);
    else setTimeout(run, wait).unref();
  }

  /** Applies what the subscription delivered, one transaction per projection. */
  private flush(): void {
    if (this.paused || this.buffer.length === 0) return;
    const items = this.buffer;
    this.buffer = [];
    this.lastFlushAt = performance.now();
    for (const slot of this.active()) {
      let failure: Error | null;
      try {
        failure = applyToStore(slot.store, items, this.options.upcasters);
      } catch (error) {
        // The file itself failed (disk full, corruption): nothing of the batch was committed,
        // and this projection stops like one whose handler threw, at its checkpoint.
        failure = error instanceof Error ? error : new Error(String(error));
      }
      if (failure) {
        slot.failure = failure;
        this.options.onError?.(failure);
      }
    }
    this.notify();
    for (const listener of this.appliedListeners) listener();
  }

  /**
   * Calls `listener` after every batch the projections have committed (live feeds read what
   * changed from the models then). Returns the function that removes it.
   */
  onApplied(listener: () => void): () => void {
    this.appliedListeners.add(listener);
    return () => this.appliedListeners.delete(listener);
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.check()) this.waiters.delete(waiter);
    }
  }
}

export const defaultProjectionsDirectory = (dataDir: string) => join(dataDir, 'projections');
