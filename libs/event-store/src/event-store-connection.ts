import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { EsdbEventStore } from './esdb/esdb-event-store';
import type { EmbeddedEventStoreConfig, EventStoreConfig } from './event-store.config';
import type { EventStore } from './event-store.port';

/** A server this process started for itself, when no external one is configured. */
export interface EmbeddedServer {
  readonly connectionString: string;
  stop(): Promise<void>;
}

/**
 * Starts the embedded server on the configured data directory. The server lives in its own
 * library (`@hitos/eventstore-server`); the application hands its launcher in, so this client
 * library never depends on the server.
 */
export type EmbeddedServerLauncher = (config: EmbeddedEventStoreConfig) => Promise<EmbeddedServer>;

/**
 * The process's link to its event store: the {@link EventStore}, and the embedded server when
 * the process runs one. Closes both, in that order, when the application shuts down, so that
 * other providers can still use the store in their own `onModuleDestroy`.
 */
export class EventStoreConnection implements OnApplicationShutdown {
  private readonly logger = new Logger(EventStoreConnection.name);
  private closed?: Promise<void>;

  constructor(
    readonly store: EventStore,
    readonly connectionString: string,
    /** Undefined when connected to an external server (`EVENTSTORE_CONNECTION_STRING`). */
    readonly embedded?: EmbeddedServer,
  ) {}

  /** Connects to the configured server, starting the embedded one first when none is configured. */
  static async open(
    config: EventStoreConfig,
    startEmbedded?: EmbeddedServerLauncher,
  ): Promise<EventStoreConnection> {
    const logger = new Logger(EventStoreConnection.name);
    if (config.connectionString) {
      logger.log(`using the event store at ${redact(config.connectionString)}`);
      return new EventStoreConnection(
        EsdbEventStore.connect(config.connectionString),
        config.connectionString,
      );
    }
    if (!startEmbedded) {
      throw new Error(
        'EVENTSTORE_CONNECTION_STRING no está definida y este proceso no inicia un almacén embebido / ' +
          'EVENTSTORE_CONNECTION_STRING is not set and this process starts no embedded store',
      );
    }
    const embedded = await startEmbedded(config.embedded);
    return new EventStoreConnection(
      EsdbEventStore.connect(embedded.connectionString),
      embedded.connectionString,
      embedded,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  /** Closes the store's client, then stops the embedded server. Safe to call more than once. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      try {
        await this.store.close();
      } catch (error) {
        this.logger.warn(`closing the event store client: ${(error as Error).message}; going on`);
      }
      await this.embedded?.stop();
    })();
    return this.closed;
  }
}

/** Hides a password in `esdb://user:password@host` strings. */
function redact(connectionString: string): string {
  return connectionString.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
