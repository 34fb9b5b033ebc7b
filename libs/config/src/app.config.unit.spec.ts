import { ConfigError, loadAppConfig } from './app.config';

/** The problems loadAppConfig refused `env` with (none: it did not refuse). */
function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadAppConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('loadAppConfig', () => {
  it('has defaults that run the quick start: port 3000, ./data, the demo', () => {
    const config = loadAppConfig({}, '/srv/hitos');
    expect(config).toMatchObject({
      port: 3000,
      dataDir: '/srv/hitos/data',
      loadDemo: true,
      clockOffsetMs: 0,
    });
  });

  it('reads PORT, HITOS_DATA_DIR and a clock offset in days, hours or milliseconds', () => {
    expect(loadAppConfig({ PORT: '8080', HITOS_DATA_DIR: '/var/lib/hitos' }, '/x')).toMatchObject({
      port: 8080,
      dataDir: '/var/lib/hitos',
    });
    expect(loadAppConfig({ HITOS_CLOCK_OFFSET: '90d' }).clockOffsetMs).toBe(90 * 86_400_000);
    expect(loadAppConfig({ HITOS_CLOCK_OFFSET: '-12h' }).clockOffsetMs).toBe(-12 * 3_600_000);
    expect(loadAppConfig({ HITOS_CLOCK_OFFSET: '1500' }).clockOffsetMs).toBe(1500);
  });

  it('reads the transparency log: key, origin, checkpoint interval (a minute by default)', () => {
    expect(loadAppConfig({})).toMatchObject({ checkpointIntervalMs: 60_000 });
    expect(loadAppConfig({}).transparencyOrigin).toBeUndefined();
    expect(
      loadAppConfig({
        HITOS_TRANSPARENCY_ORIGIN: 'hitos.gob.ec/log',
        HITOS_CHECKPOINT_INTERVAL_MS: '0',
      }),
    ).toMatchObject({ transparencyOrigin: 'hitos.gob.ec/log', checkpointIntervalMs: 0 });
    for (const bad of ['hitos log', 'a+b'])
      expect(() => loadAppConfig({ HITOS_TRANSPARENCY_ORIGIN: bad })).toThrow(
        /HITOS_TRANSPARENCY_ORIGIN/,
      );
  });

  it('reads how often past views keep a commitment’s fold (every 250 events by default)', () => {
    expect(loadAppConfig({}).timeTravelCheckpointEvery).toBe(250);
    expect(
      loadAppConfig({ HITOS_TIME_TRAVEL_CHECKPOINT_EVERY: '1000' }).timeTravelCheckpointEvery,
    ).toBe(1000);
  });

  it('reads the largest evidence file accepted (25 MiB by default) and refuses a bad one', () => {
    expect(loadAppConfig({}).evidenceMaxBytes).toBe(25 * 1024 * 1024);
    expect(loadAppConfig({ HITOS_EVIDENCE_MAX_BYTES: '1048576' }).evidenceMaxBytes).toBe(1048576);
    for (const bad of ['0', '25MB', '-1'])
      expect(() => loadAppConfig({ HITOS_EVIDENCE_MAX_BYTES: bad })).toThrow(
        /HITOS_EVIDENCE_MAX_BYTES/,
      );
  });

  it('reads the instant the clock starts at', () => {
    expect(loadAppConfig({ HITOS_CLOCK_START: '2026-11-24T15:00:00Z' }).clockStartAt).toEqual(
      new Date('2026-11-24T15:00:00.000Z'),
    );
    expect(loadAppConfig({}).clockStartAt).toBeUndefined();
  });

  it('serves a replay frozen: HITOS_REPLAY_DIR turns off the workflows, checkpoints and the demo', () => {
    const config = loadAppConfig(
      { HITOS_REPLAY_DIR: 'replays/june', HITOS_WORKFLOWS: 'true', HITOS_DEMO: 'true' },
      '/srv/hitos',
    );
    expect(config).toMatchObject({
      replayDir: '/srv/hitos/replays/june',
      workflows: false,
      checkpointIntervalMs: 0,
      loadDemo: false,
    });
    expect(loadAppConfig({}).replayDir).toBeUndefined();
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', 'abc'],
    ['HITOS_DEMO', 'maybe'],
    ['HITOS_CLOCK_OFFSET', 'next week'],
    ['HITOS_CLOCK_START', '2026-11-24'],
    ['HITOS_CLOCK_START', '2026-02-30T00:00:00Z'],
    ['HITOS_COMMAND_MAX_ATTEMPTS', '0'],
    ['HITOS_SSE_HEARTBEAT_MS', '0'],
    ['HITOS_TIME_TRAVEL_CHECKPOINT_EVERY', '1'],
    ['HITOS_NOTICES', 'maybe'],
    ['HITOS_SMTP_URL', 'mail.gob.ec'],
    ['HITOS_NOTICE_RETRY_DELAYS', '30s,soon'],
    ['HITOS_NOTICE_LEASE_MS', '5'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadAppConfig({ [name]: value })).toThrow(name);
  });

  it('names the variable, the bad value and what is expected, in Spanish and English', () => {
    expect(problemsOf({ PORT: 'abc' })).toEqual([
      'PORT="abc": se esperaba un número de puerto 0–65535 / expected a port number 0–65535',
    ]);
    expect(problemsOf({ HITOS_COMMAND_MAX_ATTEMPTS: '0' })).toEqual([
      'HITOS_COMMAND_MAX_ATTEMPTS="0": se esperaba un entero 1–1000 / expected an integer 1–1000',
    ]);
    expect(() => loadAppConfig({ PORT: 'abc' })).toThrow(
      /^configuración no válida \/ invalid configuration \(1\):\n {2}PORT="abc"/,
    );
  });

  it('lists every bad value at once, those the notices and the workflow policy read included', () => {
    const problems = problemsOf({
      PORT: '99999',
      HITOS_DEMO: 'maybe',
      LOG_LEVEL: 'verbose',
      HITOS_BODY_LIMIT: 'huge',
      HITOS_SHUTDOWN_GRACE_MS: '-5',
      HITOS_NOTICE_LEASE_MS: '5',
      HITOS_SMTP_URL: 'mail.gob.ec',
      HITOS_HANDOVER_DAYS: '0',
      HITOS_WORKFLOW_TICK_MS: '60000',
      EVENTSTORE_PORT: 'any',
    });
    expect(problems.map((p) => p.split('=')[0])).toEqual([
      'PORT',
      'HITOS_DEMO',
      'LOG_LEVEL',
      'HITOS_BODY_LIMIT',
      'HITOS_HANDOVER_DAYS',
      'HITOS_NOTICE_LEASE_MS',
      'HITOS_SMTP_URL',
      'HITOS_SHUTDOWN_GRACE_MS',
      'EVENTSTORE_PORT',
    ]);
    expect(problems).toContain(
      'EVENTSTORE_PORT="any": se esperaba un entero 0–65535 / expected an integer 0–65535',
    );
    expect(problems).toContain(
      'HITOS_NOTICE_LEASE_MS="5": se esperaba un entero 100–86400000 / expected an integer 100–86400000',
    );
    expect(problems).toContain(
      'HITOS_HANDOVER_DAYS="0": se esperaba un entero 1–3650 / expected an integer 1–3650',
    );
    expect(problems).toContain(
      'HITOS_SMTP_URL="mail.gob.ec": se esperaba smtp://usuario:clave@host:587 o smtps://host:465 / expected smtp://user:pass@host:587 or smtps://host:465',
    );
  });

  it('reads the shutdown grace period (10 s by default)', () => {
    expect(loadAppConfig({}).shutdownGraceMs).toBe(10_000);
    expect(loadAppConfig({ HITOS_SHUTDOWN_GRACE_MS: '2500' }).shutdownGraceMs).toBe(2500);
  });

  it('signs people in with the development provider unless an OIDC provider is configured', () => {
    expect(loadAppConfig({})).toMatchObject({ production: false, sessionTtlSeconds: 8 * 3600 });
    expect(loadAppConfig({}).oidc).toBeUndefined();
    const oidc = {
      HITOS_OIDC_ISSUER: 'https://id.gob.ec/realms/estado/',
      HITOS_OIDC_CLIENT_ID: 'hitos',
      HITOS_OIDC_CLIENT_SECRET: 's3cret',
    };
    expect(
      loadAppConfig({ ...oidc, HITOS_PUBLIC_URL: 'https://hitos.gob.ec/', NODE_ENV: 'production' }),
    ).toMatchObject({
      production: true,
      publicUrl: 'https://hitos.gob.ec',
      oidc: {
        issuer: 'https://id.gob.ec/realms/estado/',
        clientId: 'hitos',
        clientSecret: 's3cret',
      },
    });
  });

  it('refuses a half-configured provider, a bad public URL, and production with no provider', () => {
    expect(() => loadAppConfig({ HITOS_OIDC_ISSUER: 'https://id.gob.ec' })).toThrow(
      /HITOS_OIDC_CLIENT_ID/,
    );
    expect(() => loadAppConfig({ HITOS_PUBLIC_URL: 'hitos.gob.ec' })).toThrow(/HITOS_PUBLIC_URL/);
    expect(() => loadAppConfig({ NODE_ENV: 'production' })).toThrow(/HITOS_OIDC_ISSUER/);
  });

  it('reads the notices: on by default, e-mail through HITOS_SMTP_URL, the retries, off in a replay', () => {
    expect(loadAppConfig({}).notices).toMatchObject({
      enabled: true,
      smtpUrl: undefined,
      retryDelaysMs: [30_000, 120_000, 600_000, 3_600_000, 21_600_000],
      leaseMs: 60_000,
    });
    expect(
      loadAppConfig({
        HITOS_NOTICES: 'false',
        HITOS_SMTP_URL: 'smtp://avisos:clave@mail.gob.ec:587',
        HITOS_MAIL_FROM: 'hitos <avisos@gobiernoabierto.gob.ec>',
        HITOS_NOTICE_RETRY_DELAYS: '1s,500ms,2m',
      }).notices,
    ).toMatchObject({
      enabled: false,
      smtpUrl: 'smtp://avisos:clave@mail.gob.ec:587',
      mailFrom: 'hitos <avisos@gobiernoabierto.gob.ec>',
      retryDelaysMs: [1_000, 500, 120_000],
    });
    expect(loadAppConfig({ HITOS_REPLAY_DIR: 'r' }).notices.enabled).toBe(false);
  });

  it('reads the limits (rate, shedding, timeouts, live feeds, waits) and names a bad value', () => {
    expect(loadAppConfig({}).limits).toEqual({
      trustProxyHops: 0,
      rateLimitWindowMs: 60_000,
      rateLimitReads: 30_000,
      rateLimitCommands: 3_000,
      shedMaxInFlight: 128,
      shedEventLoopDelayMs: 500,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 60_000,
      keepAliveTimeoutMs: 5_000,
      idleTimeoutMs: 120_000,
      sseMaxPerClient: 1_000,
      sseMax: 20_000,
      waitForMaxMs: 5_000,
    });
    const set = loadAppConfig({
      HITOS_RATE_LIMIT_READS: '0',
      HITOS_RATE_LIMIT_COMMANDS: '3',
      HITOS_SSE_MAX: '2',
      HITOS_TRUST_PROXY: '1',
    }).limits;
    expect([set.rateLimitReads, set.rateLimitCommands, set.sseMax, set.trustProxyHops]).toEqual([
      0, 3, 2, 1,
    ]);
    expect(() => loadAppConfig({ HITOS_RATE_LIMIT_READS: 'lots' })).toThrow(
      'HITOS_RATE_LIMIT_READS="lots": se esperaba un entero 0–10000000 / expected an integer 0–10000000',
    );
    expect(() => loadAppConfig({ HITOS_SSE_MAX_PER_CLIENT: '0' })).toThrow(
      /HITOS_SSE_MAX_PER_CLIENT="0"/,
    );
    expect(() =>
      loadAppConfig({
        HITOS_HTTP_HEADERS_TIMEOUT_MS: '20000',
        HITOS_HTTP_REQUEST_TIMEOUT_MS: '10000',
      }),
    ).toThrow(/HITOS_HTTP_HEADERS_TIMEOUT_MS="20000".*HITOS_HTTP_REQUEST_TIMEOUT_MS/);
  });
});
