/**
 * What the benchmark does through the official client: timed concurrent appends, a whole-log
 * `$all` read, a catch-up subscription, and bulk prefills. The same code drives the real
 * server and the null server.
 */
import { SingleBar } from 'cli-progress';
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  jsonEvent,
  persistentSubscriptionToAllSettingsFromDefaults,
  type JSONEventData,
} from '@hitos/event-store/esdb-client';
import { EVENT_TYPE, eventData } from './payload';
import { CpuMeter, summarize, withTimeout, type CpuReading, type LatencySummary } from './util';

export function connect(connectionString: string): EventStoreDBClient {
  return EventStoreDBClient.connectionString(connectionString);
}

function makeEvents(count: number, seq: number, writer: number): JSONEventData[] {
  const events = new Array<JSONEventData>(count);
  for (let i = 0; i < count; i++) {
    events[i] = jsonEvent({ type: EVENT_TYPE, data: eventData(seq + i, writer) });
  }
  return events;
}

export interface AppendCase {
  writers: number;
  eventsPerAppend: number;
}

export interface AppendResult extends AppendCase, CpuReading {
  seconds: number;
  appends: number;
  events: number;
  appendsPerSec: number;
  eventsPerSec: number;
  latency: LatencySummary | undefined;
}

/**
 * `writers` loops, each appending `eventsPerAppend` events at a time to its own stream with
 * expectedRevision any: first for `warmupSeconds` (not counted), then for `seconds`.
 */
export async function runAppends(
  client: EventStoreDBClient,
  spec: AppendCase & { seconds: number; warmupSeconds: number; streamPrefix: string },
  serverPid: number | undefined,
): Promise<AppendResult> {
  const { writers, eventsPerAppend } = spec;
  const seqs = new Array<number>(writers).fill(0);
  const loop = async (
    writer: number,
    until: number,
    latencies: number[] | undefined,
  ): Promise<{ appends: number; lastEnd: number }> => {
    const stream = `${spec.streamPrefix}-w${writer}`;
    let appends = 0;
    let lastEnd = performance.now();
    while (performance.now() < until) {
      const events = makeEvents(eventsPerAppend, seqs[writer], writer);
      seqs[writer] += eventsPerAppend;
      const t0 = performance.now();
      await client.appendToStream(stream, events, { expectedRevision: ANY });
      lastEnd = performance.now();
      latencies?.push(lastEnd - t0);
      appends++;
    }
    return { appends, lastEnd };
  };
  const runAll = (until: number, latencies?: number[]) =>
    Promise.all(Array.from({ length: writers }, (_, w) => loop(w, until, latencies)));

  const guard = (spec.seconds + spec.warmupSeconds) * 1000 + 60_000;
  const label = `${writers} writers × ${eventsPerAppend} events`;
  if (spec.warmupSeconds > 0) {
    await withTimeout(runAll(performance.now() + spec.warmupSeconds * 1000), guard, label);
  }
  const latencies: number[] = [];
  const cpu = new CpuMeter(serverPid);
  const start = performance.now();
  const results = await withTimeout(runAll(start + spec.seconds * 1000, latencies), guard, label);
  const end = Math.max(...results.map((r) => r.lastEnd));
  const cpuReading = cpu.stop();
  const appends = results.reduce((sum, r) => sum + r.appends, 0);
  const seconds = (end - start) / 1000;
  return {
    writers,
    eventsPerAppend,
    seconds,
    appends,
    events: appends * eventsPerAppend,
    appendsPerSec: appends / seconds,
    eventsPerSec: (appends * eventsPerAppend) / seconds,
    latency: summarize(latencies),
    ...cpuReading,
  };
}

export interface ReadResult extends CpuReading {
  events: number;
  seconds: number;
  eventsPerSec: number;
}

function finishRead(events: number, startMs: number, cpu: CpuMeter): ReadResult {
  const seconds = (performance.now() - startMs) / 1000;
  return { events, seconds, eventsPerSec: events / seconds, ...cpu.stop() };
}

/** readAll forwards from the start through the whole log (or `maxCount` events). */
export async function readAllForwards(
  client: EventStoreDBClient,
  serverPid: number | undefined,
  maxCount?: number,
  timeoutMs = 300_000,
): Promise<ReadResult> {
  const cpu = new CpuMeter(serverPid);
  const start = performance.now();
  let events = 0;
  const stream = client.readAll({
    fromPosition: START,
    direction: FORWARDS,
    ...(maxCount ? { maxCount } : {}),
  });
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      stream.on('data', () => {
        events++;
      });
      stream.once('end', resolve);
      stream.once('error', reject);
    }),
    timeoutMs,
    'readAll',
  );
  return finishRead(events, start, cpu);
}

/** readAll backwards from the end, `count` events (the "last 100 events" read). */
export async function readAllTail(client: EventStoreDBClient, count: number): Promise<number> {
  let events = 0;
  for await (const _event of client.readAll({
    fromPosition: END,
    direction: BACKWARDS,
    maxCount: count,
  })) {
    events++;
  }
  return events;
}

/** subscribeToAll from the start until the server says caughtUp. */
export async function catchUpAll(
  client: EventStoreDBClient,
  serverPid: number | undefined,
  timeoutMs = 300_000,
): Promise<ReadResult> {
  const cpu = new CpuMeter(serverPid);
  const start = performance.now();
  let events = 0;
  const subscription = client.subscribeToAll({ fromPosition: START });
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        subscription.on('data', () => {
          events++;
        });
        subscription.once('caughtUp', () => resolve());
        subscription.once('error', reject);
        subscription.once('end', () => reject(new Error('subscription ended before caughtUp')));
      }),
      timeoutMs,
      'subscribeToAll catch-up',
    );
    return finishRead(events, start, cpu);
  } finally {
    await subscription.unsubscribe().catch(() => undefined);
  }
}

/** How the persistent-subscription consumer acknowledges: up to this many ids per Ack message. */
const PSUB_ACK_BATCH = 50;
/** The consumer's buffer (in-flight messages the server may send before acks). */
const PSUB_BUFFER_SIZE = 500;

/**
 * A persistent subscription to `$all`, new group, read from the start with acknowledgements,
 * until the event that was last in `$all` when it began: the same events as `catchUpAll`
 * over the same store. The consumer acks every event, up to PSUB_ACK_BATCH ids per Ack
 * message (each turn of the client's event loop sends what it received), as a consumer that
 * handles events one by one but lets the client batch its acks does. Timed from the
 * subscribe call, after the group was created.
 */
export async function persistentAll(
  client: EventStoreDBClient,
  serverPid: number | undefined,
  group: string,
  timeoutMs = 300_000,
): Promise<ReadResult> {
  let lastPosition: bigint | undefined;
  for await (const e of client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) {
    lastPosition = e.event?.position?.commit ?? e.commitPosition;
  }
  if (lastPosition === undefined) throw new Error('persistent subscription: $all is empty');
  await client.createPersistentSubscriptionToAll(
    group,
    persistentSubscriptionToAllSettingsFromDefaults({ startFrom: START }),
  );
  const cpu = new CpuMeter(serverPid);
  const start = performance.now();
  let events = 0;
  const subscription = client.subscribeToPersistentSubscriptionToAll(group, {
    bufferSize: PSUB_BUFFER_SIZE,
  });
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        let unacked: Parameters<typeof subscription.ack> = [];
        let scheduled = false;
        const flush = () => {
          scheduled = false;
          if (unacked.length === 0) return;
          const ids = unacked;
          unacked = [];
          subscription.ack(...ids).catch(reject);
        };
        subscription.on('data', (resolved) => {
          events++;
          unacked.push(resolved);
          if (unacked.length >= PSUB_ACK_BATCH) flush();
          else if (!scheduled) {
            scheduled = true;
            setImmediate(flush);
          }
          const position = resolved.link?.position?.commit ?? resolved.event?.position?.commit;
          if (position !== undefined && position >= lastPosition!) {
            flush();
            resolve();
          }
        });
        subscription.once('error', reject);
        subscription.once('end', () =>
          reject(new Error('persistent subscription ended before the last event')),
        );
      }),
      timeoutMs,
      'persistent subscription to $all',
    );
    return finishRead(events, start, cpu);
  } finally {
    await subscription.unsubscribe().catch(() => undefined);
    await client.deletePersistentSubscriptionToAll(group).catch(() => undefined);
  }
}

export interface PrefillResult {
  events: number;
  streams: number;
  seconds: number;
  eventsPerSec: number;
}

/**
 * Writes `total` events as 100-event appends, each to a new stream (`<prefix>-<n>`), from
 * `writers` concurrent writers, with a progress bar.
 */
export async function prefill(
  client: EventStoreDBClient,
  total: number,
  options: { prefix: string; writers?: number; batch?: number; label: string },
): Promise<PrefillResult> {
  const batch = options.batch ?? 100;
  const writers = options.writers ?? 32;
  const appendsNeeded = Math.ceil(total / batch);
  const bar = new SingleBar({
    format: `  ${options.label} [{bar}] {percentage}% | {value}/{total} events | {rate} ev/s | ETA {eta_formatted}`,
    barsize: 30,
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 10_000,
    etaBuffer: 50,
  });
  let next = 0;
  let written = 0;
  const start = performance.now();
  bar.start(total, 0, { rate: '0' });
  const writer = async (w: number): Promise<void> => {
    for (;;) {
      const n = next++;
      if (n >= appendsNeeded) return;
      const count = Math.min(batch, total - n * batch);
      await client.appendToStream(`${options.prefix}-${n}`, makeEvents(count, n * batch, w), {
        expectedRevision: ANY,
      });
      written += count;
      const elapsed = (performance.now() - start) / 1000;
      bar.update(written, { rate: Math.round(written / elapsed).toLocaleString('en-US') });
    }
  };
  try {
    await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  } finally {
    bar.stop();
  }
  const seconds = (performance.now() - start) / 1000;
  return { events: written, streams: appendsNeeded, seconds, eventsPerSec: written / seconds };
}
