import { rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { startApi, stopApi, type ApiHarness } from '../api/support/api-harness';
import { hitos, hitosAsync } from './support/run-hitos';

const rebuild = (dataDir: string, ...args: string[]) => {
  const run = hitos(['projections', 'rebuild', ...args], { HITOS_DATA_DIR: dataDir });
  return { code: run.code, out: `${run.stdout}${run.stderr}`, stdout: run.stdout };
};

describe('hitos beside the API: projections rebuild (npm run projections:rebuild), audit trail and replay', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ demo: true });
  });
  afterAll(() => stopApi(api));

  it('refuses, saying why, while the API holds the data directory: exit 2', () => {
    const { code, out } = rebuild(api.dataDir);
    expect(out).toContain('detenga la API');
    expect(out).toContain('stop the API');
    expect(code).toBe(2);
  });

  it('reads the audit trail and replays as of a moment while the API runs', async () => {
    const trail = await hitosAsync(['audit', 'trail', '--json', '--as', 'auditor'], {
      HITOS_DATA_DIR: api.dataDir,
    });
    expect(trail.code).toBe(0);
    expect(trail.stderr).toContain('using the running store');
    const rows = trail.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; position: string; withheld: boolean });
    expect(rows.filter((r) => r.type === 'CommitmentDrafted')).toHaveLength(12);
    expect(rows.some((r) => r.withheld)).toBe(false);
    const middle = rows[Math.floor(rows.length / 2)].position;
    const out = join(api.dataDir, '..', `${basename(api.dataDir)}-replay`);
    try {
      const replay = await hitosAsync(
        ['audit', 'replay', '--until', middle, '--out', out, '--json'],
        {
          HITOS_DATA_DIR: api.dataDir,
        },
      );
      expect(replay.code).toBe(0);
      const report = JSON.parse(replay.stdout) as { projections: { position: string | null }[] };
      expect(report.projections.every((p) => BigInt(p.position ?? 0) <= BigInt(middle))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 240_000);

  it('rebuilds from zero, finds the rebuilt model equal to the live one row by row, and swaps it in', async () => {
    await api.stop();
    const check = rebuild(api.dataDir, '--check-only');
    expect(check.out).toContain('equal to the live model, row by row (commitment 12');
    expect(check.code).toBe(0);
    const json = rebuild(api.dataDir, '--check-only', '--json', '--projection', 'registry');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      checkOnly: true,
      equal: true,
      projections: [{ projection: 'registry', equalToLive: true, swappedIn: false }],
    });
    const swap = rebuild(api.dataDir);
    expect(swap.code).toBe(0);
    expect(swap.out).toContain('swapped in');
    const unknown = rebuild(api.dataDir, '--projection', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain('--projection: no existe la proyección «nope»');
    // The API starts on the swapped-in model and carries on from its position.
    await api.restart();
    const { ProjectionRunner } = await import('@hitos/projections');
    const rows = api.app
      .get(ProjectionRunner)
      .database('commitment-detail')
      .prepare('select count(*) as n from commitment')
      .get() as { n: number };
    expect(rows.n).toBe(12);
  }, 240_000);
});
