/**
 * The event store's command line: flags and environment turned into server options. Shared by
 * the package's own CLI (`bin/eventstore-server.js`) and hitos's `npm run eventstore`, which
 * differ only in their program name and in where the data directory is by default.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { EventStoreProcessOptions } from '../process/event-store-report';
import type { TlsOptions } from '../security/tls';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type Env = Record<string, string | undefined>;

/** Server options, or `memory: true` with no data directory yet (the runner makes a temp one). */
export type EventStoreCliOptions = Omit<EventStoreProcessOptions, 'dataDir'> & {
  dataDir?: string;
  memory?: true;
};

/** Where the data directory is when neither `--data` nor `--memory` is given. */
export type DefaultDataDir = (env: Env, cwd: string) => string;

/** The package's default: `./data/eventstore` under the working directory. */
export const packageDefaultDataDir: DefaultDataDir = (_env, cwd) =>
  resolve(cwd, 'data', 'eventstore');

/** Help text, English then Spanish; `program` is how the user ran us. */
export function eventStoreUsage(program: string, defaultData = './data/eventstore'): string {
  return `Usage: ${program} [options]

An EventStoreDB-compatible event store (gRPC). Prints its connection string once it listens;
stops gracefully on SIGINT (Ctrl-C) or SIGTERM.

Options:
  --port, -p N             port to listen on, 0 = any free port (env EVENTSTORE_PORT, default 2113)
  --data, -d DIR           data directory (default ${defaultData})
  --memory                 throwaway store: a temporary data directory, removed at exit
  --host HOST              address to bind (env EVENTSTORE_HOST, default 127.0.0.1)
  --max-append-size BYTES  largest accepted append (env EVENTSTORE_MAX_APPEND_SIZE)
  --auth                   require basic authentication and enforce stream ACLs; needs TLS
                           (env EVENTSTORE_AUTH=true; passwords of admin and ops from
                           EVENTSTORE_DEFAULT_ADMIN_PASSWORD, EVENTSTORE_DEFAULT_OPS_PASSWORD)
  --tls-cert FILE          listen with TLS: the server's PEM certificate (env EVENTSTORE_TLS_CERT)
  --tls-key FILE           its PEM private key (env EVENTSTORE_TLS_KEY)
  --tls-ca FILE            the CA clients verify it with, named in the printed connection
                           string as tlsCAFile (env EVENTSTORE_TLS_CA)
  --help, -h               show this help

Uso: ${program} [opciones]

Un almacén de eventos compatible con EventStoreDB (gRPC). Escribe su cadena de conexión en
cuanto escucha; se detiene ordenadamente con SIGINT (Ctrl-C) o SIGTERM.

Opciones:
  --port, -p N             puerto donde escuchar, 0 = uno libre cualquiera (EVENTSTORE_PORT, 2113)
  --data, -d DIR           directorio de datos (por omisión ${defaultData})
  --memory                 almacén desechable: directorio de datos temporal, borrado al salir
  --host HOST              dirección donde escuchar (EVENTSTORE_HOST, por omisión 127.0.0.1)
  --max-append-size BYTES  mayor escritura aceptada (EVENTSTORE_MAX_APPEND_SIZE)
  --auth                   exige autenticación básica y aplica las ACL de los streams; necesita
                           TLS (EVENTSTORE_AUTH=true; contraseñas de admin y ops en
                           EVENTSTORE_DEFAULT_ADMIN_PASSWORD, EVENTSTORE_DEFAULT_OPS_PASSWORD)
  --tls-cert FILE          escucha con TLS: certificado PEM del servidor (EVENTSTORE_TLS_CERT)
  --tls-key FILE           su clave privada PEM (EVENTSTORE_TLS_KEY)
  --tls-ca FILE            la CA con que los clientes lo verifican, citada como tlsCAFile en
                           la cadena de conexión (EVENTSTORE_TLS_CA)
  --help, -h               muestra esta ayuda`;
}

/** Turns flags and environment into server options; throws UsageError naming a bad flag. */
export function parseEventStoreArgs(
  argv: string[],
  env: Env = process.env,
  cwd = process.cwd(),
  defaultDataDir: DefaultDataDir = packageDefaultDataDir,
): EventStoreCliOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string', short: 'p' },
        data: { type: 'string', short: 'd' },
        memory: { type: 'boolean' },
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
  const memory = values.memory === true;
  if (data !== undefined && !data.trim()) throw new UsageError('--data must not be empty');
  if (memory && data !== undefined) {
    throw new UsageError('--memory and --data exclude each other: choose one');
  }
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
    ...(memory
      ? { memory: true as const }
      : { dataDir: data ? resolve(cwd, data) : defaultDataDir(env, cwd) }),
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
