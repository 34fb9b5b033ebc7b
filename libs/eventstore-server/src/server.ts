import { hostname } from 'node:os';
import { Server } from '@grpc/grpc-js';
import { type IStreamsServer } from '@eventstore/db-client/generated/streams_grpc_pb';
import {
  ServerFeaturesService,
  type IServerFeaturesServer,
} from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { GossipService, type IGossipServer } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { EventLog, preciseNow } from './storage/event-log';
import { handleAppend, type WriteSettings } from './services/append.rpc';
import { handleBatchAppend } from './services/batch-append.rpc';
import { STREAMS_SERVICE } from './services/streams-service';
import { handleDelete, handleTombstone } from './services/delete.rpc';
import { handleRead } from './services/read.rpc';
import { gossipHandler, handleGetSupportedMethods } from './services/cluster.rpc';
import { PersistentSubscriptionService } from './services/persistent-subscriptions/persistent-subscription-service';
import {
  PERSISTENT_SUBSCRIPTIONS_DEFINITION,
  persistentSubscriptionsServer,
} from './services/persistent-subscriptions/persistent.rpc';
import { writeFirstStartEvents } from './storage/first-start';
import { CallGuard, securedBy } from './security/call-security';
import { serverCredentials, tlsQuery, type TlsOptions } from './security/tls';
import { V2_STREAMS_DEFINITION, v2Streams } from './services/append-session.rpc';

export interface EventStoreServerOptions {
  /** Where the log lives; created when missing. One process owns it at a time. */
  dataDir: string;
  /** Interface to bind; loopback unless told otherwise. */
  host?: string;
  /** 0 picks a free port. Default 2113, EventStoreDB's. */
  port?: number;
  /** Largest append, in bytes (data + metadata + twice the type). Default 1 MiB. */
  maxAppendSize?: number;
  /** How long an append waits for its commit before answering a timeout. Default 2 s. */
  writeTimeoutMs?: number;
  /**
   * The host name gossip tells `esdb+discover://` clients to dial. Defaults to `host`, or to
   * this machine's name when bound to every interface.
   */
  advertiseHost?: string;
  /**
   * How often persistent subscriptions look for timed-out messages and time-based checkpoints.
   * Default 1000 ms, as EventStoreDB; tests shorten it.
   */
  persistentSubscriptionTickMs?: number;
  /**
   * Basic authentication and stream ACLs, as an EventStoreDB node in secure mode; off by
   * default. Needs `tls` (the official client sends no credentials over plain text).
   */
  auth?: AuthOptions;
  /** Listen with TLS, from these PEM files. */
  tls?: TlsOptions;
}

export interface AuthOptions {
  enabled: boolean;
  /** admin's password; `changeit` for a new user when not given. A given one replaces the stored one. */
  adminPassword?: string;
  /** ops's password, the same way. */
  opsPassword?: string;
}

export interface RunningEventStoreServer {
  readonly host: string;
  readonly port: number;
  readonly connectionString: string;
  readonly dataDir: string;
  /** Stops accepting calls, lets in-flight writes land, closes the log, releases the directory. */
  stop(): Promise<void>;
}

/** EventStoreDB accepts events of about 16 MiB; the official client allows 17 MB messages. */
const MAX_MESSAGE = 17 * 1024 * 1024;

export async function startEventStoreServer(
  options: EventStoreServerOptions,
): Promise<RunningEventStoreServer> {
  const host = options.host ?? '127.0.0.1';
  const settings: WriteSettings = {
    maxAppendSize: options.maxAppendSize ?? 1024 * 1024,
    writeTimeoutMs: options.writeTimeoutMs ?? 2000,
  };
  if (options.auth?.enabled && !options.tls) {
    throw new Error(
      'authentication needs TLS: the official client sends no credentials without it',
    );
  }
  const credentials = serverCredentials(options.tls);
  const log = await EventLog.open({ dataDir: options.dataDir, now: preciseNow });
  const secure = securedBy(options.auth?.enabled ? new CallGuard(log) : undefined);
  const server = new Server({
    'grpc.max_receive_message_length': MAX_MESSAGE,
    'grpc.max_send_message_length': MAX_MESSAGE,
    // The client pings every 10 s; never answer a keepalive ping with GOAWAY.
    'grpc.keepalive_permit_without_calls': 1,
    'grpc-node.max_session_memory': 64,
  });
  let boundPort = 0;

  const streams: IStreamsServer = {
    read: secure((call) => void handleRead(log, call, preciseNow)),
    append: secure((call, callback) => handleAppend(log, settings, call, callback)),
    batchAppend: secure((call) => handleBatchAppend(log, settings, call)),
    delete: secure((call, callback) => handleDelete(log, settings, call, callback)),
    tombstone: secure((call, callback) => handleTombstone(log, settings, call, callback)),
  };
  const features: IServerFeaturesServer = {
    getSupportedMethods: secure(handleGetSupportedMethods),
  };
  const advertised = options.advertiseHost ?? (isWildcard(host) ? hostname() : host);
  const gossip: IGossipServer = {
    read: secure(gossipHandler(() => ({ host: advertised, port: boundPort }))),
  };
  server.addService(STREAMS_SERVICE, streams);
  server.addService(ServerFeaturesService, features);
  server.addService(GossipService, gossip);
  const persistent = new PersistentSubscriptionService(log, {
    tickMs: options.persistentSubscriptionTickMs,
  });
  // Authenticated like every call (bad credentials refused); group ACLs are not checked yet.
  const persistentHandlers = persistentSubscriptionsServer(persistent) as unknown as Record<
    string,
    Parameters<typeof secure>[0]
  >;
  server.addService(
    PERSISTENT_SUBSCRIPTIONS_DEFINITION,
    Object.fromEntries(
      Object.entries(persistentHandlers).map(([name, handler]) => [name, secure(handler)]),
    ) as unknown as ReturnType<typeof persistentSubscriptionsServer>,
  );
  // KurrentDB 25.1's multi-stream append and 26.1's AppendRecords, for @kurrent/kurrentdb-client.
  const v2Handlers = v2Streams(log, settings) as Record<string, Parameters<typeof secure>[0]>;
  server.addService(V2_STREAMS_DEFINITION, {
    appendSession: secure(v2Handlers.appendSession),
    appendRecords: secure(v2Handlers.appendRecords),
  });

  try {
    await log.writeEpoch();
    await writeFirstStartEvents(log, options.auth ?? {});
    boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(
        `${host.includes(':') ? `[${host}]` : host}:${options.port ?? 2113}`,
        credentials,
        (error, port) => (error ? reject(error) : resolve(port)),
      ),
    );
  } catch (error) {
    server.forceShutdown();
    await persistent.close();
    await log.close();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    host,
    port: boundPort,
    dataDir: options.dataDir,
    connectionString: `esdb://${host.includes(':') ? `[${host}]` : host}:${boundPort}?${tlsQuery(options.tls)}`,
    stop() {
      stopping ??= (async () => {
        // Persistent subscription consumers are dropped first, as EventStoreDB does when it
        // shuts down; their checkpoints already queued are written before the log closes.
        await persistent.close();
        // Long-lived calls (subscriptions, the BatchAppend stream) never finish on their own.
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => {
            server.forceShutdown();
            resolve();
          }, 1000);
          server.tryShutdown(() => {
            clearTimeout(force);
            resolve();
          });
        });
        await log.close();
      })();
      return stopping;
    },
  };
}

const isWildcard = (host: string): boolean =>
  host === '0.0.0.0' || host === '::' || host === '[::]';
