import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Clock, SystemClock } from './clock';
import { CommandHandling, type CommandHandlingOptions } from './command-handling/command-handling';
import { eventStoreConfig, type EventStoreConfig } from './event-store.config';
import { EventStoreConnection, type EmbeddedServerLauncher } from './event-store-connection';
import { EventStore } from './event-store.port';
import { COMMAND_CONTEXT_SOURCE, UPCASTER_REGISTRY } from './event-store.tokens';
import type { CommandContext } from './metadata/event-metadata';
import { UpcasterRegistry } from './upcasting/upcaster-registry';

export interface EventStoreModuleOptions {
  /** Upcasters and current schema versions of the application's events. */
  upcasters: UpcasterRegistry;
  /** Provider of the running request's context (module-scoped class or factory). */
  commandContext: Provider & { provide: typeof COMMAND_CONTEXT_SOURCE };
  /**
   * Starts the embedded server when `EVENTSTORE_CONNECTION_STRING` is not set (the app passes
   * `@hitos/eventstore-server`'s launcher); without it, the connection string is required.
   */
  embeddedServer?: EmbeddedServerLauncher;
  /** Defaults to the machine's clock. */
  clock?: Clock;
  commandHandling?: CommandHandlingOptions;
  /** Modules the context provider needs (e.g. ClsModule). */
  imports?: DynamicModule['imports'];
  /**
   * How the process gets its store, instead of connecting as configured: e.g. a store the
   * caller already opened (a command line serving a replay), wrapped in a connection whose
   * `close()` leaves it to its owner.
   */
  connection?: () => Promise<EventStoreConnection>;
  /**
   * What the application sees of the store: the whole of it by default; a replay serves a
   * prefix of the history (`EventStorePrefix`), read only. The connection still closes
   * the store beneath.
   */
  view?: (store: EventStore) => EventStore;
}

/**
 * Provides the {@link EventStore} (the one door to the store), connected to
 * `EVENTSTORE_CONNECTION_STRING` or, when that is not set, to the embedded server the app's
 * launcher starts (see `event-store.config.ts`); {@link CommandHandling} (load → decide →
 * append) and the {@link Clock}. The store is closed and the embedded server stopped when the
 * application shuts down (`app.close()`, or a signal with `enableShutdownHooks()`).
 */
@Module({})
export class EventStoreModule {
  static forRoot(options: EventStoreModuleOptions): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      imports: [ConfigModule.forFeature(eventStoreConfig), ...(options.imports ?? [])],
      providers: [
        {
          provide: EventStoreConnection,
          inject: [eventStoreConfig.KEY],
          useFactory: (config: EventStoreConfig) =>
            options.connection?.() ?? EventStoreConnection.open(config, options.embeddedServer),
        },
        {
          provide: EventStore,
          inject: [EventStoreConnection],
          useFactory: (connection: EventStoreConnection) =>
            options.view ? options.view(connection.store) : connection.store,
        },
        options.commandContext,
        { provide: UPCASTER_REGISTRY, useValue: options.upcasters },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        {
          provide: CommandHandling,
          inject: [EventStore, UPCASTER_REGISTRY, COMMAND_CONTEXT_SOURCE, Clock],
          useFactory: (
            store: EventStore,
            upcasters: UpcasterRegistry,
            context: () => CommandContext,
            clock: Clock,
          ) =>
            new CommandHandling(
              store,
              upcasters,
              context,
              () => clock.now(),
              options.commandHandling,
            ),
        },
      ],
      exports: [EventStore, EventStoreConnection, CommandHandling, Clock, UPCASTER_REGISTRY],
    };
  }
}
