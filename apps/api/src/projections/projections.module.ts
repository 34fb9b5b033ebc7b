import {
  Inject,
  Injectable,
  Logger,
  Module,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ClsService } from 'nestjs-cls';
import {
  Clock,
  CommandHandling,
  EventStore,
  UPCASTER_REGISTRY,
  type UpcasterRegistry,
} from '@hitos/event-store';
import { ProjectionRunner, defaultProjectionsDirectory } from '@hitos/projections';
import { HITOS_STREAM_PREFIXES } from '@hitos/read-models';
import { noticesOutboxProjection } from '@hitos/notices';
import { WorkflowEngine, hitosProjections } from '@hitos/workflows';
import { appConfig, type AppConfig } from '@hitos/config';
import { CONTEXT_SYSTEM_COMMAND } from '../context/request-context';
import { Metrics } from '../metrics/metrics';
import { ProjectionsHealthIndicator } from './projections.health';
import { REPLAY_SERVING, type ReplayServing } from '../replay/replay-serving';

/**
 * Starts the process's projection runner once the app is up (its catch-up runs in the
 * background: a large history must not hold the HTTP port closed), then the workflow engine
 * that acts on what the runner applies; stops both, engine first, before the event store client
 * closes (module destroy runs before the connection's shutdown hook).
 */
@Injectable()
export class ProjectionsLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Projections');

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly health: ProjectionsHealthIndicator,
    private readonly metrics: Metrics,
    @Inject(REPLAY_SERVING) private readonly replay: ReplayServing | null,
    @Optional() private readonly engine?: WorkflowEngine,
  ) {}

  onApplicationBootstrap(): void {
    this.metrics.observeProjections(() => this.health.lag());
    this.runner.start();
    if (this.replay) {
      this.logger.log(
        `serving the replay in ${this.replay.directory}, frozen at ${this.replay.manifest.at} ($all position ${this.replay.end?.commit ?? 'none'})`,
      );
      return;
    }
    this.logger.log(
      `following $all for ${this.runner
        .status()
        .map((p) => p.name)
        .join(', ')}`,
    );
    if (this.engine) {
      this.engine.start();
      this.logger.log('workflow engine started (redesign → transfers, deadlines)');
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.engine?.stop();
    await this.runner.stop();
  }
}

@Module({
  imports: [TerminusModule],
  providers: [
    {
      provide: ProjectionRunner,
      inject: [EventStore, UPCASTER_REGISTRY, appConfig.KEY, REPLAY_SERVING],
      useFactory: (
        store: EventStore,
        upcasters: UpcasterRegistry,
        config: AppConfig,
        replay: ReplayServing | null,
      ) => {
        const logger = new Logger('Projections');
        return new ProjectionRunner({
          store,
          // A replay's models are served as they are: read only, never following $all.
          ...(replay
            ? { directory: replay.directory, frozen: { end: replay.end } }
            : { directory: defaultProjectionsDirectory(config.dataDir) }),
          projections: [
            ...hitosProjections(config.workflowPolicy),
            // The notices' outbox (docs/notices.md), where this process sends notices.
            ...(config.notices.enabled && !replay ? [noticesOutboxProjection()] : []),
          ],
          streamPrefixes: HITOS_STREAM_PREFIXES,
          upcasters,
          liveFlushMs: config.projectionFlushMs,
          onError: (error) => logger.error(error.message),
        });
      },
    },
    {
      provide: WorkflowEngine,
      inject: [ProjectionRunner, CommandHandling, ClsService, Clock, Metrics, appConfig.KEY],
      useFactory: (
        runner: ProjectionRunner,
        commands: CommandHandling,
        cls: ClsService,
        clock: Clock,
        metrics: Metrics,
        config: AppConfig,
      ) => {
        if (!config.workflows || runner.frozen) return undefined;
        const logger = new Logger('Workflows');
        return new WorkflowEngine({
          runner,
          commands,
          now: () => clock.now(),
          // The engine's commands carry its own context, as a request's carry the request's.
          runAs: (context, task) =>
            cls.run(() => {
              cls.set(CONTEXT_SYSTEM_COMMAND, context);
              return task();
            }),
          tickMs: config.workflowTickMs,
          onError: (error) => logger.error(error.message),
          observe: (work, outcome) => metrics.workflowCommands.inc({ work, outcome }),
        });
      },
    },
    ProjectionsLifecycle,
    ProjectionsHealthIndicator,
  ],
  exports: [ProjectionRunner, ProjectionsHealthIndicator],
})
export class ProjectionsModule {}
