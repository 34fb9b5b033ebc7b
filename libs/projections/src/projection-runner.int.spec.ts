import { EsdbEventStore } from '@hitos/event-store';
import { startEventStoreServer } from '@hitos/eventstore-server';
import { useEventStore } from '@hitos/testing';
import { ProjectionHandlerError, ProjectionWaitTimeoutError } from './errors';
import { ProjectionRunner } from './projection-runner';
import { ProjectionStore } from './projection-store';
import { eventLogProjection } from './testing/event-log.projection';
import { appendNumbered, tempDirectory, uniquePrefix, waitUntil } from './testing/int-helpers';

describe('ProjectionRunner (embedded server, real gRPC)', () => {
  const env = useEventStore();
  let dir: ReturnType<typeof tempDirectory>;
  const runners: ProjectionRunner[] = [];

  beforeEach(() => {
    dir = tempDirectory('runner');
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
    dir.remove();
  });

  function runner(
    prefix: string,
    options: Partial<ConstructorParameters<typeof ProjectionRunner>[0]> = {},
  ) {
    const created = new ProjectionRunner({
      store: env.store,
      directory: dir.path,
      projections: [eventLogProjection()],
      streamPrefixes: [prefix],
      batchSize: 25,
      ...options,
    });
    runners.push(created);
    return created;
  }

  const logged = (r: ProjectionRunner, name = 'event-log') =>
    r
      .database(name)
      .prepare('SELECT n FROM event_log ORDER BY CAST(position AS INTEGER)')
      .all()
      .map((row: any) => row.n);

  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

  it('catches up from the start, then applies live events as they are appended', async () => {
    const prefix = uniquePrefix('t');
    await appendNumbered(env.store, `${prefix}a`, 0, 120);
    await appendNumbered(env.store, `${prefix}b`, 120, 30);
    await appendNumbered(env.store, 'unfollowed-stream', 0, 10);
    const transactions = jest.spyOn(ProjectionStore.prototype, 'apply');
    const r = runner(prefix);
    r.start();
    await waitUntil(() => r.caughtUp, 'catch-up');
    expect(logged(r)).toEqual(range(0, 150));
    // Catching up, several events share a transaction, never more than batchSize (25 here).
    // How many fill a batch depends on how fast the client hands them over: on a busy machine
    // the 20 ms catch-up timer may flush a batch before it is full.
    expect(transactions.mock.calls.length).toBeLessThanOrEqual(150 / 5);
    const sizes = transactions.mock.calls.map(([events]) => events.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(25);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    transactions.mockRestore();

    const last = await appendNumbered(env.store, `${prefix}a`, 150, 5);
    await r.waitForPosition(last.position!, 5000);
    expect(logged(r)).toEqual(range(0, 155));
    expect(r.status()).toEqual([
      { name: 'event-log', version: 1, position: last.position!.commit.toString(), failure: null },
    ]);
    // The checkpoint counts each event once: batches were not applied twice.
    expect(r.database('event-log').prepare('SELECT events FROM _projection').get()).toEqual({
      events: 155,
    });
  });

  it('live, shares one flush among the events of a window under a steady flow, and applies a lone event at once', async () => {
    const prefix = uniquePrefix('w');
    const r = runner(prefix, { liveFlushMs: 1000 });
    r.start();
    await waitUntil(() => r.caughtUp, 'catch-up');
    let flushes = 0;
    r.onApplied(() => flushes++);

    // 20 single-event appends, one after another: far more appends than 1 s windows.
    const started = performance.now();
    let last;
    for (let i = 0; i < 20; i++) last = await appendNumbered(env.store, `${prefix}a`, i, 1);
    await r.waitForPosition(last!.position!, 5000);
    const windows = Math.ceil((performance.now() - started) / 1000) + 1;
    expect(logged(r)).toEqual(range(0, 20));
    expect(flushes).toBeLessThanOrEqual(windows);
    expect(flushes).toBeLessThan(20);

    // After a quiet spell longer than the window, the next event does not wait for one.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const sent = performance.now();
    const lone = await appendNumbered(env.store, `${prefix}a`, 20, 1);
    await r.waitForPosition(lone.position!, 5000);
    expect(performance.now() - sent).toBeLessThan(600);
    expect(logged(r)).toEqual(range(0, 21));
  });

  it('resumes from its checkpoint after a restart, with no duplicate and no gap', async () => {
    const prefix = uniquePrefix('t');
    await appendNumbered(env.store, `${prefix}a`, 0, 40);
    const first = runner(prefix);
    first.start();
    await waitUntil(() => first.caughtUp, 'catch-up');
    await first.stop();

    await appendNumbered(env.store, `${prefix}a`, 40, 40);
    const second = runner(prefix);
    second.start();
    const last = await appendNumbered(env.store, `${prefix}b`, 80, 3);
    await second.waitForPosition(last.position!, 5000);
    expect(logged(second)).toEqual(range(0, 83));
  });

  it('stops a projection whose handler throws, at that event, and lets the others go on', async () => {
    const prefix = uniquePrefix('t');
    const errors: Error[] = [];
    // The other projection has no Boom handler that throws.
    const other = eventLogProjection({ name: 'other-log', boomThrows: false });
    const r = runner(prefix, {
      projections: [eventLogProjection(), other],
      onError: (error) => errors.push(error),
    });
    await appendNumbered(env.store, `${prefix}a`, 0, 5);
    const boom = await appendNumbered(env.store, `${prefix}a`, 5, 1, 'Boom', { boom: true });
    await appendNumbered(env.store, `${prefix}a`, 6, 4);
    r.start();
    await waitUntil(() => r.status().some((s) => s.failure), 'the failure');
    const [failed, healthy] = r.status();
    expect(failed.failure).toBeInstanceOf(ProjectionHandlerError);
    expect(failed.failure!.message).toBe(
      `Projection event-log stopped at Boom ${prefix}a@5 ($all position ${boom.position!.commit}): boom at n=5`,
    );
    expect(errors).toContain(failed.failure);
    expect(logged(r)).toEqual(range(0, 5));
    const last = await appendNumbered(env.store, `${prefix}a`, 10, 1);
    await r.waitForPosition(last.position!, 5000, 'other-log');
    expect(logged(r, 'other-log')).toEqual(range(0, 11));
    expect(healthy.failure).toBeNull();
    await expect(r.waitForPosition(last.position!, 1000)).rejects.toBe(failed.failure);
    await r.stop();

    // Restarted with the bug fixed, it applies the event it stopped at, and everything after.
    const fixed = eventLogProjection({ boomThrows: false });
    const again = runner(prefix, { projections: [fixed] });
    again.start();
    await again.waitForPosition(last.position!, 5000);
    expect(logged(again)).toEqual(range(0, 11));
  });

  it('reports lag against the live end of $all, and lag shrinks to zero', async () => {
    const prefix = uniquePrefix('t');
    const r = runner(prefix);
    r.open();
    const empty = await r.lag();
    await appendNumbered(env.store, `${prefix}a`, 0, 30);
    await appendNumbered(env.store, 'unfollowed-stream', 0, 5);
    const behind = await r.lag();
    expect(behind).toEqual([
      expect.objectContaining({
        name: 'event-log',
        events: 30,
        capped: false,
        position: null,
        failed: false,
      }),
    ]);
    expect(behind[0].seconds).toBeGreaterThanOrEqual(0);
    expect(behind[0].endPosition).not.toEqual(empty[0].endPosition);

    const capped = new ProjectionRunner({
      store: env.store,
      directory: dir.path,
      projections: [eventLogProjection({ name: 'capped' })],
      streamPrefixes: [prefix],
      lagScanLimit: 10,
    });
    capped.open();
    const cappedLag = (await capped.lag())[0];
    expect(cappedLag).toMatchObject({ capped: true, position: null });
    expect(cappedLag.events).toBeLessThanOrEqual(10);
    expect(cappedLag.seconds).toBeGreaterThan(0);
    await capped.stop();

    r.start();
    await waitUntil(() => r.caughtUp, 'catch-up');
    const after = await r.lag();
    expect(after[0]).toMatchObject({ events: 0, seconds: 0, capped: false });
  });

  it('does not report zero lag while catching up past more unfollowed events than it scans', async () => {
    const prefix = uniquePrefix('u');
    const first = runner(prefix);
    await appendNumbered(env.store, `${prefix}a`, 0, 3);
    first.start();
    await waitUntil(() => first.caughtUp, 'catch-up');
    await first.stop();
    // Given: after the projection's position, 15 events it does not follow, then 2 it does.
    await appendNumbered(env.store, 'unfollowed-stream', 0, 15);
    const last = await appendNumbered(env.store, `${prefix}a`, 3, 2);

    // When: its lag is asked with a scan of 10 events, before the runner has caught up.
    const later = runner(prefix, { lagScanLimit: 10 });
    later.open();
    const behind = (await later.lag())[0];

    // Then: behind, by at least one event (a lower bound: capped), not caught up.
    expect(behind).toMatchObject({ capped: true, failed: false });
    expect(behind.events).toBeGreaterThanOrEqual(1);
    expect(behind.seconds).toBeGreaterThanOrEqual(0);

    later.start();
    await later.waitForPosition(last.position!, 5000);
    await waitUntil(() => later.caughtUp, 'catch-up');
    expect(logged(later)).toEqual(range(0, 5));
    expect((await later.lag())[0]).toMatchObject({ events: 0 });
  });

  it('counts a projection at the end as caught up while another added later catches up from the start', async () => {
    const prefix = uniquePrefix('v');
    const first = runner(prefix);
    await appendNumbered(env.store, `${prefix}a`, 0, 12);
    first.start();
    await waitUntil(() => first.caughtUp, 'catch-up');
    await first.stop();
    // Given: event-log has applied every followed event; only an unfollowed one comes after.
    await appendNumbered(env.store, 'unfollowed-stream', 0, 1);

    // When: a projection is added beside it and the lag is asked, scanning 10 events, before
    // the runner has caught the new one up.
    const later = runner(prefix, {
      projections: [eventLogProjection(), eventLogProjection({ name: 'added' })],
      lagScanLimit: 10,
    });
    later.open();
    const [atEnd, added] = await later.lag();

    // Then: event-log is counted from its own checkpoint: nothing to apply, exactly.
    expect(atEnd).toMatchObject({ name: 'event-log', events: 0, capped: false });
    expect(atEnd.progress).toBe(atEnd.position);
    // And the added one is behind by more than the scan counts.
    expect(added).toMatchObject({ name: 'added', capped: true, position: null });
    expect(added.events).toBeGreaterThanOrEqual(1);

    later.start();
    await waitUntil(() => later.caughtUp, 'catch-up');
    expect(logged(later, 'added')).toEqual(range(0, 12));
    expect((await later.lag()).map((lag) => lag.events)).toEqual([0, 0]);
  });

  it("following every stream, is caught up when the last event is one no subscription delivers (a restarted store's epoch record)", async () => {
    const prefix = uniquePrefix('e');
    const every = runner('', {
      projections: [eventLogProjection({ boomThrows: false })],
      batchSize: 500,
    });
    every.start();
    const last = await appendNumbered(env.store, `${prefix}a`, 0, 3);
    await every.waitForPosition(last.position!, 5000);

    // Given: the last event of $all is an epoch record, which a read returns and a
    // subscription to $all never delivers (EventStoreDB writes one each time a node starts).
    await appendNumbered(env.store, '$epoch-information', 0, 1, 'EpochRecord');

    // When: the lag is asked.
    const [lag] = await every.lag();

    // Then: nothing to apply (it would otherwise read one event behind until the next write).
    expect(lag).toMatchObject({
      events: 0,
      capped: false,
      position: last.position!.commit.toString(),
    });
    expect(lag.endPosition).not.toBe(lag.position);
  });

  it('waits for a position (read-your-writes), and times out on one never reached', async () => {
    const prefix = uniquePrefix('t');
    const r = runner(prefix);
    r.start();
    await waitUntil(() => r.caughtUp, 'catch-up');
    const appended = await appendNumbered(env.store, `${prefix}a`, 0, 1);
    await r.waitForPosition(appended.position!.commit, 5000);
    expect(logged(r)).toEqual([0]);
    await expect(
      r.waitForPosition(appended.position!.commit + 1_000_000n, 200),
    ).rejects.toBeInstanceOf(ProjectionWaitTimeoutError);
  });

  it('starts a projection afresh when its stored version differs from the code', async () => {
    const prefix = uniquePrefix('t');
    await appendNumbered(env.store, `${prefix}a`, 0, 10);
    const v1 = runner(prefix);
    v1.start();
    await waitUntil(() => v1.caughtUp, 'catch-up');
    v1.database('event-log').prepare("INSERT INTO event_log VALUES ('x', 'x', 0, 'x', 99)").run();
    await v1.stop();
    const v2 = runner(prefix, { projections: [eventLogProjection({ version: 2 })] });
    v2.start();
    await waitUntil(() => v2.caughtUp, 'catch-up');
    expect(logged(v2)).toEqual(range(0, 10));
  });
});

describe('ProjectionRunner across a restart of the event store', () => {
  it('resubscribes with backoff from its checkpoint and misses nothing', async () => {
    const dataDir = tempDirectory('restart-store');
    const dir = tempDirectory('restart');
    let server = await startEventStoreServer({ dataDir: dataDir.path, host: '127.0.0.1', port: 0 });
    const port = server.port;
    const store = EsdbEventStore.connect(server.connectionString);
    const errors: Error[] = [];
    const prefix = uniquePrefix('t');
    const r = new ProjectionRunner({
      store,
      directory: dir.path,
      projections: [eventLogProjection()],
      streamPrefixes: [prefix],
      backoff: { initialMs: 50, maxMs: 400 },
      onError: (error) => errors.push(error),
    });
    try {
      await appendNumbered(store, `${prefix}a`, 0, 20);
      r.start();
      await waitUntil(() => r.caughtUp, 'catch-up');
      await server.stop();
      await waitUntil(() => errors.length > 0, 'the subscription to fail');
      server = await startEventStoreServer({ dataDir: dataDir.path, host: '127.0.0.1', port });
      // The client reconnects on its own; the append may need a retry while it does.
      let last;
      for (let attempt = 0; !last; attempt++) {
        try {
          last = await appendNumbered(store, `${prefix}a`, 20, 5);
        } catch (error) {
          if (attempt > 50) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      await r.waitForPosition(last.position!, 15_000);
      const ns = r
        .database('event-log')
        .prepare('SELECT n FROM event_log ORDER BY CAST(position AS INTEGER)')
        .all()
        .map((row: any) => row.n);
      expect(ns).toEqual(Array.from({ length: 25 }, (_, i) => i));
    } finally {
      await r.stop();
      await store.close();
      await server.stop();
      dataDir.remove();
      dir.remove();
    }
  });
});
