/**
 * The soak (issue 17 §4): mixed load on the API and the standalone store while both are killed
 * and restarted at random, then the invariants (see test/soak/soak-run.ts).
 *
 *   npm run soak                      SOAK_SECONDS (default 300), SOAK_SEED (default random)
 *
 * Exits 1 when an invariant broke; the data directory is then kept and its path printed.
 */
import { runSoak } from '../test/soak/soak-run';

function positive(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    process.stderr.write(`soak: ${name}=${JSON.stringify(raw)}: expected a positive integer\n`);
    process.exit(2);
  }
  return Number(raw);
}

async function main(): Promise<number> {
  const seconds = positive('SOAK_SECONDS', 300);
  const seed = positive('SOAK_SEED', Math.floor(Math.random() * 2 ** 31) + 1);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(`soak: ${seconds} s, seed ${seed} (SOAK_SEED=${seed} repeats its choices)`);
  const started = performance.now();
  const report = await runSoak({ seconds, seed, log: (line) => say(`  ${line}`) });
  const took = ((performance.now() - started) / 1000).toFixed(0);
  say('');
  say(`kills: API ${report.kills.api}, store ${report.kills.store}`);
  say(
    `commands: ${report.commands.sent} sent, ${report.commands.acknowledged} acknowledged, ${report.commands.retries} retries, ${report.commands.refused} refused`,
  );
  say(
    `reads: ${report.reads}; live messages: ${report.liveMessages}; events in the store: ${report.events}`,
  );
  for (const model of report.models)
    say(
      `  ${model.name.padEnd(24)} ${model.equal ? 'equal to its rebuild' : 'DIFFERS'} (${model.rows} rows)`,
    );
  if (report.problems.length === 0) {
    say(`soak passed in ${took} s`);
    return 0;
  }
  say(
    `soak FAILED in ${took} s, ${report.problems.length} problems; data kept in ${report.dataDir}`,
  );
  for (const problem of report.problems) say(`  - ${problem}`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`soak: ${String((error as Error)?.stack ?? error)}\n`);
    process.exit(1);
  },
);
