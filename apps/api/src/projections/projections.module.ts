import {
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EVENT_STORE_CLIENT } from '@hitos/event-store';
import type { EventStoreDBClient } from '@hitos/event-store/esdb-client';
import { ProjectionRunner, defaultProjectionsDirectory } from '@hitos/projections';
import { appConfig, type AppConfig } from '../config/app.config';
import { hitosUpcasters } from '../events/upcasters';
import { APP_PROJECTIONS } from './app-projections';
import { Metrics } from '../metrics/metrics';
import { ProjectionsHealthIndicator } from './projections.health';

/**
 * Starts the process's projection runner once the app is up (its catch-up runs in the
 * background: a large history must not hold the HTTP port closed), and stops it before the
 * event store client closes (module destroy runs before the connection's shutdown hook).
 */
@Injectable()
export class ProjectionsLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Projections');

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    this.metrics.observeProjections(() => this.runner.lag());
    this.runner.start();
    this.logger.log(`following $all for ${APP_PROJECTIONS.map((p) => p.name).join(', ')}`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
  }
}

@Module({
  imports: [TerminusModule],
  providers: [
    {
      provide: ProjectionRunner,
      inject: [EVENT_STORE_CLIENT, appConfig.KEY],
      useFactory: (client: EventStoreDBClient, config: AppConfig) => {
        const logger = new Logger('Projections');
        return new ProjectionRunner({
          client,
          directory: defaultProjectionsDirectory(config.dataDir),
          projections: APP_PROJECTIONS,
          upcasters: hitosUpcasters(),
          onError: (error) => logger.error(error.message),
        });
      },
    },
    ProjectionsLifecycle,
    ProjectionsHealthIndicator,
  ],
  exports: [ProjectionRunner, ProjectionsHealthIndicator],
})
export class ProjectionsModule {}
