import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, jsonEvent } from '@hitos/event-store/esdb-client';

const BIN = join(__dirname, '..', '..', 'libs', 'eventstore-server', 'bin', 'eventstore-server.js');

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, EVENTSTORE_PORT: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('close', resolve));
  return { child, output, exit };
}

describe('the package CLI (bin/eventstore-server.js, as a process)', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'es-cli-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));
  const throwaway = () => readdirSync(tmp).filter((name) => name.startsWith('eventstore-memory-'));

  it('--memory: prints a connection string clients use, stops on SIGTERM, removes its data', async () => {
    const cli = run(['--memory', '--port', '0'], { TMPDIR: tmp });
    try {
      const connectionString = await new Promise<string>((resolve, reject) => {
        const onData = () => {
          const match = /connection string (esdb:\/\/\S+)/.exec(cli.output.stdout);
          if (match) resolve(match[1]);
        };
        cli.child.stdout.on('data', onData);
        void cli.exit.then((code) => reject(new Error(`exited ${code}: ${cli.output.stderr}`)));
      });
      expect(connectionString).toMatch(/^esdb:\/\/127\.0\.0\.1:\d+\?tls=false$/);
      expect(throwaway()).toHaveLength(1);

      const client = EventStoreDBClient.connectionString(connectionString);
      try {
        const result = await client.appendToStream('cli-1', jsonEvent({ type: 'T', data: {} }));
        expect(result.nextExpectedRevision).toBe(0n);
      } finally {
        await client.dispose();
      }
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect(await cli.exit).toBe(0);
    expect(cli.output.stdout).toContain('eventstore: stopped');
    expect(throwaway()).toEqual([]);
  });

  it('exits 1 on a bad flag, pointing at the help in both languages', async () => {
    const cli = run(['--memory', '--data', 'x']);
    expect(await cli.exit).toBe(1);
    expect(cli.output.stderr).toBe(
      'eventstore: error: --memory and --data exclude each other: choose one\n' +
        'Run with --help for usage (--help para la ayuda).\n',
    );
  });
});
