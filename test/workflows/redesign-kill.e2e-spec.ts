import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { nodeEntry } from '@hitos/eventstore-server';
import { useEventStore } from '@hitos/testing';
import { actors, signedHistory } from '@hitos/testing';
import {
  Seeder,
  TestClock,
  eventually,
  readStream,
  redesigned,
  signedCommitment,
  tempDirectory,
} from '@hitos/workflows/testing/workflow-fixture';

const CHILD = join(__dirname, 'support', 'engine.child.ts');
const NOW = '2026-02-02T12:00:00.000Z';

/** Starts the engine in its own process; resolves once it has caught up with `$all`. */
async function startChild(connectionString: string, directory: string) {
  const entry = nodeEntry(CHILD);
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...entry.execArgv,
      entry.modulePath,
      JSON.stringify({ connectionString, directory, now: NOW }),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...entry.env } },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`engine child exited early (${code})`)));
  });
  return { child, exited };
}

describe('the redesign workflow killed with SIGKILL halfway through a redesign', () => {
  const env = useEventStore();
  let dir: ReturnType<typeof tempDirectory>;
  beforeAll(() => {
    dir = tempDirectory('kill');
  });
  afterAll(() => dir.remove());

  it('resumes from its stored to-do list after a restart: every commitment pending once', async () => {
    const clock = new TestClock(new Date(NOW));
    const seeder = new Seeder(env.store, clock);
    const institutionId = 'inst-killed';
    const ids = Array.from(
      { length: 120 },
      (_, i) => `${institutionId}-c${String(i).padStart(3, '0')}`,
    );
    for (const id of ids)
      await seeder.append(
        `commitment-${id}`,
        signedCommitment(signedHistory(), id, institutionId),
        actors.mdt,
      );
    const marks = async () =>
      await Promise.all(
        ids.map(
          async (id) =>
            (await readStream(env.store, `commitment-${id}`)).filter(
              (e) => e.type === 'CommitmentMarkedTransferPending',
            ).length,
        ),
      );

    const first = await startChild(env.connectionString, dir.path);
    await seeder.append(
      `institution-${institutionId}`,
      [redesigned(institutionId, ['inst-successor'])],
      actors.presidency,
    );
    const [redesign] = await readStream(env.store, `institution-${institutionId}`);
    await eventually(
      marks,
      (counts) => counts.filter((n) => n > 0).length >= 10,
      'some marks',
      30_000,
    );
    first.child.kill('SIGKILL');
    await first.exited;

    const atKill = await marks();
    const handlingAtKill = (await readStream(env.store, `redesignhandling-${redesign.id}`)).map(
      (e) => e.type,
    );
    // Killed in the middle: some marked, some not, the workflow's record not completed.
    expect(atKill.filter((n) => n === 1).length).toBeGreaterThanOrEqual(10);
    expect(atKill.filter((n) => n === 0).length).toBeGreaterThan(0);
    expect(handlingAtKill).toEqual(['RedesignHandlingStarted']);

    const second = await startChild(env.connectionString, dir.path);
    try {
      const handling = await eventually(
        () => readStream(env.store, `redesignhandling-${redesign.id}`),
        (events) => events.some((e) => e.type === 'RedesignHandlingCompleted'),
        'the restarted engine to finish the redesign',
        60_000,
      );
      expect(handling.map((e) => e.type)).toEqual([
        'RedesignHandlingStarted',
        'RedesignHandlingCompleted',
      ]);
      expect(handling[1].data.results).toHaveLength(ids.length);
      expect(new Set(handling[1].data.results.map((r: { outcome: string }) => r.outcome))).toEqual(
        new Set(['marked']),
      );
      expect(await marks()).toEqual(ids.map(() => 1));
    } finally {
      second.child.kill('SIGKILL');
      await second.exited;
    }
  });
});
