import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { eventStoreConfig, type EventStoreConfig } from './event-store.config';
import { EventStoreConnection } from './event-store-connection';
import { EVENT_STORE_CLIENT } from './event-store.tokens';

/**
 * Provides the configured `EventStoreDBClient` under {@link EVENT_STORE_CLIENT}, connected to
 * `EVENTSTORE_CONNECTION_STRING` or, when that is not set, to an embedded server that this
 * module runs in a child process (see `event-store.config.ts`). The client is closed and the
 * child stopped when the application shuts down (`app.close()`, or a signal with
 * `enableShutdownHooks()`).
 */
@Module({
  imports: [ConfigModule.forFeature(eventStoreConfig)],
  providers: [
    {
      provide: EventStoreConnection,
      inject: [eventStoreConfig.KEY],
      useFactory: (config: EventStoreConfig) => EventStoreConnection.open(config),
    },
    {
      provide: EVENT_STORE_CLIENT,
      inject: [EventStoreConnection],
      useFactory: (connection: EventStoreConnection) => connection.client,
    },
  ],
  exports: [EVENT_STORE_CLIENT, EventStoreConnection],
})
export class EventStoreModule {}
