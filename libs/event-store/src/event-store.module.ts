import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Clock, SystemClock } from './clock';
import { CommandHandling, type CommandHandlingOptions } from './command-handling/command-handling';
import type { EventStoreDBClient } from './esdb-client';
import { eventStoreConfig, type EventStoreConfig } from './event-store.config';
import { EventStoreConnection } from './event-store-connection';
import {
  COMMAND_CONTEXT_SOURCE,
  EVENT_STORE_CLIENT,
  UPCASTER_REGISTRY,
} from './event-store.tokens';
import type { CommandContext } from './metadata/event-metadata';
import { UpcasterRegistry } from './upcasting/upcaster-registry';

const connectionProviders: Provider[] = [
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
];

export interface EventStoreModuleOptions {
  /** Upcasters and current schema versions of the application's events. */
  upcasters: UpcasterRegistry;
  /** Provider of the running request's context (module-scoped class or factory). */
  commandContext: Provider & { provide: typeof COMMAND_CONTEXT_SOURCE };
  /** Defaults to the machine's clock. */
  clock?: Clock;
  commandHandling?: CommandHandlingOptions;
  /** Modules the context provider needs (e.g. ClsModule). */
  imports?: DynamicModule['imports'];
}

/**
 * Provides the configured `EventStoreDBClient` under {@link EVENT_STORE_CLIENT}, connected to
 * `EVENTSTORE_CONNECTION_STRING` or, when that is not set, to an embedded server that this
 * module runs in a child process (see `event-store.config.ts`). The client is closed and the
 * child stopped when the application shuts down (`app.close()`, or a signal with
 * `enableShutdownHooks()`).
 *
 * `forRoot` adds {@link CommandHandling} (load → decide → append) and the {@link Clock}.
 */
@Module({
  imports: [ConfigModule.forFeature(eventStoreConfig)],
  providers: connectionProviders,
  exports: [EVENT_STORE_CLIENT, EventStoreConnection],
})
export class EventStoreModule {
  static forRoot(options: EventStoreModuleOptions): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      imports: [ConfigModule.forFeature(eventStoreConfig), ...(options.imports ?? [])],
      providers: [
        ...connectionProviders,
        options.commandContext,
        { provide: UPCASTER_REGISTRY, useValue: options.upcasters },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        {
          provide: CommandHandling,
          inject: [EVENT_STORE_CLIENT, UPCASTER_REGISTRY, COMMAND_CONTEXT_SOURCE, Clock],
          useFactory: (
            client: EventStoreDBClient,
            upcasters: UpcasterRegistry,
            context: () => CommandContext,
            clock: Clock,
          ) =>
            new CommandHandling(
              client,
              upcasters,
              context,
              () => clock.now(),
              options.commandHandling,
            ),
        },
      ],
      exports: [
        EVENT_STORE_CLIENT,
        EventStoreConnection,
        CommandHandling,
        Clock,
        UPCASTER_REGISTRY,
      ],
    };
  }
}
