import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { EmbeddedEventStore } from './embedded/embedded-event-store';
import type { EventStoreConfig } from './event-store.config';
import { EventStoreDBClient } from './esdb-client';

/**
 * The API's link to its event store: the client, and the embedded server when the API runs
 * one. Closes both, in that order, when the application shuts down, so that other providers
 * can still use the client in their own `onModuleDestroy`/`beforeApplicationShutdown`.
 */
export class EventStoreConnection implements OnApplicationShutdown {
  private readonly logger = new Logger(EventStoreConnection.name);
  private closed?: Promise<void>;

  constructor(
    readonly client: EventStoreDBClient,
    readonly connectionString: string,
    /** Undefined when connected to an external server (`EVENTSTORE_CONNECTION_STRING`). */
    readonly embedded?: EmbeddedEventStore,
  ) {}

  /** Connects to the configured server, starting the embedded one first when none is configured. */
  static async open(config: EventStoreConfig): Promise<EventStoreConnection> {
    const logger = new Logger(EventStoreConnection.name);
    if (config.connectionString) {
      logger.log(`using the event store at ${redact(config.connectionString)}`);
      return new EventStoreConnection(
        EventStoreDBClient.connectionString(config.connectionString),
        config.connectionString,
      );
    }
    const embedded = await EmbeddedEventStore.start({
      ...config.embedded,
      logger: new Logger(EmbeddedEventStore.name),
    });
    return new EventStoreConnection(
      EventStoreDBClient.connectionString(embedded.connectionString),
      embedded.connectionString,
      embedded,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  /** Closes the client, then stops the embedded server. Safe to call more than once. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      try {
        // A read abandoned mid-way (a `break` out of a read loop) leaves a gRPC stream that the
        // client's dispose() waits for forever; shutting down must not hang on it.
        const disposed = await Promise.race([
          this.client.dispose().then(() => true),
          new Promise<false>((resolve) => setTimeout(resolve, DISPOSE_TIMEOUT_MS, false).unref()),
        ]);
        if (!disposed) {
          this.logger.warn(
            `the event store client did not close within ${DISPOSE_TIMEOUT_MS} ms; going on`,
          );
        }
      } catch (error) {
        this.logger.warn(`closing the event store client failed: ${String(error)}`);
      }
      await this.embedded?.stop();
    })();
    return this.closed;
  }
}

const DISPOSE_TIMEOUT_MS = 2_000;

/** Hides a password in `esdb://user:password@host` strings. */
function redact(connectionString: string): string {
  return connectionString.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
