/**
 * Shared plumbing for the protocol conformance suite: every spec file gets a fresh data
 * directory, a fresh embedded server on an ephemeral port and a fresh official client, and
 * throws all three away afterwards. The suite talks to the server only through the official
 * client (re-exported by @hitos/event-store/esdb-client) over real gRPC.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startEventStoreServer,
  type EventStoreServerOptions,
  type RunningEventStoreServer,
} from '@hitos/eventstore-server';
import {
  EventStoreDBClient,
  binaryEvent,
  jsonEvent,
  type AllStreamResolvedEvent,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ResolvedEvent,
} from '@hitos/event-store/esdb-client';

/** Credentials that make the client pick the plain Append RPC instead of BatchAppend. */
export const ADMIN = { username: 'admin', password: 'changeit' } as const;

/**
 * The client chooses the append RPC per call (dist/streams/appendToStream/index.js): BatchAppend
 * when the call has no `credentials` and the server advertises BatchAppend, Append otherwise.
 */
export const APPEND_PATHS: ReadonlyArray<
  [name: 'BatchAppend' | 'Append', options: { credentials?: typeof ADMIN }]
> = [
  ['BatchAppend', {}],
  ['Append', { credentials: ADMIN }],
];

export const MiB = 1024 * 1024;

export type ServerOptions = Omit<EventStoreServerOptions, 'dataDir' | 'host' | 'port'>;

export async function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'hitos-esdb-conformance-'));
}

export async function removeDataDir(dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
}

export async function startServer(
  dataDir: string,
  options: ServerOptions = {},
): Promise<RunningEventStoreServer> {
  return startEventStoreServer({ ...options, dataDir, host: '127.0.0.1', port: 0 });
}

export function connect(connectionString: string): EventStoreDBClient {
  return EventStoreDBClient.connectionString(connectionString);
}

export interface ConformanceEnv {
  readonly server: RunningEventStoreServer;
  readonly client: EventStoreDBClient;
  readonly dataDir: string;
  /** Another client on the same server, disposed with the environment. */
  newClient(connectionString?: string): EventStoreDBClient;
}

/**
 * Registers beforeAll/afterAll hooks that give the calling describe block (or file) a fresh
 * server on a fresh data directory and a client connected to it.
 */
export function useServer(options: ServerOptions = {}): ConformanceEnv {
  let server: RunningEventStoreServer | undefined;
  let client: EventStoreDBClient | undefined;
  let dataDir: string | undefined;
  const clients: EventStoreDBClient[] = [];

  beforeAll(async () => {
    dataDir = await makeDataDir();
    server = await startServer(dataDir, options);
    client = connect(server.connectionString);
    clients.push(client);
  });

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.dispose()));
    if (server) await server.stop();
    if (dataDir) await removeDataDir(dataDir);
  });

  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready: did beforeAll fail?`);
    return value;
  };

  return {
    get server() {
      return required(server, 'server');
    },
    get client() {
      return required(client, 'client');
    },
    get dataDir() {
      return required(dataDir, 'dataDir');
    },
    newClient(connectionString?: string) {
      const extra = connect(connectionString ?? required(server, 'server').connectionString);
      clients.push(extra);
      return extra;
    },
  };
}

/** A unique stream name; every test writes to its own streams. */
export function streamName(label: string): string {
  return `${label}-${randomUUID()}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `read` until `done` holds (10 s at most), and gives the value that held. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}: ${stringify(value)}`);
    await sleep(20);
  }
}

export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}

export function readStreamEvents(
  client: EventStoreDBClient,
  stream: string,
  options: ReadStreamOptions = {},
): Promise<ResolvedEvent[]> {
  return collect(client.readStream(stream, options));
}

export function readAllEvents(
  client: EventStoreDBClient,
  options: ReadAllOptions = {},
): Promise<AllStreamResolvedEvent[]> {
  return collect(client.readAll(options));
}

/** Awaits a promise that must reject, checks the error's class and returns the error. */
export async function expectRejection<E extends Error>(
  promise: Promise<unknown>,
  errorClass: abstract new (...args: any[]) => E,
): Promise<E> {
  const outcome = await promise.then(
    (value) => ({ resolved: true as const, value }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) {
    throw new Error(
      `Expected a ${errorClass.name}, but the call resolved with ${stringify(outcome.value)}`,
    );
  }
  if (!(outcome.error instanceof errorClass)) {
    throw new Error(
      `Expected a ${errorClass.name}, but the call rejected with ${describeError(outcome.error)}`,
    );
  }
  return outcome.error as E;
}

/** Class, message, typed fields and gRPC status of an error, for failure messages. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return stringify(error);
  const { _raw, message, ...fields } = error as Error & {
    _raw?: { code?: number; details?: string; metadata?: { getMap(): unknown } };
  };
  const raw = _raw
    ? { code: _raw.code, details: _raw.details, trailers: _raw.metadata?.getMap() }
    : undefined;
  return `${error.constructor.name}(${stringify({ message, ...fields, raw })})`;
}

export function stringify(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${v}n` : v));
  } catch {
    return String(value);
  }
}

export interface NumberedData {
  [key: string]: unknown;
  n: number;
}

/** `count` JSON events of the given type, numbered from `from`, with explicit ids. */
export function numberedEvents(count: number, type = 'numbered', from = 0) {
  return Array.from({ length: count }, (_, i) =>
    jsonEvent({ id: randomUUID(), type, data: { n: from + i } satisfies NumberedData }),
  );
}

export function bytes(size: number, seed = 7): Buffer {
  const buffer = Buffer.alloc(size);
  for (let i = 0; i < size; i++) buffer[i] = (i * 31 + seed) & 0xff;
  return buffer;
}

export function binaryOfSize(size: number, type = 'blob') {
  return binaryEvent({ id: randomUUID(), type, data: bytes(size) });
}

export function positionOf(resolved: ResolvedEvent | AllStreamResolvedEvent): Position {
  const position = resolved.event?.position;
  if (!position) throw new Error(`event ${resolved.event?.id} carries no position`);
  return position;
}

export function revisionsOf(events: ResolvedEvent[]): bigint[] {
  return events.map((e) => e.event!.revision);
}

export function range(from: number, toExclusive: number): bigint[] {
  return Array.from({ length: toExclusive - from }, (_, i) => BigInt(from + i));
}

export type RecordedSignal =
  { kind: 'confirmation' } | { kind: 'caughtUp' } | { kind: 'checkpoint'; position: Position };

/**
 * Listens to a subscription from the moment it is created: events, the client's
 * 'confirmation' and 'caughtUp' signals, checkpoints (fed by the filter's checkpointReached
 * callback) and errors. Signals are recorded in the order the client's transform saw them.
 */
/** What the recorder needs of a StreamSubscription or AllStreamSubscription. */
export interface SubscriptionLike {
  on(event: string, listener: (...args: any[]) => void): unknown;
  unsubscribe(): Promise<void>;
}

export class SubscriptionRecorder<
  E extends ResolvedEvent | AllStreamResolvedEvent = ResolvedEvent,
> {
  readonly events: E[] = [];
  readonly signals: RecordedSignal[] = [];
  readonly errors: Error[] = [];

  constructor(readonly subscription: SubscriptionLike) {
    subscription.on('data', (event: E) => this.events.push(event));
    subscription.on('confirmation', () => this.signals.push({ kind: 'confirmation' }));
    subscription.on('caughtUp', () => this.signals.push({ kind: 'caughtUp' }));
    subscription.on('error', (error: Error) => this.errors.push(error));
  }

  /** Pass as the filter's checkpointReached callback. */
  readonly onCheckpoint = (_subscription: unknown, position: Position): void => {
    this.signals.push({ kind: 'checkpoint', position });
  };

  count(kind: RecordedSignal['kind']): number {
    return this.signals.filter((s) => s.kind === kind).length;
  }

  checkpoints(): Position[] {
    return this.signals.flatMap((s) => (s.kind === 'checkpoint' ? [s.position] : []));
  }

  async waitForEvents(count: number, timeoutMs = 10_000): Promise<void> {
    await waitFor(
      () => this.events.length >= count || this.errors.length > 0,
      `${count} events (have ${this.events.length})`,
      timeoutMs,
    );
    if (this.errors.length > 0 && this.events.length < count) throw this.errors[0];
  }

  async waitForSignal(kind: RecordedSignal['kind'], timeoutMs = 10_000): Promise<void> {
    await waitFor(() => this.count(kind) > 0 || this.errors.length > 0, `'${kind}'`, timeoutMs);
    if (this.count(kind) === 0) throw this.errors[0];
  }

  async waitForError(timeoutMs = 10_000): Promise<Error> {
    await waitFor(() => this.errors.length > 0, 'a subscription error', timeoutMs);
    return this.errors[0];
  }

  async stop(): Promise<void> {
    await this.subscription.unsubscribe();
  }
}
