import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startApi, stopApi, type ApiHarness } from '../api/support/api-harness';

const ROOT = join(__dirname, '..', '..');

function rebuild(dataDir: string, ...args: string[]) {
  const result = spawnSync(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      'apps/cli/src/projections-rebuild.ts',
      ...args,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, HITOS_DATA_DIR: dataDir, EVENTSTORE_CONNECTION_STRING: '' },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('npm run projections:rebuild', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ demo: true });
  });
  afterAll(() => stopApi(api));

  it('refuses, saying why, while the API holds the data directory', () => {
    const { code, out } = rebuild(api.dataDir);
    expect(code).toBe(1);
    expect(out).toContain('detenga la API');
    expect(out).toContain('stop the API');
  });

  it('rebuilds from zero, finds the rebuilt model equal to the live one row by row, and swaps it in', async () => {
    await api.stop();
    const check = rebuild(api.dataDir, '--check-only');
    expect(check.out).toContain('equal to the live model, row by row (commitment 12');
    expect(check.code).toBe(0);
    const swap = rebuild(api.dataDir);
    expect(swap.code).toBe(0);
    expect(swap.out).toContain('swapped in');
    expect(rebuild(api.dataDir, '--projection', 'nope').code).toBe(2);
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
