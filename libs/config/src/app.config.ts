import { resolve } from 'node:path';
import { registerAs } from '@nestjs/config';
import { loadEventStoreConfig } from '@hitos/event-store/event-store.config';
import { loadNoticesConfig, type NoticesConfig } from '@hitos/notices';
import { loadWorkflowPolicy, type WorkflowPolicy } from '@hitos/workflows';

/**
 * The API's settings, read once at start and validated: a bad value stops the start with a
 * message naming the variable rather than surfacing later as a strange failure.
 */
export interface AppConfig {
  port: number;
  host: string;
  /** Root data directory (`HITOS_DATA_DIR`, default `./data`), absolute. */
  dataDir: string;
  /** HS256 key for bearer tokens; when unset, a development key kept in the data directory. */
  jwtSecret?: string;
  /** Lifetime of tokens printed by `npm run token` and the demo, in seconds. */
  tokenTtlSeconds: number;
  /** Load the demo plan into an empty store at start (`HITOS_DEMO=false` to skip). */
  loadDemo: boolean;
  logLevel: string;
  /** Largest JSON body accepted, as body-parser understands it (e.g. `256kb`). */
  bodyLimit: string;
  /** Largest evidence file accepted by `POST /api/evidence`, in bytes (`HITOS_EVIDENCE_MAX_BYTES`). */
  evidenceMaxBytes: number;
  /** Attempts of load → decide → append before a conflict is answered 409. */
  commandMaxAttempts: number;
  /** Moves hitos's clock from the machine's (`HITOS_CLOCK_OFFSET`: `90d`, `-12h`, `30m`, or ms). */
  clockOffsetMs: number;
  /**
   * Starts hitos's clock at this instant (`HITOS_CLOCK_START`, ISO 8601), from which it runs on
   * at the machine's pace: the suites live on one day whatever the machine's date.
   */
  clockStartAt?: Date;
  /** Run the workflow engine (redesign → transfers, deadlines) in this process (`HITOS_WORKFLOWS`). */
  workflows: boolean;
  /** How often the engine looks for deadlines that fell due without an event (`HITOS_WORKFLOW_TICK_MS`). */
  workflowTickMs: number;
  /** Live, the least time between two projection flushes (`HITOS_PROJECTION_FLUSH_MS`). */
  projectionFlushMs: number;
  /** How often an idle live feed sends a comment line, so proxies keep it open (`HITOS_SSE_HEARTBEAT_MS`). */
  sseHeartbeatMs: number;
  /** The published deadlines (see WorkflowPolicy for each `HITOS_*_DAYS` / `_MONTHS` setting). */
  workflowPolicy: WorkflowPolicy;
  /**
   * The transparency log's signing key (`HITOS_TRANSPARENCY_KEY`, a signed-note signer key
   * `PRIVATE+KEY+<name>+<hash>+<key>`); when unset, a development key kept in the data directory.
   */
  transparencyKey?: string;
  /**
   * The log's origin, the first line of every checkpoint (`HITOS_TRANSPARENCY_ORIGIN`): a
   * schema-less URL naming this log, e.g. `hitos.gob.ec/log`. Default: the signing key's name.
   */
  transparencyOrigin?: string;
  /** How often a checkpoint is signed while the log grows (`HITOS_CHECKPOINT_INTERVAL_MS`; 0: never). */
  checkpointIntervalMs: number;
  /**
   * A commitment's fold is kept for past views every this many events of its stream
   * (`HITOS_TIME_TRAVEL_CHECKPOINT_EVERY`): fewer events to read and apply per past view, more
   * disk (see docs/time-travel.md).
   */
  timeTravelCheckpointEvery: number;
  /**
   * Serve the read models of a replay (`HITOS_REPLAY_DIR`, a directory `hitos audit replay`
   * wrote), frozen at its moment, instead of following the store: read only, no projection
   * runner, no workflow engine, no checkpoints, no demo. Absolute.
   */
  replayDir?: string;
  /**
   * Production mode (`NODE_ENV=production`): development bearer tokens (`npm run token`, the
   * demo's) are refused, and no development identity provider runs; people sign in through the
   * configured OIDC provider, integrations use personal access tokens.
   */
  production: boolean;
  /**
   * Where browsers reach hitos (`HITOS_PUBLIC_URL`, e.g. `https://hitos.gob.ec`): the sign-in's
   * redirect URI is built from it. Unset (development only), from the request's own host.
   */
  publicUrl?: string;
  /**
   * The OpenID Connect provider people sign in with (`HITOS_OIDC_ISSUER`, `HITOS_OIDC_CLIENT_ID`,
   * `HITOS_OIDC_CLIENT_SECRET`). Unset outside production: the development provider in this
   * process, at `/oidc`, with the demo's people.
   */
  oidc?: { issuer: string; clientId: string; clientSecret: string };
  /** How long a browser session lasts after sign-in (`HITOS_SESSION_TTL_SECONDS`, default 8 h). */
  sessionTtlSeconds: number;
  /**
   * The identity provider's subject of an installation's first Presidency official
   * (`HITOS_BOOTSTRAP_PRESIDENCY`): at start, hitos grants them the Presidency role if their
   * stream is empty, so that someone can grant everyone else's roles. Set it for the first start.
   */
  bootstrapPresidency?: string;
  /** Notices by e-mail and webhook (`HITOS_NOTICES`, `HITOS_SMTP_URL`…; see docs/notices.md). */
  notices: NoticesConfig;
  /**
   * On SIGTERM/SIGINT, how long requests under way may take to finish before their connections
   * are closed (`HITOS_SHUTDOWN_GRACE_MS`; see docs/operations.md).
   */
  shutdownGraceMs: number;
  /** What one client may ask of hitos, and how long hitos waits for it (docs/api.md#limits). */
  limits: LimitsConfig;
}

/** Rate limits, load shedding, HTTP timeouts, live-feed caps and read-your-writes waits. */
export interface LimitsConfig {
  /**
   * Proxies in front of hitos whose `X-Forwarded-For` is believed (`HITOS_TRUST_PROXY`, a hop
   * count; 0: none, the client address is the socket's). Rate limits and live-feed caps count
   * per client address.
   */
  trustProxyHops: number;
  /** The window of the rate limits (`HITOS_RATE_LIMIT_WINDOW_MS`). */
  rateLimitWindowMs: number;
  /** Reads (GET, HEAD) per window per token subject, else per address (`HITOS_RATE_LIMIT_READS`; 0: none). */
  rateLimitReads: number;
  /** Commands (other methods) per window per token subject, else per address (`HITOS_RATE_LIMIT_COMMANDS`; 0: none). */
  rateLimitCommands: number;
  /** Requests under way at once beyond which new ones are answered 503 (`HITOS_SHED_MAX_IN_FLIGHT`; 0: no cap). */
  shedMaxInFlight: number;
  /** Event-loop delay beyond which new requests are answered 503 (`HITOS_SHED_EVENT_LOOP_DELAY_MS`; 0: never). */
  shedEventLoopDelayMs: number;
  /** Time to receive a request's headers (`HITOS_HTTP_HEADERS_TIMEOUT_MS`); then 408 and closed. */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included (`HITOS_HTTP_REQUEST_TIMEOUT_MS`); then 408. */
  requestTimeoutMs: number;
  /** How long an idle kept-alive connection stays open between requests (`HITOS_HTTP_KEEP_ALIVE_TIMEOUT_MS`). */
  keepAliveTimeoutMs: number;
  /** A connection with no traffic either way for this long is closed (`HITOS_HTTP_IDLE_TIMEOUT_MS`; live feeds exempt). */
  idleTimeoutMs: number;
  /** Live feeds open at once from one client address (`HITOS_SSE_MAX_PER_CLIENT`); beyond, 429. */
  sseMaxPerClient: number;
  /** Live feeds open at once in all (`HITOS_SSE_MAX`); beyond, 503. */
  sseMax: number;
  /** The longest a read waits for its `?waitFor=` position before a 503 (`HITOS_WAIT_FOR_MAX_MS`). */
  waitForMaxMs: number;
}

type Env = Record<string, string | undefined>;

/**
 * Every bad setting found at start, each on its own line in Spanish and English, naming the
 * variable, its value and what was expected: one start tells the operator all there is to fix.
 */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      [
        `configuración no válida / invalid configuration (${problems.length}):`,
        ...problems.map((problem) => `  ${problem}`),
      ].join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Where the readers below note a bad value while loadAppConfig collects them all. */
let collecting: string[] | null = null;

/**
 * A bad value: `NAME=value: se esperaba … / expected …`. While loadAppConfig reads, it is noted
 * and the reading goes on (with the default) so that every bad value is listed; otherwise thrown.
 */
function invalid(name: string, raw: string, es: string, en: string): void {
  const problem = `${name}=${JSON.stringify(raw)}: se esperaba ${es} / expected ${en}`;
  if (!collecting) throw new ConfigError([problem]);
  collecting.push(problem);
}

export function loadAppConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const problems: string[] = [];
  collecting = problems;
  let config: AppConfig;
  try {
    config = readAppConfig(env, cwd);
    // The event store's settings (read again by its module), validated with the rest.
    owned(env, (vars) => loadEventStoreConfig(vars, cwd));
  } finally {
    collecting = null;
  }
  if (config.production && !config.oidc && !problems.some((p) => p.startsWith('HITOS_OIDC'))) {
    problems.push(
      'NODE_ENV=production: se necesita un proveedor OIDC para iniciar sesión (HITOS_OIDC_ISSUER, HITOS_OIDC_CLIENT_ID, HITOS_OIDC_CLIENT_SECRET) / needs an OIDC provider to sign people in: set HITOS_OIDC_ISSUER, HITOS_OIDC_CLIENT_ID and HITOS_OIDC_CLIENT_SECRET',
    );
  }
  if (problems.length) throw new ConfigError(problems);
  // A replay is frozen: nothing in it may append (deadlines, checkpoints, the demo).
  return config.replayDir
    ? {
        ...config,
        workflows: false,
        checkpointIntervalMs: 0,
        loadDemo: false,
        notices: { ...config.notices, enabled: false },
      }
    : config;
}

function readAppConfig(env: Env, cwd: string): AppConfig {
  return {
    port: port(env, 'PORT', 3000),
    host: env.HOST?.trim() || '0.0.0.0',
    dataDir: resolve(cwd, env.HITOS_DATA_DIR?.trim() || 'data'),
    jwtSecret: env.HITOS_JWT_SECRET?.trim() || undefined,
    tokenTtlSeconds: integer(
      env,
      'HITOS_TOKEN_TTL_SECONDS',
      30 * 24 * 3600,
      60,
      10 * 365 * 24 * 3600,
    ),
    loadDemo: boolean(env, 'HITOS_DEMO', true),
    logLevel: logLevel(env, 'LOG_LEVEL', env.NODE_ENV === 'test' ? 'silent' : 'info'),
    bodyLimit: byteSize(env, 'HITOS_BODY_LIMIT', '256kb'),
    evidenceMaxBytes: integer(env, 'HITOS_EVIDENCE_MAX_BYTES', 25 * 1024 * 1024, 1, 2 ** 40),
    commandMaxAttempts: integer(env, 'HITOS_COMMAND_MAX_ATTEMPTS', 10, 1, 1000),
    clockOffsetMs: duration(env, 'HITOS_CLOCK_OFFSET'),
    clockStartAt: instant(env, 'HITOS_CLOCK_START'),
    workflows: boolean(env, 'HITOS_WORKFLOWS', true),
    workflowTickMs: integer(env, 'HITOS_WORKFLOW_TICK_MS', 60_000, 10, 86_400_000),
    projectionFlushMs: integer(env, 'HITOS_PROJECTION_FLUSH_MS', 15, 0, 1_000),
    sseHeartbeatMs: integer(env, 'HITOS_SSE_HEARTBEAT_MS', 15_000, 10, 3_600_000),
    workflowPolicy: owned(env, loadWorkflowPolicy),
    transparencyKey: env.HITOS_TRANSPARENCY_KEY?.trim() || undefined,
    transparencyOrigin: origin(env, 'HITOS_TRANSPARENCY_ORIGIN'),
    checkpointIntervalMs: integer(env, 'HITOS_CHECKPOINT_INTERVAL_MS', 60_000, 0, 86_400_000),
    timeTravelCheckpointEvery: integer(env, 'HITOS_TIME_TRAVEL_CHECKPOINT_EVERY', 250, 2, 100_000),
    replayDir: env.HITOS_REPLAY_DIR?.trim() ? resolve(cwd, env.HITOS_REPLAY_DIR.trim()) : undefined,
    production: env.NODE_ENV?.trim() === 'production',
    publicUrl: url(env, 'HITOS_PUBLIC_URL'),
    oidc: oidcProvider(env),
    sessionTtlSeconds: integer(env, 'HITOS_SESSION_TTL_SECONDS', 8 * 3600, 60, 30 * 86_400),
    bootstrapPresidency: env.HITOS_BOOTSTRAP_PRESIDENCY?.trim() || undefined,
    notices: owned(env, loadNoticesConfig),
    shutdownGraceMs: integer(env, 'HITOS_SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    limits: readLimits(env),
  };
}

/**
 * Settings another library reads (the notices', the workflow policy's, the event store's) stop
 * at their first bad value: when one is found, each HITOS_* and EVENTSTORE_* variable is read on
 * its own to name every bad one, and their English message is given its Spanish half. Secrets in
 * a URL's credentials are not shown.
 */
function owned<T>(env: Env, load: (env: Env) => T): T {
  try {
    return load(env);
  } catch (error) {
    if (!collecting) throw error;
    const before = collecting.length;
    for (const [name, raw] of Object.entries(env)) {
      if (!/^(HITOS|EVENTSTORE)_/.test(name) || raw === undefined) continue;
      try {
        load({ [name]: raw });
      } catch (alone) {
        const en = expectedOf(alone instanceof Error ? alone.message : String(alone));
        invalid(name, raw.replace(/\/\/[^/@]*@/, '//…@'), spanishOf(en), en);
      }
    }
    // Bad only together: the library's own message, as it is.
    if (collecting.length === before) collecting.push((error as Error).message);
    return load({});
  }
}

/** What a library's message says was expected ("…: expected X", "… must be X; got …"). */
function expectedOf(message: string): string {
  const expected = /: expected (.+)$/s.exec(message)?.[1];
  if (expected) return expected.replace(/^an integer (\d+)-(\d+)$/, 'an integer $1–$2');
  const range = /must be an integer from (\d+) to (\d+)/.exec(message);
  return range ? `an integer ${range[1]}–${range[2]}` : message;
}

function spanishOf(en: string): string {
  const range = /^an integer (\d+)–(\d+)$/.exec(en);
  if (range) return `un entero ${range[1]}–${range[2]}`;
  const least = /^an integer >= (\d+)$/.exec(en);
  if (least) return `un entero mayor o igual que ${least[1]}`;
  if (en === 'true or false') return 'true o false';
  if (en.startsWith('durations separated by commas'))
    return 'duraciones separadas por comas, como 30s,2m,10m,1h,6h';
  if (en.startsWith('smtp://')) return 'smtp://usuario:clave@host:587 o smtps://host:465';
  return 'otro valor (véase docs/configuration.md)';
}

function readLimits(env: Env): LimitsConfig {
  const limits: LimitsConfig = {
    trustProxyHops: integer(env, 'HITOS_TRUST_PROXY', 0, 0, 10),
    rateLimitWindowMs: integer(env, 'HITOS_RATE_LIMIT_WINDOW_MS', 60_000, 1_000, 86_400_000),
    rateLimitReads: integer(env, 'HITOS_RATE_LIMIT_READS', 30_000, 0, 10_000_000),
    rateLimitCommands: integer(env, 'HITOS_RATE_LIMIT_COMMANDS', 3_000, 0, 10_000_000),
    shedMaxInFlight: integer(env, 'HITOS_SHED_MAX_IN_FLIGHT', 128, 0, 1_000_000),
    shedEventLoopDelayMs: integer(env, 'HITOS_SHED_EVENT_LOOP_DELAY_MS', 500, 0, 60_000),
    headersTimeoutMs: integer(env, 'HITOS_HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
    requestTimeoutMs: integer(env, 'HITOS_HTTP_REQUEST_TIMEOUT_MS', 60_000, 100, 3_600_000),
    keepAliveTimeoutMs: integer(env, 'HITOS_HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 600_000),
    idleTimeoutMs: integer(env, 'HITOS_HTTP_IDLE_TIMEOUT_MS', 120_000, 100, 3_600_000),
    sseMaxPerClient: integer(env, 'HITOS_SSE_MAX_PER_CLIENT', 1_000, 1, 100_000),
    sseMax: integer(env, 'HITOS_SSE_MAX', 20_000, 1, 1_000_000),
    waitForMaxMs: integer(env, 'HITOS_WAIT_FOR_MAX_MS', 5_000, 0, 60_000),
  };
  // Node refuses a server whose headers may take longer than the whole request.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    invalid(
      'HITOS_HTTP_HEADERS_TIMEOUT_MS',
      String(limits.headersTimeoutMs),
      `como mucho HITOS_HTTP_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs})`,
      `at most HITOS_HTTP_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs})`,
    );
  }
  return limits;
}

/** An absolute http(s) URL without a trailing slash. */
function url(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) {
    invalid(
      name,
      raw,
      'una URL http(s) como https://hitos.gob.ec',
      'an http(s) URL such as https://hitos.gob.ec',
    );
    return undefined;
  }
  return raw.replace(/\/+$/, '');
}

/** All three OIDC settings or none (a provider half configured stops the start). */
function oidcProvider(env: Env): AppConfig['oidc'] {
  // Validated as a URL but kept as written: the discovered issuer must match it exactly, and
  // some providers' issuers end in a slash.
  const issuer = url(env, 'HITOS_OIDC_ISSUER') && env.HITOS_OIDC_ISSUER?.trim();
  const clientId = env.HITOS_OIDC_CLIENT_ID?.trim();
  const clientSecret = env.HITOS_OIDC_CLIENT_SECRET?.trim();
  if (!issuer && !clientId && !clientSecret) return undefined;
  if (!issuer || !clientId || !clientSecret) {
    const missing = [
      'HITOS_OIDC_ISSUER',
      'HITOS_OIDC_CLIENT_ID',
      'HITOS_OIDC_CLIENT_SECRET',
    ].filter((name) => !env[name]?.trim());
    if (missing.length === 0) return undefined; // the issuer is a bad URL, named above
    const problem = `${missing.join(', ')}: ${missing.length > 1 ? 'faltan' : 'falta'}; HITOS_OIDC_ISSUER, HITOS_OIDC_CLIENT_ID y HITOS_OIDC_CLIENT_SECRET van juntos / missing; HITOS_OIDC_ISSUER, HITOS_OIDC_CLIENT_ID and HITOS_OIDC_CLIENT_SECRET go together: set all three`;
    if (!collecting) throw new ConfigError([problem]);
    collecting.push(problem);
    return undefined;
  }
  return { issuer, clientId, clientSecret };
}

export const appConfig = registerAs('app', () => loadAppConfig());

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    invalid(name, raw, `un entero ${min}–${max}`, `an integer ${min}–${max}`);
    return fallback;
  }
  return value;
}

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(value <= 65535)) {
    invalid(name, raw, 'un número de puerto 0–65535', 'a port number 0–65535');
    return fallback;
  }
  return value;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevel(env: Env, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!LOG_LEVELS.includes(raw)) {
    const levels = LOG_LEVELS.join(', ');
    invalid(name, raw, `un nivel de pino: ${levels}`, `a pino level: ${levels}`);
    return fallback;
  }
  return raw;
}

/** A size as body-parser reads it: `256kb`, `1mb`, or bytes. */
function byteSize(env: Env, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d{1,12}(\.\d+)?\s*(b|kb|mb|gb)?$/i.test(raw)) {
    invalid(
      name,
      raw,
      'un tamaño como 256kb, 1mb o bytes',
      'a size such as 256kb, 1mb or a number of bytes',
    );
    return fallback;
  }
  return raw;
}

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A signed duration: `-90d`, `12h`, `30m`, `45s`, or plain milliseconds. */
function duration(env: Env, name: string): number {
  const raw = env[name]?.trim();
  if (!raw) return 0;
  const match = /^([+-]?\d{1,15})(ms|s|m|h|d)?$/.exec(raw);
  if (!match) {
    invalid(
      name,
      raw,
      'una duración como 90d, -12h, 30m o milisegundos',
      'a duration such as 90d, -12h, 30m or milliseconds',
    );
    return 0;
  }
  return Number(match[1]) * UNIT_MS[(match[2] ?? 'ms') as keyof typeof UNIT_MS];
}

/** An ISO 8601 instant with its offset, e.g. `2026-11-24T15:00:00Z`. */
function instant(env: Env, name: string): Date | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const match =
    /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.exec(raw);
  const at = match ? new Date(raw) : new Date(NaN);
  // Date rolls 30 February over into March; a calendar date that does not exist is refused.
  const day = match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])) : null;
  if (Number.isNaN(at.getTime()) || day?.getUTCDate() !== Number(match?.[3])) {
    invalid(
      name,
      raw,
      'un instante ISO 8601 como 2026-11-24T15:00:00Z',
      'an ISO 8601 instant such as 2026-11-24T15:00:00Z',
    );
    return undefined;
  }
  return at;
}

/** A checkpoint origin: one line of printable ASCII, no spaces or `+` (C2SP tlog-checkpoint). */
function origin(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^[\x21-\x2a\x2c-\x7e]{1,255}$/.test(raw)) {
    invalid(
      name,
      raw,
      'una URL sin esquema, sin espacios ni +, como hitos.gob.ec/log',
      'a schema-less URL without spaces or +, such as hitos.gob.ec/log',
    );
    return undefined;
  }
  return raw;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  invalid(name, raw, 'true o false', 'true or false');
  return fallback;
}
