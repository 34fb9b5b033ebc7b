/**
 * Issue 17 §4: SIGTERM while commands are under way. The API (as `npm start` runs it, with its
 * embedded store) stops taking connections, answers every command it had taken, ends its live
 * feeds, flushes and closes, and exits 0 well within the grace period. Every command answered
 * 2xx has its events in the store, once.
 */
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { EsdbEventStore, type RecordedEvent } from '@hitos/event-store';
import { startEventStoreServer } from '@hitos/eventstore-server';
import { startApiProcess, type ApiProcess } from './support/api-process';

const SECRET = 'graceful-shutdown-secret';
const LOOPS = 16;
const GRACE_MS = 20_000;

describe('graceful shutdown on SIGTERM', () => {
  let dataDir: string;
  let api: ApiProcess | undefined;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'hitos-graceful-'));
  });
  afterAll(() => {
    if (api?.child.exitCode === null) api.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the commands it took, ends the live feeds, and exits 0 with every answered command stored', async () => {
    api = await startApiProcess({
      HITOS_DATA_DIR: dataDir,
      HITOS_JWT_SECRET: SECRET,
      HITOS_DEMO: 'false',
      HITOS_WORKFLOWS: 'true',
      HITOS_SHUTDOWN_GRACE_MS: String(GRACE_MS),
    });
    const { base } = api;
    const token = new JwtService({ secret: SECRET }).sign(
      { sub: 'presidencia-1', role: 'presidency' },
      { expiresIn: 600 },
    );
    const register = (n: number) =>
      fetch(`${base}/api/organizations`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': `shutdown-${n}`,
        },
        body: JSON.stringify({ organizationId: `org-${n}`, name: `Org ${n}`, sector: 'academia' }),
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as CommandAnswer }));

    // A live feed, open through the shutdown.
    const feed = await fetch(`${base}/api/live/action-plans/plan-x`);
    expect(feed.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const feedEnded = (async () => {
      const reader = feed.body!.getReader();
      for (;;) if ((await reader.read()).done) return 'ended';
    })().catch((error: Error) => `failed: ${error.message}`);

    // Two rounds answered, then a third round under way when the signal comes.
    const answers: { status: number; body: CommandAnswer }[] = [];
    const round = async (r: number) =>
      answers.push(
        ...(await Promise.all(Array.from({ length: LOOPS }, (_, i) => register(r * LOOPS + i)))),
      );
    await round(0);
    await round(1);
    let answeredThird = 0;
    const third = (n: number) => register(n).finally(() => answeredThird++);
    const underWay = Promise.all(Array.from({ length: LOOPS }, (_, i) => third(2 * LOOPS + i)))
      .then((done) => answers.push(...done))
      .catch((error: Error) => {
        throw new Error(
          `a command taken before the signal failed: ${error.message} ${String(error.cause)}\n${api!.output()}`,
        );
      });
    // The signal comes once the API has taken every request of the third round: each is answered
    // or under way (the gauge, read after the count, also holds the /metrics request itself).
    for (;;) {
      const answered = answeredThird;
      const metrics = await (await fetch(`${base}/metrics`)).text();
      const inFlight = Number(/^hitos_http_requests_in_flight (\d+)/m.exec(metrics)?.[1] ?? 0);
      // The live feed open all along is one request under way too.
      if (answered + inFlight - 2 >= LOOPS) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const signalledAt = performance.now();
    api.child.kill('SIGTERM');
    // Once it says it is shutting down, it takes no new connection.
    while (!api.output().includes('shutting down'))
      await new Promise((resolve) => setTimeout(resolve, 10));
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(api!.port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve('accepted')));
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });

    await underWay;
    const { code } = await api.exited;
    const tookMs = performance.now() - signalledAt;

    expect(answers.map((a) => a.status)).toEqual(new Array(3 * LOOPS).fill(201));
    expect(refused).toBe('ECONNREFUSED');
    expect(await feedEnded).toBe('ended');
    expect(code).toBe(0);
    expect(tookMs).toBeLessThan(GRACE_MS);
    expect(api.output()).toMatch(
      /1 flujos en vivo terminados \/ live feeds ended, 0 solicitudes cortadas \/ requests cut off/,
    );

    // Every answered command's events, once, in the store the API closed.
    const server = await startEventStoreServer({
      dataDir: join(dataDir, 'eventstore'),
      host: '127.0.0.1',
      port: 0,
    });
    const store = EsdbEventStore.connect(server.connectionString);
    try {
      const stored: RecordedEvent[] = [];
      for await (const event of store.readAll()) stored.push(event);
      const ids = stored.map((e) => e.id);
      for (const { body } of answers) {
        expect(body.events.length).toBeGreaterThan(0);
        for (const event of body.events)
          expect(ids.filter((id) => id === event.id)).toHaveLength(1);
      }
      expect(stored.filter((e) => e.type === 'OrganizationRegistered')).toHaveLength(3 * LOOPS);
    } finally {
      await store.close();
      await server.stop();
    }
  });
});

interface CommandAnswer {
  events: { id: string; type: string }[];
}
