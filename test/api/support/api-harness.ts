/**
 * Runs the hitos API as `npm start` does (same module, same HTTP setup), against an embedded
 * event store on a fresh data directory, on an ephemeral port; and talks to it over real HTTP.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@hitos/domain';
import { LIMITS_OFF } from '@hitos/testing/limits-off';

export interface ApiHarness {
  readonly baseUrl: string;
  readonly app: NestExpressApplication;
  readonly dataDir: string;
  /**
   * A bearer token for the role (and institution/organization id for institution/counterpart).
   * `claims` adds to it, e.g. `{ idp: true }` for a person signed in through an identity
   * provider, who acts only under an active grant.
   */
  token(role: Role, org?: string, sub?: string, claims?: Record<string, unknown>): string;
  /** Stops the app (and its embedded store), keeping the data directory. */
  stop(): Promise<void>;
  /** Starts the app again on the same data directory (a restart). */
  restart(): Promise<void>;
}

export interface HarnessOptions {
  /** Load the demo of acta MDT-CDC-2026-001 at start (default false in tests). */
  demo?: boolean;
  env?: Record<string, string>;
}

export const SECRET = 'test-secret-for-e2e-only';
/** The day the end-to-end suites live in. */
export const TEST_NOW = '2026-11-24T15:00:00.000Z';

export async function startApi(options: HarnessOptions = {}): Promise<ApiHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hitos-api-e2e-'));
  let app: NestExpressApplication;
  let baseUrl = '';

  const boot = async () => {
    const env: Record<string, string> = {
      HITOS_DATA_DIR: dataDir,
      HITOS_JWT_SECRET: SECRET,
      HITOS_DEMO: options.demo ? 'true' : 'false',
      // Tests live on a fixed day whatever the machine's date, so that rules about "today" (no
      // signature in the future, no closure before the period ends) give the same answers on
      // any day: the app's clock starts at TEST_NOW and runs on from there.
      HITOS_CLOCK_START: TEST_NOW,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      // The workflow engine appends deadlines in the background; the suites that test it turn
      // it on, the others keep their streams to what they send.
      HITOS_WORKFLOWS: 'false',
      // Likewise the notices (docs/notices.md): their suite turns them on.
      HITOS_NOTICES: 'false',
      // Checkpoints are signed on demand in tests (POST /api/transparency/checkpoints), so that
      // which ones exist never depends on how long a suite took.
      HITOS_CHECKPOINT_INTERVAL_MS: '0',
      ...LIMITS_OFF,
      ...options.env,
    };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      const { AppModule } = await import('../../../apps/api/src/app.module');
      const { configureApp } = await import('../../../apps/api/src/app.setup');
      const { loadAppConfig } = await import('@hitos/config');
      const { DemoLoader } = await import('../../../apps/api/src/demo/demo-loader');
      const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
      app = moduleRef.createNestApplication<NestExpressApplication>({
        bodyParser: false,
        bufferLogs: true,
      });
      configureApp(app, loadAppConfig());
      await app.listen(0, '127.0.0.1');
      if (options.demo) await app.get(DemoLoader).loadIfEmpty();
      baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  };
  await boot();
  const jwt = new JwtService({ secret: SECRET });
  let running = true;

  return {
    get baseUrl() {
      return baseUrl;
    },
    get app() {
      return app;
    },
    dataDir,
    token(role, org, sub, claims) {
      return jwt.sign(
        {
          sub: sub ?? [role, org].filter(Boolean).join('-'),
          role,
          ...(org ? { org } : {}),
          ...claims,
        },
        { algorithm: 'HS256', expiresIn: 3600 },
      );
    },
    async stop() {
      if (running) await app.close();
      running = false;
    },
    async restart() {
      if (running) await app.close();
      await boot();
      running = true;
    },
  };
}

export async function stopApi(harness: ApiHarness | undefined): Promise<void> {
  if (!harness) return;
  await harness.stop();
  await rm(harness.dataDir, { recursive: true, force: true });
}

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** One HTTP call; JSON in, JSON (or problem+json, or text) out. */
export async function http<T = any>(
  harness: Pick<ApiHarness, 'baseUrl'>,
  method: string,
  path: string,
  options: {
    token?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers['content-type'] ??= 'application/json';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${harness.baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  if (/json/.test(response.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed as T };
}
