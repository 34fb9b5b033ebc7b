/**
 * Standalone event store server, speaking EventStoreDB's gRPC protocol.
 *
 *   npm run eventstore -- [--port 2113] [--data ./data/eventstore] [--host 127.0.0.1]
 *                         [--max-append-size BYTES] [--auth]
 *                         [--tls-cert FILE --tls-key FILE [--tls-ca FILE]]
 *
 * Environment (flags win): EVENTSTORE_PORT, EVENTSTORE_HOST, EVENTSTORE_MAX_APPEND_SIZE,
 * EVENTSTORE_AUTH, EVENTSTORE_TLS_CERT, EVENTSTORE_TLS_KEY, EVENTSTORE_TLS_CA, HITOS_DATA_DIR
 * (data directory `$HITOS_DATA_DIR/eventstore`); passwords only from the environment:
 * EVENTSTORE_DEFAULT_ADMIN_PASSWORD, EVENTSTORE_DEFAULT_OPS_PASSWORD. Binds 127.0.0.1 unless told.
 *
 * `main()` is also usable as the entry of a forked child: it then reports `ready`/`failed`
 * to the parent over IPC (see EventStoreProcessReport) and stops when the parent goes away.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  runEventStoreProcess,
  type EventStoreProcessOptions,
  type TlsOptions,
} from '@hitos/eventstore-server';

const USAGE = `Usage: npm run eventstore -- [options]

Options:
  --port, -p N             port to listen on, 0 = any free port (env EVENTSTORE_PORT, default 2113)
  --data, -d DIR           data directory (default $HITOS_DATA_DIR/eventstore, else ./data/eventstore)
  --host HOST              address to bind (env EVENTSTORE_HOST, default 127.0.0.1)
  --max-append-size BYTES  largest accepted append (env EVENTSTORE_MAX_APPEND_SIZE)
  --auth                   require basic authentication and enforce stream ACLs; needs TLS
                           (env EVENTSTORE_AUTH=true; passwords of admin and ops from
                           EVENTSTORE_DEFAULT_ADMIN_PASSWORD, EVENTSTORE_DEFAULT_OPS_PASSWORD)
  --tls-cert FILE          listen with TLS: the server's PEM certificate (env EVENTSTORE_TLS_CERT)
  --tls-key FILE           its PEM private key (env EVENTSTORE_TLS_KEY)
  --tls-ca FILE            the CA clients verify it with, named in the printed connection
                           string as tlsCAFile (env EVENTSTORE_TLS_CA)
  --help, -h               show this help`;

export class UsageError extends Error {}

type Env = Record<string, string | undefined>;

/** Turns flags and environment into server options; throws UsageError naming a bad flag. */
export function parseEventStoreArgs(
  argv: string[],
  env: Env = process.env,
  cwd = process.cwd(),
): EventStoreProcessOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string', short: 'p' },
        data: { type: 'string', short: 'd' },
        host: { type: 'string' },
        'max-append-size': { type: 'string' },
        auth: { type: 'boolean' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'tls-ca': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';

  const flag = (name: string) =>
    typeof values[name] === 'string' ? (values[name] as string) : undefined;
  const setting = (flagName: string, envName: string) =>
    flag(flagName) !== undefined
      ? { value: flag(flagName)!, source: `--${flagName}` }
      : env[envName]?.trim()
        ? { value: env[envName]!.trim(), source: envName }
        : undefined;

  const port = setting('port', 'EVENTSTORE_PORT');
  const host = setting('host', 'EVENTSTORE_HOST');
  const maxAppendSize = setting('max-append-size', 'EVENTSTORE_MAX_APPEND_SIZE');
  const data = flag('data');
  if (data !== undefined && !data.trim()) throw new UsageError('--data must not be empty');
  if (host && !host.value) throw new UsageError(`${host.source} must not be empty`);
  const tls = tlsSettings(
    setting('tls-cert', 'EVENTSTORE_TLS_CERT'),
    setting('tls-key', 'EVENTSTORE_TLS_KEY'),
    setting('tls-ca', 'EVENTSTORE_TLS_CA'),
    cwd,
  );
  const auth = values.auth === true || booleanEnv(env, 'EVENTSTORE_AUTH');
  if (auth && !tls) {
    throw new UsageError(
      `${values.auth ? '--auth' : 'EVENTSTORE_AUTH'} needs TLS (--tls-cert and --tls-key): the official client sends no credentials without it`,
    );
  }
  const password = (name: string) => {
    const value = env[name];
    if (value === undefined) return undefined;
    if (!value) throw new UsageError(`${name} must not be empty`);
    return value;
  };
  const adminPassword = password('EVENTSTORE_DEFAULT_ADMIN_PASSWORD');
  const opsPassword = password('EVENTSTORE_DEFAULT_OPS_PASSWORD');

  return {
    port: port ? integer(port, 0, 65535) : 2113,
    host: host?.value ?? '127.0.0.1',
    dataDir: data
      ? resolve(cwd, data)
      : env.HITOS_DATA_DIR?.trim()
        ? resolve(cwd, env.HITOS_DATA_DIR.trim(), 'eventstore')
        : resolve(cwd, 'data', 'eventstore'),
    maxAppendSize: maxAppendSize ? integer(maxAppendSize, 1, Number.MAX_SAFE_INTEGER) : undefined,
    ...(auth || adminPassword !== undefined || opsPassword !== undefined
      ? {
          auth: {
            enabled: auth,
            ...(adminPassword !== undefined ? { adminPassword } : {}),
            ...(opsPassword !== undefined ? { opsPassword } : {}),
          },
        }
      : {}),
    ...(tls ? { tls } : {}),
  };
}

type Setting = { value: string; source: string } | undefined;

function tlsSettings(
  cert: Setting,
  key: Setting,
  ca: Setting,
  cwd: string,
): TlsOptions | undefined {
  for (const s of [cert, key, ca]) {
    if (s && !s.value) throw new UsageError(`${s.source} must not be empty`);
  }
  if (!cert && !key) {
    if (ca) throw new UsageError(`${ca.source} needs --tls-cert and --tls-key`);
    return undefined;
  }
  if (!cert) throw new UsageError(`${key!.source} needs --tls-cert (EVENTSTORE_TLS_CERT) as well`);
  if (!key) throw new UsageError(`${cert.source} needs --tls-key (EVENTSTORE_TLS_KEY) as well`);
  return {
    certFile: resolve(cwd, cert.value),
    keyFile: resolve(cwd, key.value),
    ...(ca ? { caFile: resolve(cwd, ca.value) } : {}),
  };
}

/** `true`/`1`/`yes` and `false`/`0`/`no`/unset; anything else is a usage error. */
function booleanEnv(env: Env, name: string): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (!value || ['false', '0', 'no'].includes(value)) return false;
  if (['true', '1', 'yes'].includes(value)) return true;
  throw new UsageError(
    `invalid value for ${name}: ${JSON.stringify(env[name])} (expected true or false)`,
  );
}

function integer(setting: { value: string; source: string }, min: number, max: number): number {
  const n = /^\d+$/.test(setting.value) ? Number(setting.value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(
      `invalid value for ${setting.source}: ${JSON.stringify(setting.value)} (expected an integer from ${min} to ${max})`,
    );
  }
  return n;
}

/** Runs the server until SIGINT/SIGTERM; resolves with the process exit code. */
export async function main(argv = process.argv.slice(2), env: Env = process.env): Promise<number> {
  let options: EventStoreProcessOptions | 'help';
  try {
    options = parseEventStoreArgs(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`eventstore: error: ${error.message}\nRun with --help for usage.\n`);
    return 1;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  return runEventStoreProcess(options);
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`eventstore: fatal: ${String((error as Error)?.stack ?? error)}\n`);
      process.exit(1);
    },
  );
}
