/**
 * The embedded store as its package ships (libs/eventstore-server/package.json): built on its
 * own (its tsconfig.build.json, none of hitos's path aliases), packed with what `files` lists,
 * and run from the compiled output alone — the way `npx @hitos/eventstore-server` runs it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EventStoreDBClient, jsonEvent } from '@hitos/event-store/esdb-client';

const ROOT = join(__dirname, '..', '..');
const PACKAGE = join(ROOT, 'libs', 'eventstore-server');
// Inside the checkout's node_modules, so that the copy finds its dependencies as an install would.
const SCRATCH = join(ROOT, 'node_modules', '.cache', 'hitos-package-test');
const TSC = require.resolve('typescript/bin/tsc');

describe('the @hitos/eventstore-server package, built and packed on its own', () => {
  let copy: string;
  beforeAll(() => {
    // A copy with no sources beside the output: the command must run from dist/.
    mkdirSync(SCRATCH, { recursive: true });
    copy = mkdtempSync(join(SCRATCH, 'eventstore-server-'));
    execFileSync(process.execPath, [
      TSC,
      '-p',
      join(PACKAGE, 'tsconfig.build.json'),
      '--outDir',
      join(copy, 'dist'),
      '--incremental',
      'false',
    ]);
    for (const part of ['bin', 'package.json', 'README.md']) {
      cpSync(join(PACKAGE, part), join(copy, part), { recursive: true });
    }
  }, 120_000);
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('packs its command, its compiled code with types, and its README', () => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: copy,
        encoding: 'utf8',
      }),
    ) as [{ name: string; files: { path: string }[] }];
    const files = packed.files.map((f) => f.path);
    expect(packed.name).toBe('@hitos/eventstore-server');
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/eventstore-server.js',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/cli/main.js',
        'dist/testing/jest-global-setup.js',
        'README.md',
        'package.json',
      ]),
    );
    expect(files.filter((f) => f.startsWith('src/') || f.endsWith('.spec.js'))).toEqual([]);
  });

  it('serves the official client from the compiled command alone (--memory)', async () => {
    const child = spawn(
      process.execPath,
      [join(copy, 'bin', 'eventstore-server.js'), '--memory', '--port', '0'],
      {
        env: { ...process.env, EVENTSTORE_PORT: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    try {
      const connectionString = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /connection string (esdb:\/\/\S+)/.exec(stdout);
          if (match) resolve(match[1]);
        });
        void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
      });
      const client = EventStoreDBClient.connectionString(connectionString);
      try {
        await client.appendToStream('packaged-1', jsonEvent({ type: 'Packed', data: { ok: 1 } }));
        const read = [];
        for await (const e of client.readStream('packaged-1')) read.push(e.event?.data);
        expect(read).toEqual([{ ok: 1 }]);
      } finally {
        await client.dispose();
      }
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    // Loaded from dist/, never through ts-node from a checkout.
    expect(stderr).not.toMatch(/ts-node/);
  }, 60_000);
});
