import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedEventStore } from '@hitos/eventstore-server';
import { collect, eventToAppend, uniqueStream, useEventStore } from '@hitos/testing';
import { WrongExpectedRevisionError, type RecordedEvent } from '../event-store.port';
import { EsdbEventStore } from './esdb-event-store';

describe('EsdbEventStore: the EventStore port over the official client (embedded server)', () => {
  const env = useEventStore();

  const numbered = (count: number, from = 0) =>
    Array.from({ length: count }, (_, i) => eventToAppend('Numbered', { n: from + i }));

  it('given no stream, when it is read, then it reads as empty and has no last event', async () => {
    const stream = uniqueStream('missing');
    expect(await collect(env.store.readStream(stream))).toEqual([]);
    expect(await env.store.lastEventOf(stream)).toBeNull();
  });

  it('given an append with expected revision, when the stream is elsewhere, then WrongExpectedRevisionError names both and nothing is written', async () => {
    const stream = uniqueStream('guarded');
    const first = await env.store.appendToStream(stream, numbered(2), 'no_stream');
    expect(first.nextExpectedRevision).toBe(1n);
    expect(first.position?.commit).toEqual(expect.any(BigInt));

    const stale = env.store.appendToStream(stream, numbered(1, 2), 0n);
    await expect(stale).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await expect(stale).rejects.toMatchObject({ streamName: stream, expected: 0n, actual: 1n });
    await expect(
      env.store.appendToStream(uniqueStream('absent'), numbered(1), 'stream_exists'),
    ).rejects.toMatchObject({ expected: 'stream_exists', actual: -1n });
    expect((await collect(env.store.readStream(stream))).map((e) => e.data)).toEqual([
      { n: 0 },
      { n: 1 },
    ]);
  });

  it('reads a stream forwards from a revision and backwards from its end, and gives its last event', async () => {
    const stream = uniqueStream('read');
    await env.store.appendToStream(stream, numbered(5), 'any');
    const revisions = (events: RecordedEvent[]) => events.map((e) => e.revision);
    expect(revisions(await collect(env.store.readStream(stream, { fromRevision: 3n })))).toEqual([
      3n,
      4n,
    ]);
    expect(
      revisions(
        await collect(
          env.store.readStream(stream, {
            direction: 'backwards',
            fromRevision: 'end',
            maxCount: 2,
          }),
        ),
      ),
    ).toEqual([4n, 3n]);
    const last = await env.store.lastEventOf(stream);
    expect(last).toMatchObject({ streamId: stream, revision: 4n, type: 'Numbered', isJson: true });
    expect(last?.position).toEqual({ commit: expect.any(BigInt), prepare: expect.any(BigInt) });
  });

  it('given a loop left early on reads of a stream and of $all, when the store closes, then it closes at once', async () => {
    const store = env.connect();
    const stream = uniqueStream('early');
    await store.appendToStream(stream, numbered(50), 'any');
    for await (const event of store.readStream(stream)) {
      expect(event.revision).toBe(0n);
      break;
    }
    for await (const event of store.readAll()) {
      expect(event.position).toBeDefined();
      break;
    }
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('given reads left early against a server in another process (which had sent everything), when the store closes, then it closes at once', async () => {
    // In another process the server has sent the whole (short) answer before the consumer
    // leaves: a call destroyed then, unread, never finishes and dispose() waits for it forever.
    const dataDir = await mkdtemp(join(tmpdir(), 'hitos-esdb-early-'));
    const server = await EmbeddedEventStore.start({
      dataDir,
      host: '127.0.0.1',
      port: 0,
      logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
    });
    const store = EsdbEventStore.connect(server.connectionString);
    try {
      const stream = uniqueStream('early');
      await store.appendToStream(stream, numbered(120), 'any');
      for (let k = 0; k < 3; k++) expect(await store.endOfAll()).not.toBeNull();
      expect((await store.lastEventOf(stream))?.revision).toBe(119n);
      for await (const event of store.readStream(stream, { maxCount: 5 })) {
        expect(event.revision).toBe(0n);
        break;
      }
      await expect(store.close()).resolves.toBeUndefined();
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('reads $all from a position, and knows where $all ends', async () => {
    const stream = uniqueStream('all');
    const appended = await env.store.appendToStream(stream, numbered(3), 'any');
    const end = await env.store.endOfAll();
    expect(end).toEqual(appended.position);
    const [last] = await collect(
      env.store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 }),
    );
    expect(last).toMatchObject({ streamId: stream, revision: 2n, position: appended.position });
  });

  it("knows the last event a subscription can deliver: not a restarted store's epoch record", async () => {
    // Given: an event, then an epoch record (as a node writes each time it starts).
    const appended = await env.store.appendToStream(uniqueStream('sub-end'), numbered(2), 'any');
    const epoch = await env.store.appendToStream('$epoch-information', numbered(1), 'any');
    // Then: $all ends at the epoch record, and what a subscription can see ends before it.
    expect(await env.store.endOfAll()).toEqual(epoch.position);
    expect(await env.store.endOfSubscriptions()).toEqual(appended.position);
  });

  it('subscribes to $all for some stream prefixes: what exists, caught up, then live', async () => {
    const category = `sub${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    await env.store.appendToStream(`${category}-a`, numbered(2), 'any');
    await env.store.appendToStream(uniqueStream('other'), numbered(1), 'any');
    const seen: string[] = [];
    let caughtUpAfter = -1;
    const subscription = env.store.subscribeToAll(
      { streamNamePrefixes: [`${category}-`] },
      {
        event: (event) => seen.push(`${event.streamId}#${event.revision}`),
        caughtUp: () => (caughtUpAfter = seen.length),
        failed: (error) => seen.push(`failed: ${error.message}`),
      },
    );
    try {
      await until(() => caughtUpAfter >= 0);
      await env.store.appendToStream(`${category}-b`, numbered(1), 'any');
      await until(() => seen.length === 3);
      expect(seen).toEqual([`${category}-a#0`, `${category}-a#1`, `${category}-b#0`]);
      expect(caughtUpAfter).toBe(2);
    } finally {
      await subscription.unsubscribe();
    }
  });

  it('answers a ping', async () => {
    await expect(env.store.ping()).resolves.toBeUndefined();
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
