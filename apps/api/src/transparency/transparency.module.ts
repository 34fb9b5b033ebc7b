import { Logger, Module } from '@nestjs/common';
import { EventStore } from '@hitos/event-store';
import { ProjectionRunner, defaultProjectionsDirectory } from '@hitos/projections';
import { resolveLogIdentity, transparencyLogProjection } from '@hitos/transparency';
import { appConfig, type AppConfig } from '@hitos/config';
import { LOG_IDENTITY, TRANSPARENCY_RUNNER, TransparencyLog } from './transparency-log.service';
import { TransparencyHttpController } from './transparency.http.controller';
import { VerifyHttpController } from './verify.http.controller';

/** The transparency log: its runner, its signing key, its public endpoints. */
@Module({
  controllers: [TransparencyHttpController, VerifyHttpController],
  providers: [
    {
      provide: TRANSPARENCY_RUNNER,
      inject: [EventStore, appConfig.KEY],
      useFactory: (store: EventStore, config: AppConfig) => {
        const logger = new Logger('TransparencyLog');
        return new ProjectionRunner({
          store,
          directory: defaultProjectionsDirectory(config.dataDir),
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
