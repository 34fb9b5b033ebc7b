/**
 * Crash safety of the embedded event store: a child appends under load and is SIGKILLed at a
 * random moment; after a restart every acknowledged append must be there exactly once, in
 * order, no append half-written, and the store must take new appends. See crash-loop.ts.
 *
 * CRASH_ITERATIONS (default 20), CRASH_ROTATE_EVERY (default 10: iterations per data
 * directory) and CRASH_SEED (default random, printed) tune the run;
 * `npm run soak:eventstore` runs the same loop for longer.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEventStoreServer } from '@hitos/eventstore-server';
import { EventStoreDBClient, jsonEvent } from '@hitos/event-store/esdb-client';
import {
  Ledger,
  Problems,
  formatIteration,
  formatSummary,
  runCrashLoop,
  verifyStore,
} from './crash-loop';

const iterations = Number(process.env.CRASH_ITERATIONS ?? 20);
/** A fresh data directory every N iterations keeps the whole-store re-check affordable. */
const rotateEvery = Number(process.env.CRASH_ROTATE_EVERY ?? 10);
const seed = process.env.CRASH_SEED
  ? Number(process.env.CRASH_SEED)
  : Math.floor(Math.random() * 2 ** 32);

describe('event store crash safety (SIGKILL under load)', () => {
  it(
    `keeps every acknowledged append after ${iterations} kills (seed ${seed})`,
    async () => {
      const lines: string[] = [];
      const summary = await runCrashLoop({
        iterations,
        seed,
        rotateEvery,
        onIteration: (report) => lines.push(formatIteration(report)),
      });
      const text = `${formatSummary(summary)}\n${lines.join('\n')}`;
      process.stdout.write(`${text}\n`);

      expect(
        summary.failures.flatMap((f) => f.problems.map((p) => `#${f.iteration}: ${p}`)),
      ).toEqual([]);
      expect(summary.iterations).toBe(iterations);
      expect(summary.ackedAppends).toBeGreaterThan(0);
    },
    60_000 + iterations * 15_000,
  );
});

describe('the crash check itself', () => {
  it('reports lost, half-written and made-up events', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hitos-crash-check-'));
    try {
      const server = await startEventStoreServer({ dataDir, host: '127.0.0.1', port: 0 });
      const client = EventStoreDBClient.connectionString(server.connectionString);
      const ledger = new Ledger();
      const event = (id: string) => jsonEvent({ id, type: 'CrashTestEvent', data: {} });

      const whole = ledger.tried('whole', 'check-a', [randomUUID(), randomUUID()]);
      const written = await client.appendToStream('check-a', whole.eventIds.map(event));
      ledger.acked(whole, written.nextExpectedRevision);

      const half = ledger.tried('half', 'check-a', [randomUUID(), randomUUID(), randomUUID()]);
      await client.appendToStream('check-a', half.eventIds.slice(0, 2).map(event));

      const lost = ledger.tried('lost', 'check-b', [randomUUID()]);
      ledger.acked(lost, 0n);

      const madeUp = randomUUID();
      await client.appendToStream('check-b', event(madeUp));
      await client.dispose();
      await server.stop();

      const problems = new Problems();
      const { eventsChecked } = await verifyStore(dataDir, ledger, problems);
      expect(eventsChecked).toBe(5);
      expect(problems.result()).toEqual([
        `event ${madeUp} in check-b@0 was never appended`,
        'unacknowledged append half (3 events to check-a) is half-written: 2 of 3 events present',
        'LOST: acknowledged append lost (1 events to check-b), acknowledged with nextExpectedRevision 0, is missing after the restart',
      ]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
