import { createSecretKey } from 'node:crypto';
import { Logger, Module, RequestMethod } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { stdSerializers } from 'pino';
import { HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS } from '@hitos/domain';
import {
  EventStoreModule,
  EventStorePrefix,
  FixedClock,
  SystemClock,
  UpcasterRegistry,
} from '@hitos/event-store';
import { EmbeddedEventStore } from '@hitos/eventstore-server';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { resolveJwtSecret } from './auth/jwt-secret';
import { appConfig, loadAppConfig, type AppConfig } from '@hitos/config';
import { RequestContextModule, commandContextProvider } from './context/request-context';
import { HealthController } from './health/health.controller';
import { EventStoreHealthIndicator } from './health/event-store.health';
import { MetricsModule, processMetrics } from './metrics/metrics.module';
import { MetricsController } from './metrics/metrics.controller';
import { ProjectionsModule } from './projections/projections.module';
import { ReadModelsModule } from './read-models/read-models.module';
import { OpenDataModule } from './open-data/open-data.module';
import { EvidenceModule } from './evidence/evidence.module';
import { TransparencyModule } from './transparency/transparency.module';
import { NoticesModule } from './notices/notices.module';
import { processLastWrite } from './read-models/last-write';
import { ProblemDetailsFilter } from './problem/problem-details.filter';
import { PortalController } from './portal/portal.controller';
import { WorkspaceController } from './workspace/workspace.controller';
import { WRITE_SIDE_MODULES } from './write-side.modules';
import { ReplayHistoryCheck } from './replay/replay-history-check';
import { ReplayModule, replayIn } from './replay/replay-serving';

// Read once here for the module-level options that must be known before DI runs.
const bootConfig: AppConfig = loadAppConfig();
const metrics = processMetrics;
// A replay's models (HITOS_REPLAY_DIR): the store is seen up to the replay's end, read only, and
// hitos's clock stands at the replay's moment, so "today", "not yet" and "in the future" are
// what they were then.
const replay = bootConfig.replayDir ? replayIn(bootConfig.replayDir) : null;

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig] }),
    RequestContextModule,
    LoggerModule.forRoot({
      // Every path, in path-to-regexp 8's syntax (the default '*' is the old syntax).
      forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
      pinoHttp: {
        level: bootConfig.logLevel,
        // The method, path and request id only: headers (bearer tokens, cookies) and bodies
        // never reach the log, and a request costs no header copying or redaction (pino
        // serializes a request's bindings when it arrives, logged or not).
        wrapSerializers: false,
        serializers: {
          req: (req: { id: unknown; method: string; url: string }) => ({
            id: req.id,
            method: req.method,
            url: req.url,
          }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          err: stdSerializers.err,
        },
        autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
        // The request's id is its correlation id (the caller's X-Correlation-ID or the one made
        // for it, see request-context.ts, which runs first): a log line leads to the events the
        // request appended, and no second child logger is made per request.
        genReqId: (_req, res) => res.getHeader('X-Correlation-ID') as string,
      },
    }),
    CqrsModule.forRoot(),
    ReplayModule.forRoot(replay),
    EventStoreModule.forRoot({
      upcasters: new UpcasterRegistry(HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS),
      commandContext: commandContextProvider,
      embeddedServer: (config) =>
        EmbeddedEventStore.start({ ...config, logger: new Logger(EmbeddedEventStore.name) }),
      clock: replay
        ? new FixedClock(new Date(replay.manifest.at))
        : new SystemClock({ offsetMs: bootConfig.clockOffsetMs, startAt: bootConfig.clockStartAt }),
      ...(replay ? { view: (store) => new EventStorePrefix(store, replay.end) } : {}),
      commandHandling: {
        maxAttempts: bootConfig.commandMaxAttempts,
        observe: (outcome, streamName, position, events) => {
          metrics.commands.inc({ stream_category: streamName.split('-')[0], outcome });
          if (outcome === 'appended')
            metrics.eventsAppended.inc({ stream_category: streamName.split('-')[0] }, events);
          processLastWrite.note(position);
        },
      },
    }),
    JwtModule.registerAsync({
      global: true,
      inject: [appConfig.KEY],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, made once: given a string, jsonwebtoken tries (and fails) to parse it as
        // a public key on every verification, which cost ~6% of a command's CPU.
        secret: createSecretKey(
          Buffer.from(resolveJwtSecret(config.jwtSecret, config.dataDir)),
        ) as unknown as string,
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    TerminusModule.forRoot({ errorLogStyle: 'pretty', logger: false }),
    MetricsModule,
    ...WRITE_SIDE_MODULES,
    AuthModule,
    ProjectionsModule,
    ReadModelsModule,
    OpenDataModule,
    EvidenceModule,
    TransparencyModule,
    NoticesModule,
  ],
  controllers: [HealthController, MetricsController, PortalController, WorkspaceController],
  providers: [
    EventStoreHealthIndicator,
    ReplayHistoryCheck,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
})
export class AppModule {}
