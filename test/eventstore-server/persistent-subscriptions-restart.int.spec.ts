/**
 * What a persistent subscription group keeps across a restart of the server, clean or SIGKILL:
 * it resumes after its last checkpoint (at-least-once: nothing after the checkpoint is skipped,
 * what was handled after it may come again), and its parked messages are all still there to
 * replay. The checkpoint is written at every handled message here (min = max = 1).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import {
  END,
  START,
  eventTypeFilter,
  jsonEvent,
  persistentSubscriptionToAllSettingsFromDefaults,
  persistentSubscriptionToStreamSettingsFromDefaults,
  type EventStoreDBClient,
  type ResolvedEvent,
} from '@hitos/event-store/esdb-client';
import type { RunningEventStoreServer } from '@hitos/eventstore-server';
import {
  SubscriptionRecorder,
  connect,
  makeDataDir,
  numberedEvents,
  readStreamEvents,
  removeDataDir,
  sleep,
  startServer,
  streamName,
  eventually,
} from './harness';

const repoRoot = resolve(__dirname, '../..');
const EVERY_MESSAGE = { checkPointLowerBound: 1, checkPointUpperBound: 1 };

let dataDir: string;
let server: RunningEventStoreServer | undefined;
let child: ChildProcess | undefined;
const clients: EventStoreDBClient[] = [];
const recorders: SubscriptionRecorder<any>[] = [];

beforeEach(async () => {
  dataDir = await makeDataDir();
});

afterEach(async () => {
  await Promise.allSettled(recorders.splice(0).map((r) => r.stop()));
  await Promise.allSettled(clients.splice(0).map((c) => c.dispose()));
  child?.kill('SIGKILL');
  child = undefined;
  await server?.stop();
  server = undefined;
  await removeDataDir(dataDir);
});

function client(connectionString: string): EventStoreDBClient {
  const c = connect(connectionString);
  clients.push(c);
  return c;
}

function record<E extends ResolvedEvent = ResolvedEvent>(
  subscription: SubscriptionRecorder<E>['subscription'],
) {
  const recorder = new SubscriptionRecorder<E>(subscription);
  recorders.push(recorder);
  return recorder;
}

const numbers = (events: ResolvedEvent[]) => events.map((e) => (e.event!.data as { n: number }).n);

const lastEventData = (c: EventStoreDBClient, stream: string) =>
  readStreamEvents(c, stream, { direction: 'backwards', fromRevision: END, maxCount: 1 })
    .then((events) => events[0]?.event?.data)
    .catch(() => undefined);

/** A server in another Node process, on `dataDir`; resolves with its connection string. */
function startChildServer(): Promise<string> {
  const script = `
    const { startEventStoreServer } = require('@hitos/eventstore-server');
    startEventStoreServer({ dataDir: process.env.PS_DATA_DIR, host: '127.0.0.1', port: 0 })
      .then((s) => process.stdout.write('READY ' + s.connectionString + '\\n'))
      .catch((e) => { process.stderr.write(String(e)); process.exit(1); });
  `;
  return new Promise((resolvePromise, reject) => {
    child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '-e', script],
      {
        cwd: repoRoot,
        env: { ...process.env, PS_DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('READY '));
      if (line) resolvePromise(line.slice('READY '.length).trim());
    });
    child.stderr!.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`child server exited with ${code}: ${err}`)));
  });
}

it('resumes a stream group after its checkpoint when the server restarts', async () => {
  server = await startServer(dataDir);
  let c = client(server.connectionString);
  const stream = streamName('ps-resume');
  await c.appendToStream(stream, numberedEvents(10));
  await c.createPersistentSubscriptionToStream(
    stream,
    'g',
    persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START, ...EVERY_MESSAGE }),
  );
  const sub = c.subscribeToPersistentSubscriptionToStream(stream, 'g');
  const before = record(sub);
  await before.waitForEvents(10);
  await sub.ack(...before.events.slice(0, 5));
  await eventually(
    () => lastEventData(c, `$persistentsubscription-${stream}::g-checkpoint`),
    (data) => data === '4',
    'the checkpoint at revision 4',
  );

  await Promise.allSettled(recorders.splice(0).map((r) => r.stop()));
  await c.dispose(); // its BatchAppend call would hold the server's shutdown for a second
  await server.stop();
  server = await startServer(dataDir);
  c = client(server.connectionString);

  const after = record(c.subscribeToPersistentSubscriptionToStream(stream, 'g'));
  await after.waitForEvents(5);
  await sleep(100); // nothing more may come: revisions 0..4 were acknowledged and checkpointed
  expect(numbers(after.events)).toEqual([5, 6, 7, 8, 9]);
  const info = await c.getPersistentSubscriptionToStreamInfo(stream, 'g');
  expect(info.stats.lastCheckpointedEventRevision).toBe(4n);
});

it('resumes a filtered $all group after its checkpoint position', async () => {
  server = await startServer(dataDir);
  let c = client(server.connectionString);
  const type = `ps-resume-all-${randomUUID()}`;
  await c.createPersistentSubscriptionToAll(
    'g',
    persistentSubscriptionToAllSettingsFromDefaults({ startFrom: START, ...EVERY_MESSAGE }),
    { filter: eventTypeFilter({ prefixes: [type] }) },
  );
  for (let n = 0; n < 4; n++) {
    await c.appendToStream(streamName('ps-resume-all'), [
      jsonEvent({ type, data: { n } }),
      jsonEvent({ type: 'unrelated', data: { n: -1 } }),
    ]);
  }
  const sub = c.subscribeToPersistentSubscriptionToAll('g');
  const before = record<any>(sub);
  await before.waitForEvents(4);
  await sub.ack(...before.events.slice(0, 2));
  // The checkpoint passes the acknowledged events and the unrelated one after them (filtered out:
  // nothing to wait for), but not the third, which is not acknowledged.
  const second = before.events[1].event!.position.commit;
  const third = before.events[2].event!.position.commit;
  const checkpoint = await eventually(
    () => lastEventData(c, '$persistentsubscription-$all::g-checkpoint'),
    (data) => typeof data === 'string' && BigInt(/^C:(\d+)\/P:\1$/.exec(data)?.[1] ?? -1) >= second,
    'a checkpoint at or past the second event',
  );
  expect(BigInt(/^C:(\d+)/.exec(checkpoint as string)![1]) < third).toBe(true);

  await Promise.allSettled(recorders.splice(0).map((r) => r.stop()));
  await c.dispose(); // its BatchAppend call would hold the server's shutdown for a second
  await server.stop();
  server = await startServer(dataDir);
  c = client(server.connectionString);

  const after = record<any>(c.subscribeToPersistentSubscriptionToAll('g'));
  await after.waitForEvents(2);
  await sleep(100);
  expect(numbers(after.events)).toEqual([2, 3]);
});

it('loses neither the checkpoint nor a parked message to a SIGKILL', async () => {
  const connectionString = await startChildServer();
  const c = client(connectionString);
  const stream = streamName('ps-kill');
  await c.appendToStream(stream, numberedEvents(8));
  await c.createPersistentSubscriptionToStream(
    stream,
    'g',
    persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START, ...EVERY_MESSAGE }),
  );
  const sub = c.subscribeToPersistentSubscriptionToStream(stream, 'g');
  const before = record(sub);
  await before.waitForEvents(8);
  await sub.ack(...before.events.slice(0, 3));
  await sub.nack('park', 'poison', before.events[3]);
  // Reads see only what is durable: once the checkpoint reads 3, it is on disk.
  await eventually(
    () => lastEventData(c, `$persistentsubscription-${stream}::g-checkpoint`),
    (data) => data === '3',
    'the checkpoint past the parked message',
  );
  child!.kill('SIGKILL');
  await new Promise((r) => child!.once('exit', r));
  child = undefined;
  await Promise.allSettled(recorders.splice(0).map((r) => r.stop()));

  server = await startServer(dataDir);
  const after = client(server.connectionString);
  const resumed = after.subscribeToPersistentSubscriptionToStream(stream, 'g');
  const recorder = record(resumed);
  await recorder.waitForEvents(4);
  expect(numbers(recorder.events)).toEqual([4, 5, 6, 7]);
  expect(
    (await after.getPersistentSubscriptionToStreamInfo(stream, 'g')).stats.parkedMessageCount,
  ).toBe(1n);
  await after.replayParkedMessagesToStream(stream, 'g');
  await recorder.waitForEvents(5);
  expect(numbers(recorder.events.slice(4))).toEqual([3]);
});
