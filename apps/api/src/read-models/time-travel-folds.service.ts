import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import { EventStore, UPCASTER_REGISTRY, type UpcasterRegistry } from '@hitos/event-store';
import { ProjectionRunner, defaultProjectionsDirectory } from '@hitos/projections';
import {
  COMMITMENT_DETAIL,
  FoldCache,
  FoldCheckpointFile,
  FoldCheckpointing,
  commitmentDetailProjection,
  commitmentLengths,
  foldCheckpointsFile,
  foldOf,
} from '@hitos/read-models';
import { appConfig, type AppConfig } from '@hitos/config';

/** Commitment models kept in memory at checkpoints (a few MB each for long ones). */
const KEPT_FOLDS = 16;
/** Checkpoints the background builds per turn, at most; it yields between slices of events. */
const PER_TURN = 2;
/** After events are applied, how long before looking for streams due (events come in bursts). */
const SETTLE_MS = 1_000;
/** Between two turns while streams are still due. */
const NEXT_TURN_MS = 50;

/**
 * The folds past views start from (see docs/time-travel.md): kept in memory (FoldCache) and on
 * disk beside the read models (`time-travel-folds.sqlite`), and built ahead in the background.
 * After the live projections apply events, it looks in today's commitment-detail model for
 * commitments whose revision has crossed a multiple of `HITOS_TIME_TRAVEL_CHECKPOINT_EVERY`
 * without a checkpoint there, and builds the missing ones from the previous checkpoint and the
 * next events read from the store, a few per turn, once the live projections have caught up.
 * The model only says which streams to look at: what is folded is read from the store.
 */
@Injectable()
export class TimeTravelFolds implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('TimeTravel');
  readonly file: FoldCheckpointFile;
  readonly cache: FoldCache;
  private readonly building: FoldCheckpointing;
  private readonly every: number;
  private timer: NodeJS.Timeout | undefined;
  private turn: Promise<void> = Promise.resolve();
  private busy = false;
  private poked = false;
  private stopped = false;
  private stopListening: (() => void) | undefined;

  constructor(
    store: EventStore,
    private readonly runner: ProjectionRunner,
    @Inject(UPCASTER_REGISTRY) upcasters: UpcasterRegistry,
    @Inject(appConfig.KEY) config: AppConfig,
  ) {
    this.every = config.timeTravelCheckpointEvery;
    this.file = FoldCheckpointFile.open(
      foldCheckpointsFile(defaultProjectionsDirectory(config.dataDir)),
      [foldOf(commitmentDetailProjection)],
    );
    this.cache = new FoldCache(KEPT_FOLDS, this.every, this.file, (error) =>
      this.logger.warn(`a fold checkpoint was not written: ${error.message}`),
    );
    this.building = new FoldCheckpointing({ store, file: this.file, upcasters, every: this.every });
  }

  onApplicationBootstrap(): void {
    this.stopListening = this.runner.onApplied(() => this.soon(SETTLE_MS));
    this.soon(SETTLE_MS);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.stopListening?.();
    clearTimeout(this.timer);
    await this.turn;
    await this.cache.settled();
    this.cache.close();
    this.file.close();
  }

  /** Builds what is due now, whole (tests, benchmarks); answers how many checkpoints were built. */
  async catchUp(): Promise<number> {
    let built = 0;
    for (;;) {
      const made = await this.building.catchUp(this.lengths(), 1_000);
      built += made.built;
      if (made.built === 0 || made.stillDue === 0) return built;
    }
  }

  private lengths(): Array<[string, number]> {
    return commitmentLengths(this.runner.database(COMMITMENT_DETAIL) as Database, this.every);
  }

  private soon(ms: number): void {
    if (this.stopped) return;
    if (this.busy) {
      this.poked = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.turn = this.step();
    }, ms);
    this.timer.unref();
  }

  private async step(): Promise<void> {
    // The live projections first: nothing is built while they catch up after a start.
    if (!this.runner.caughtUp) return this.soon(SETTLE_MS);
    this.busy = true;
    this.poked = false;
    let again = false;
    try {
      const made = await this.building.catchUp(this.lengths(), PER_TURN);
      again = made.built > 0 && made.stillDue > 0;
    } catch (error) {
      if (!this.stopped) this.logger.warn(`fold checkpoints: ${(error as Error).message}`);
    } finally {
      this.busy = false;
    }
    if (again) this.soon(NEXT_TURN_MS);
    else if (this.poked) this.soon(SETTLE_MS);
  }
}
