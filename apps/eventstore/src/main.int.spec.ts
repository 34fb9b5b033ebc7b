import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  nodeEntry,
  startEventStoreServer,
  type EventStoreProcessReport,
} from '@hitos/eventstore-server';
import { parseEventStoreArgs, UsageError } from './main';

const MAIN = nodeEntry(join(__dirname, 'main.ts'));

interface Started {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  report: Promise<EventStoreProcessReport>;
  exit: Promise<number | null>;
}

/** Runs main.ts as a forked child, like EmbeddedEventStore would. */
function start(args: string[]): Started {
  const child = fork(MAIN.modulePath, args, {
    execArgv: MAIN.execArgv,
    env: { ...process.env, ...MAIN.env, HITOS_DATA_DIR: '', EVENTSTORE_PORT: '' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('close', resolve));
  const report = new Promise<EventStoreProcessReport>((resolve, reject) => {
    child.once('message', (message) => resolve(message as EventStoreProcessReport));
    void exit.then((code) => reject(new Error(`exited with ${code}: ${output.stderr}`)));
  });
  report.catch(() => undefined);
  return { child, output, report, exit };
}

describe('parseEventStoreArgs', () => {
  it('defaults to loopback, port 2113 and ./data/eventstore', () => {
    expect(parseEventStoreArgs([], {}, '/srv/hitos')).toEqual({
      host: '127.0.0.1',
      port: 2113,
      dataDir: '/srv/hitos/data/eventstore',
      maxAppendSize: undefined,
    });
  });

  it('reads the environment, and flags win over it', () => {
    const env = { HITOS_DATA_DIR: '/var/hitos', EVENTSTORE_PORT: '3113' };
    expect(parseEventStoreArgs([], env, '/srv')).toMatchObject({
      port: 3113,
      dataDir: '/var/hitos/eventstore',
    });
    expect(
      parseEventStoreArgs(
        ['--port', '0', '--data', 'store', '--host', '0.0.0.0', '--max-append-size', '2048'],
        env,
        '/srv',
      ),
    ).toEqual({ port: 0, dataDir: '/srv/store', host: '0.0.0.0', maxAppendSize: 2048 });
  });

  it.each([
    [
      ['--port', 'abc'],
      {},
      'invalid value for --port: "abc" (expected an integer from 0 to 65535)',
    ],
    [['--port', '70000'], {}, 'invalid value for --port: "70000"'],
    [[], { EVENTSTORE_PORT: 'x' }, 'invalid value for EVENTSTORE_PORT: "x"'],
    [['--max-append-size', '0'], {}, 'invalid value for --max-append-size: "0"'],
    [['--prot', '1'], {}, "Unknown option '--prot'"],
    [['--port'], {}, "Option '-p, --port <value>' argument missing"],
    [['extra'], {}, "Unexpected argument 'extra'"],
    [['--auth'], {}, '--auth needs TLS (--tls-cert and --tls-key)'],
    [[], { EVENTSTORE_AUTH: 'true' }, 'EVENTSTORE_AUTH needs TLS'],
    [[], { EVENTSTORE_AUTH: 'maybe' }, 'invalid value for EVENTSTORE_AUTH: "maybe"'],
    [['--tls-cert', 'n.crt'], {}, '--tls-cert needs --tls-key (EVENTSTORE_TLS_KEY) as well'],
    [[], { EVENTSTORE_TLS_KEY: 'n.key' }, 'EVENTSTORE_TLS_KEY needs --tls-cert'],
    [['--tls-ca', 'ca.crt'], {}, '--tls-ca needs --tls-cert and --tls-key'],
    [
      [],
      { EVENTSTORE_DEFAULT_ADMIN_PASSWORD: '' },
      'EVENTSTORE_DEFAULT_ADMIN_PASSWORD must not be empty',
    ],
  ])('rejects %j %j', (argv, env, message) => {
    expect(() => parseEventStoreArgs(argv, env)).toThrow(UsageError);
    expect(() => parseEventStoreArgs(argv, env)).toThrow(message);
  });
});

describe('parseEventStoreArgs: authentication and TLS', () => {
  it('are off unless asked for', () => {
    const options = parseEventStoreArgs([], {}, '/srv');
    expect(options).not.toHaveProperty('auth');
    expect(options).not.toHaveProperty('tls');
  });

  it('takes TLS files relative to the working directory, and auth from a flag or the environment', () => {
    const tls = { certFile: '/srv/certs/n.crt', keyFile: '/srv/certs/n.key', caFile: '/ca/ca.crt' };
    expect(
      parseEventStoreArgs(
        [
          '--auth',
          '--tls-cert',
          'certs/n.crt',
          '--tls-key',
          'certs/n.key',
          '--tls-ca',
          '/ca/ca.crt',
        ],
        {},
        '/srv',
      ),
    ).toMatchObject({ auth: { enabled: true }, tls });
    const env = {
      EVENTSTORE_AUTH: 'true',
      EVENTSTORE_TLS_CERT: 'certs/n.crt',
      EVENTSTORE_TLS_KEY: 'certs/n.key',
      EVENTSTORE_TLS_CA: '/ca/ca.crt',
      EVENTSTORE_DEFAULT_ADMIN_PASSWORD: 'a-secret',
      EVENTSTORE_DEFAULT_OPS_PASSWORD: 'o-secret',
    };
    expect(parseEventStoreArgs([], env, '/srv')).toMatchObject({
      auth: { enabled: true, adminPassword: 'a-secret', opsPassword: 'o-secret' },
      tls,
    });
    expect(parseEventStoreArgs([], { ...env, EVENTSTORE_AUTH: 'false' }, '/srv')).toMatchObject({
      auth: { enabled: false, adminPassword: 'a-secret' },
    });
  });
});

describe('eventstore main (as a process)', () => {
  let dir: string;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hitos-eventstore-main-'));
  });

  afterEach(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 1 naming the bad flag', async () => {
    const run = start(['--port', 'abc']);
    children.push(run.child);
    expect(await run.exit).toBe(1);
    expect(run.output.stderr).toContain('eventstore: error: invalid value for --port: "abc"');
  });

  it('reports ready, refuses a locked data directory and a busy port, and stops on SIGTERM', async () => {
    const dataDir = join(dir, 'es');
    const first = start(['--port', '0', '--data', dataDir]);
    children.push(first.child);
    const ready = await first.report;
    expect(ready).toMatchObject({
      type: 'ready',
      pid: first.child.pid,
      host: '127.0.0.1',
      dataDir,
    });
    if (ready.type !== 'ready') throw new Error('not ready');
    expect(ready.connectionString).toBe(`esdb://127.0.0.1:${ready.port}?tls=false`);
    expect(first.output.stdout).toContain(ready.connectionString);
    expect(first.output.stdout).toContain(dataDir);

    const locked = start(['--port', '0', '--data', dataDir]);
    children.push(locked.child);
    expect(await locked.report).toMatchObject({
      type: 'failed',
      reason: 'data-dir-locked',
      ownerPid: first.child.pid,
    });
    expect(await locked.exit).toBe(1);
    expect(locked.output.stderr).toContain(
      `eventstore: error: el directorio de datos ${dataDir} está en uso por el proceso ${first.child.pid}`,
    );
    expect(locked.output.stderr).toContain(
      `data directory ${dataDir} is in use by process ${first.child.pid}`,
    );

    const busy = start(['--port', String(ready.port), '--data', join(dir, 'other')]);
    children.push(busy.child);
    expect(await busy.report).toMatchObject({ type: 'failed', reason: 'port-in-use' });
    expect(await busy.exit).toBe(1);
    expect(busy.output.stderr).toContain(
      `eventstore: error: port ${ready.port} on 127.0.0.1 is already in use`,
    );

    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    expect(first.output.stdout).toContain('eventstore: stopped');
    const again = await startEventStoreServer({ dataDir, host: '127.0.0.1', port: 0 });
    await again.stop();
  });
});
