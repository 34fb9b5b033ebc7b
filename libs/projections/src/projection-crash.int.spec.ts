import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { nodeEntry } from '@hitos/eventstore-server';
import { useEventStore } from '@hitos/testing';
import { ProjectionRunner } from './projection-runner';
import { projectionFile } from './projection-store';
import { eventLogProjection } from './testing/event-log.projection';
import { appendNumbered, tempDirectory, uniquePrefix, waitUntil } from './testing/int-helpers';

const CHILD = join(__dirname, 'testing', 'runner.child.ts');

/** Events applied as the checkpoint row counts them, read by another connection. */
function appliedOnDisk(file: string): number {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT events FROM _projection').get() as { events: number }).events;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet, or its schema not committed yet
  }
}

describe('a runner killed with SIGKILL between batches', () => {
  const env = useEventStore();
  let dir: ReturnType<typeof tempDirectory>;
  beforeAll(() => {
    dir = tempDirectory('crash');
  });
  afterAll(() => dir.remove());

  it('loses and doubles nothing once restarted from its file', async () => {
    const prefix = uniquePrefix('crash');
    const perAppend = 50;
    let n = 0;
    const append = async (appends: number) => {
      for (let i = 0; i < appends; i++) {
        await appendNumbered(env.store, `${prefix}${i % 4}`, n, perAppend);
        n += perAppend;
      }
    };
    await append(80); // 4,000 events to catch up on
    const file = projectionFile(dir.path, 'event-log');
    const killedAt: number[] = [];
    for (let kill = 0; kill < 3; kill++) {
      const entry = nodeEntry(CHILD);
      const child: ChildProcess = spawn(
        process.execPath,
        [
          ...entry.execArgv,
          entry.modulePath,
          JSON.stringify({
            connectionString: env.connectionString,
            directory: dir.path,
            prefix,
            batchSize: 7,
          }),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...entry.env } },
      );
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const before = appliedOnDisk(file);
      // Kill it while it is applying: after it has moved, before it is done, with appends
      // arriving meanwhile.
      const target = before + 300 + kill * 200;
      const writing = append(4);
      await waitUntil(() => appliedOnDisk(file) >= target, `the child to apply ${target}`, 30_000);
      child.kill('SIGKILL');
      await exited;
      await writing;
      killedAt.push(appliedOnDisk(file));
    }
    // Each child was killed partway, and each one went on from where the last one stopped.
    expect(killedAt.every((count) => count > 0 && count < n)).toBe(true);
    expect([...killedAt].sort((a, b) => a - b)).toEqual(killedAt);

    const runner = new ProjectionRunner({
      store: env.store,
      directory: dir.path,
      projections: [eventLogProjection()],
      streamPrefixes: [prefix],
    });
    runner.start();
    try {
      const last = await appendNumbered(env.store, `${prefix}0`, n, 1);
      n += 1;
      await runner.waitForPosition(last.position!, 30_000);
      const ns = runner
        .database('event-log')
        .prepare('SELECT n FROM event_log ORDER BY CAST(position AS INTEGER)')
        .all()
        .map((row: any) => row.n as number);
      // The primary key on the position already refuses a double apply; order and count
      // show there is no gap either.
      expect(ns.length).toBe(n);
      expect(ns).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(runner.database('event-log').prepare('SELECT events FROM _projection').get()).toEqual({
        events: n,
      });
    } finally {
      await runner.stop();
    }
  });
});
