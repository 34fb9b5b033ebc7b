/**
 * Crash soak of the embedded event store: the crash test's loop, for longer.
 *
 *   npm run soak:eventstore -- [--iterations 200] [--seed N] [--rotate-every 20]
 *                              [--stop-on-failure]
 *
 * Each iteration SIGKILLs a child that appends under load and checks the restarted store
 * (see test/eventstore-crash/crash-loop.ts). The data directory is kept across iterations and
 * replaced by a fresh one every --rotate-every iterations. Failing iterations leave their
 * data directory, ledger and child output under test-artifacts/eventstore-crash/. Exits 1 if
 * any iteration failed.
 */
import { parseArgs } from 'node:util';
import { formatIteration, formatSummary, runCrashLoop } from '../test/eventstore-crash/crash-loop';

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new Error(
      `invalid value for --${name}: ${JSON.stringify(value)} (expected a positive integer)`,
    );
  }
  return n;
}

async function main(): Promise<number> {
  let options;
  try {
    const { values } = parseArgs({
      strict: true,
      options: {
        iterations: { type: 'string' },
        seed: { type: 'string' },
        'rotate-every': { type: 'string' },
        'stop-on-failure': { type: 'boolean' },
      },
    });
    options = {
      iterations: positiveInteger('iterations', values.iterations, 200),
      seed: positiveInteger('seed', values.seed, Math.floor(Math.random() * 2 ** 31) + 1),
      rotateEvery: positiveInteger('rotate-every', values['rotate-every'], 20),
      stopOnFailure: values['stop-on-failure'] ?? false,
    };
  } catch (error) {
    process.stderr.write(`crash-soak: ${(error as Error).message}\n`);
    return 2;
  }
  process.stdout.write(
    `crash soak: ${options.iterations} iterations, seed ${options.seed}, fresh data directory every ${options.rotateEvery}\n`,
  );
  const summary = await runCrashLoop({
    ...options,
    onIteration: (report) => {
      process.stdout.write(`${formatIteration(report)}\n`);
      for (const problem of report.problems) process.stdout.write(`    - ${problem}\n`);
    },
  });
  process.stdout.write(`\n${formatSummary(summary)}\n`);
  return summary.failed === 0 && summary.iterations === options.iterations ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`crash-soak: ${String((error as Error)?.stack ?? error)}\n`);
    process.exit(1);
  },
);
