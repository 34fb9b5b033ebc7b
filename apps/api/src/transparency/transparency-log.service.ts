import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import { Clock, EventStore } from '@hitos/event-store';
import { ProjectionRunner } from '@hitos/projections';
import {
  CheckpointSigner,
  latestCheckpoint,
  transparencyLogProjection,
  treeOf,
  type CheckpointSigned,
  type CheckpointView,
  type LogIdentity,
  type TreeHead,
} from '@hitos/transparency';
import { appConfig, type AppConfig } from '@hitos/config';
import { ProjectionsHealthIndicator } from '../projections/projections.health';

export const TRANSPARENCY_RUNNER = Symbol('TransparencyRunner');
export const LOG_IDENTITY = Symbol('LogIdentity');

/** How soon after start the first checkpoint is signed (then every interval). */
const FIRST_CHECKPOINT_MS = 5_000;

/** How long an on-demand checkpoint waits for the log to reach the end of `$all`. */
const CATCH_UP_MS = 5_000;

/**
 * The transparency log of this process: its own runner over every stream of `$all` (the tree
 * must see events written around hitos too), and a checkpoint signed every interval while the
 * tree grows, and on demand.
 */
@Injectable()
export class TransparencyLog implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('TransparencyLog');
  private readonly signer: CheckpointSigner;
  private timer: NodeJS.Timeout | undefined;
  private first: NodeJS.Timeout | undefined;
  private signing: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(TRANSPARENCY_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(LOG_IDENTITY) readonly identity: LogIdentity,
    private readonly store: EventStore,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    health: ProjectionsHealthIndicator,
  ) {
    health.include(runner);
    this.signer = new CheckpointSigner({
      store,
      signer: identity.signer,
      origin: identity.origin,
      treeHead: () => this.treeHead(),
      lastCheckpointSize: () => latestCheckpoint(this.db())?.treeSize ?? null,
      now: () => clock.now(),
    });
  }

  onApplicationBootstrap(): void {
    this.runner.start();
    const every = this.config.checkpointIntervalMs;
    if (every > 0) {
      const tick = () => {
        this.signing = this.sign().catch((error: Error) =>
          this.logger.error(`checkpoint: ${error.message}`),
        );
      };
      // The first a few seconds after start, so that a fresh log has a checkpoint to show soon.
      this.first = setTimeout(tick, Math.min(every, FIRST_CHECKPOINT_MS));
      this.first.unref();
      this.timer = setInterval(tick, every);
      this.timer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    clearTimeout(this.first);
    clearInterval(this.timer);
    await this.signing;
    await this.runner.stop();
  }

  /** True when serving a replay: the log as it stood at its moment, read only. */
  get frozen(): boolean {
    return this.runner.frozen;
  }

  /** The log's database (the tree, its leaves, the checkpoints). */
  db(): Database {
    return this.runner.database(transparencyLogProjection.name) as Database;
  }

  treeHead(): TreeHead {
    const tree = treeOf(this.db());
    return { size: tree.size(), root: tree.root() };
  }

  /**
   * Signs a checkpoint of everything recorded so far: waits (a few seconds at most) for the log
   * to reach the end of `$all`, signs if the tree grew, and returns once the checkpoint is in the
   * log's own tables. Null when there was nothing new to sign.
   */
  async checkpointNow(): Promise<CheckpointSigned['data'] | null> {
    // A replay's log is frozen: it shows the checkpoints signed until its moment, signs none.
    if (this.frozen) return null;
    // The last event the runner can be delivered: a restarted store's epoch record, last in
    // `$all` until the next write, never comes, and waiting for it would cost CATCH_UP_MS.
    const end = await this.store.endOfSubscriptions();
    if (end) await this.runner.waitForPosition(end.commit, CATCH_UP_MS).catch(() => undefined);
    const signed = await this.sign();
    if (signed?.position) await this.runner.waitForPosition(signed.position, CATCH_UP_MS);
    return signed?.checkpoint ?? null;
  }

  /**
   * A checkpoint covering what a caller needs, signed on demand when the latest one does not.
   * Anyone may ask (an anonymous audit package), so an anonymous request signs at most one
   * checkpoint per interval: within the interval of the latest checkpoint it gets that one, and
   * what was recorded after it waits for the next (the log's own timer signs while it grows).
   * A signed-in reader is served at once. Null when there is still no checkpoint at all.
   */
  async checkpointCovering(
    lastLeaf: number | null,
    options: { anonymous: boolean; notInLog?: number },
  ): Promise<CheckpointView | null> {
    const latest = latestCheckpoint(this.db());
    const decision = onDemand({
      latest,
      ...options,
      lastLeaf,
      now: this.clock.now(),
      intervalMs: this.config.checkpointIntervalMs,
    });
    if (decision === 'latest') return latest;
    await this.checkpointNow();
    return latestCheckpoint(this.db());
  }

  private sign() {
    return this.signer.signIfGrown();
  }
}

/**
 * Whether a request for a checkpoint covering leaves up to `lastLeaf` is served the latest one
 * or signs a new one: the latest when it covers them (and every event is in the log), or when
 * the request is anonymous and the latest is younger than the interval (so that anyone asking
 * signs at most one checkpoint per interval, as the timer does). The interval 0 (no timer, as in
 * tests) sets no limit.
 */
export function onDemand(request: {
  latest: Pick<CheckpointView, 'treeSize' | 'signedAt'> | null;
  lastLeaf: number | null;
  notInLog?: number;
  anonymous: boolean;
  now: Date;
  intervalMs: number;
}): 'latest' | 'sign' {
  const { latest, lastLeaf, intervalMs } = request;
  if (latest === null) return 'sign';
  if (!request.notInLog && (lastLeaf === null || lastLeaf < latest.treeSize)) return 'latest';
  const recent = intervalMs > 0 && request.now.getTime() - Date.parse(latest.signedAt) < intervalMs;
  return request.anonymous && recent ? 'latest' : 'sign';
}
