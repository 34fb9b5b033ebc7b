/**
 * The soak's short run in CI (issue 17 §4): the same code as `npm run soak`, ~30 s of mixed
 * load with a fixed seed, the store and then the API SIGKILLed and restarted, then the soak's
 * invariants: every acknowledged command's events once in the store, every read model equal
 * to its rebuild, the live feed never repeating, a graceful last stop.
 */
import { runSoak } from './soak-run';

describe('soak (short run)', () => {
  it('keeps every invariant while the store and the API are killed and restarted', async () => {
    const lines: string[] = [];
    const report = await runSoak({
      seconds: 30,
      seed: 20261203,
      workers: 2,
      meanKillIntervalMs: 4_000,
      firstVictims: [['store'], ['api']],
      log: (line) => lines.push(line),
    });
    if (report.problems.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
    expect(report.problems).toEqual([]);
    expect(report.kills.store).toBeGreaterThanOrEqual(1);
    expect(report.kills.api).toBeGreaterThanOrEqual(1);
    // Commands under the kills, beyond the one probing report per milestone.
    expect(report.commands.acknowledged).toBeGreaterThan(report.targets + 10);
    expect(report.commands.acknowledged + report.commands.refused).toBe(report.commands.sent);
    expect(report.models.map((m) => m.name)).toContain('commitment-detail');
    expect(report.models.every((m) => m.equal)).toBe(true);
  }, 600_000);
});
