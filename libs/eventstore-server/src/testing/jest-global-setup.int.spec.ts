import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');
const CONFIG = join(ROOT, 'libs', 'eventstore-server', 'examples', 'jest', 'jest.config.js');

/** Runs `jest --config examples/jest/jest.config.js` as a user would, in a process of its own. */
function runExample(tmp: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        require.resolve('jest/bin/jest'),
        '--config',
        CONFIG,
        '--runInBand',
        // The usual cache (transformed sources), although TMPDIR points elsewhere.
        '--cacheDirectory',
        join(tmpdir(), 'jest-eventstore-examples'),
      ],
      {
        cwd: ROOT,
        env: { ...process.env, TMPDIR: tmp, EVENTSTORE_CONNECTION_STRING: '' },
        timeout: 45_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error.code as number) ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

describe('the jest globalSetup / globalTeardown pair (examples/jest, run by jest)', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'es-jest-example-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('gives the example tests a live store, then stops it and removes its data', async () => {
    const { code, output } = await runExample(tmp);
    expect(output).toContain('Tests:       2 passed, 2 total');
    expect(code).toBe(0);
    // The store's temp directory was made under TMPDIR and is gone: teardown ran and stopped it
    // (jest would also hang, not exit, on a server left listening).
    expect(readdirSync(tmp).filter((name) => name.startsWith('eventstore-'))).toEqual([]);
  });
});
