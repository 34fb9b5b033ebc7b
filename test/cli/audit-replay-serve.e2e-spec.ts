import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EsdbEventStore, type EventStore } from '@hitos/event-store';
import { EmbeddedEventStore } from '@hitos/eventstore-server';
import { COMMITMENT_ID, RESERVED_URL } from '@hitos/testing';
import { appendWorld, transferredActaWorld } from '../../apps/cli/src/testing/trail-world';
import { HITOS, ROOT, hitos, hitosAsync } from './support/run-hitos';

// Each run starts Node, ts-node and Nest; serving starts the API too: generous.
jest.setTimeout(240_000);

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('hitos audit replay --export and hitos audit serve (bin/hitos.js, as a child process)', () => {
  const world = transferredActaWorld();
  const middle = world.events.findIndex((e) => e.type === 'CommitmentMarkedTransferPending');
  let dataDir: string;
  let work: string;
  let running: EmbeddedEventStore;
  let client: EventStore;
  let position: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hitos-cli-serve-e2e-'));
    work = mkdtempSync(join(tmpdir(), 'hitos-cli-serve-e2e-out-'));
    // As the API holds it: the CLI reaches it through the connection it publishes.
    running = await EmbeddedEventStore.start({
      dataDir: join(dataDir, 'eventstore'),
      host: '127.0.0.1',
      port: 0,
      logger: quiet,
      childOutput: 'errors',
    });
    client = EsdbEventStore.connect(running.connectionString);
    const outcomes = await appendWorld(client, world.events);
    position = outcomes[middle].position!.commit.toString();
  });
  afterAll(async () => {
    await client?.close();
    await running?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('--port goes with --serve, --format with --export, and one of --out, --serve, --export is needed: exit 2', () => {
    const port = hitos([
      'audit',
      'replay',
      '--until',
      '1',
      '--out',
      join(work, 'x'),
      '--port',
      '8080',
    ]);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port: va con --serve / goes with --serve');
    const format = hitos([
      'audit',
      'replay',
      '--until',
      '1',
      '--out',
      join(work, 'x'),
      '--format',
      'csv',
    ]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format: va con --export');
    const nothing = hitos(['audit', 'replay', '--until', '1']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('--out: falta');
    const help = hitos(['audit', 'replay', '--help']);
    expect(help.stdout).toContain('SIN FILTRAR');
    expect(help.stdout).toContain('UNFILTERED');
  });

  it('replay --export writes a zip of every table as CSV, with no --out (a temporary directory), and says so in --json', async () => {
    const zip = join(work, 'as-of-then.zip');
    const run = await hitosAsync([
      'audit',
      'replay',
      '--until',
      position,
      '--export',
      zip,
      '--format',
      'csv',
      '--data-dir',
      dataDir,
      '--json',
      '-q',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      directory: string | null;
      export: { path: string; format: string; files: number; rows: number; reservedRows: number };
    };
    expect(report.directory).toBeNull();
    expect(report.export).toMatchObject({ path: zip, format: 'csv' });
    expect(report.export.files).toBeGreaterThan(10);
    expect(report.export.reservedRows).toBeGreaterThan(0);
    expect(existsSync(zip)).toBe(true);
  });

  it('audit serve <dir> serves a replay made earlier until Ctrl-C, then stops cleanly (exit 0)', async () => {
    const out = join(work, 'replay');
    const replay = await hitosAsync([
      'audit',
      'replay',
      '--until',
      position,
      '--out',
      out,
      '--data-dir',
      dataDir,
      '-q',
    ]);
    expect(replay.code).toBe(0);
    expect(existsSync(join(out, 'replay.json'))).toBe(true);

    const child = spawn(
      process.execPath,
      [HITOS, 'audit', 'serve', out, '--data-dir', dataDir, '--json', '-q'],
      {
        cwd: ROOT,
        env: { ...process.env, LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    const serving = await new Promise<{ url: string; at: string; position: string }>(
      (resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
          try {
            resolve((JSON.parse(stdout) as { serving: any }).serving);
          } catch {
            // not the whole document yet
          }
        });
        void exited.then((code) => reject(new Error(`hitos ended (${code}): ${stderr}`)));
      },
    );
    try {
      expect(serving.position).toBe(position);
      const anonymous = await fetch(`${serving.url}/api/commitments/${COMMITMENT_ID}`);
      expect(anonymous.status).toBe(200);
      expect(anonymous.headers.get('hitos-replay-position')).toBe(position);
      const body = await anonymous.text();
      expect(JSON.parse(body)).toMatchObject({ status: 'TransferPending' });
      expect(body).not.toContain(RESERVED_URL);
      const refused = await fetch(`${serving.url}/api/commitments/${COMMITMENT_ID}/closure`, {
        method: 'POST',
      });
      expect(refused.status).toBe(405);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    await expect(fetch(`${serving.url}/health`)).rejects.toThrow();
  });
});
