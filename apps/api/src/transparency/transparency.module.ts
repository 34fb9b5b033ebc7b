import { Logger, Module } from '@nestjs/common';
import { EventStore } from '@hitos/event-store';
import { ProjectionRunner, defaultProjectionsDirectory } from '@hitos/projections';
import { resolveLogIdentity, transparencyLogProjection } from '@hitos/transparency';
import { appConfig, type AppConfig } from '@hitos/config';
import { LOG_IDENTITY, TRANSPARENCY_RUNNER, TransparencyLog } from './transparency-log.service';
import { TransparencyHttpController } from './transparency.http.controller';
import { VerifyHttpController } from './verify.http.controller';
import { REPLAY_SERVING, type ReplayServing } from '../replay/replay-serving';
import { ProjectionsModule } from '../projections/projections.module';

/** The transparency log: its runner, its signing key, its public endpoints. */
@Module({
  // Its runner's lag is reported in /health and /metrics beside the read models'.
  imports: [ProjectionsModule],
  controllers: [TransparencyHttpController, VerifyHttpController],
  providers: [
    {
      provide: TRANSPARENCY_RUNNER,
      inject: [EventStore, appConfig.KEY, REPLAY_SERVING],
      useFactory: (store: EventStore, config: AppConfig, replay: ReplayServing | null) => {
        const logger = new Logger('TransparencyLog');
        return new ProjectionRunner({
          store,
          ...(replay
            ? { directory: replay.directory, frozen: { end: replay.end } }
            : { directory: defaultProjectionsDirectory(config.dataDir) }),
          projections: [transparencyLogProjection],
          // Every stream: events written around hitos are leaves too.
          streamPrefixes: [''],
          liveFlushMs: config.projectionFlushMs,
          onError: (error) => logger.error(error.message),
        });
      },
    },
    {
      provide: LOG_IDENTITY,
      inject: [appConfig.KEY],
      useFactory: (config: AppConfig) =>
        resolveLogIdentity(
          { key: config.transparencyKey, origin: config.transparencyOrigin },
          config.dataDir,
        ),
    },
    TransparencyLog,
  ],
  exports: [TransparencyLog],
})
export class TransparencyModule {}
