/** The notices' settings, from the environment (see docs/configuration.md#notices). */
export interface NoticesConfig {
  /** Send notices from this process (`HITOS_NOTICES`, default true). */
  enabled: boolean;
  /** `HITOS_SMTP_URL`, e.g. `smtp://user:pass@host:587`; unset: e-mail waits in the outbox. */
  smtpUrl?: string;
  /** `HITOS_MAIL_FROM`. */
  mailFrom: string;
  /** `HITOS_NOTICE_RETRY_DELAYS`: waits before each retry, comma-separated durations. */
  retryDelaysMs: number[];
  /** `HITOS_NOTICE_LEASE_MS`: how long a claim holds before another process may take over. */
  leaseMs: number;
  /** `HITOS_NOTICE_TICK_MS`: how often the dispatcher looks for retries that fell due. */
  tickMs: number;
  /** `HITOS_WEBHOOK_TIMEOUT_MS`. */
  webhookTimeoutMs: number;
}

type Env = Record<string, string | undefined>;

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

function durations(env: Env, name: string, fallback: number[]): number[] {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  return raw.split(',').map((part) => {
    const match = /^(\d{1,12})(ms|s|m|h|d)?$/.exec(part.trim());
    if (!match) {
      throw new Error(
        `Invalid ${name}=${JSON.stringify(raw)}: expected durations separated by commas, such as 30s,2m,10m,1h,6h`,
      );
    }
    return Number(match[1]) * UNIT_MS[(match[2] ?? 'ms') as keyof typeof UNIT_MS];
  });
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new Error(`Invalid ${name}=${JSON.stringify(raw)}: expected an integer ${min}-${max}`);
  }
  return value;
}

export function loadNoticesConfig(env: Env = process.env): NoticesConfig {
  const raw = env.HITOS_NOTICES?.trim().toLowerCase();
  if (raw && !['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off'].includes(raw)) {
    throw new Error(`Invalid HITOS_NOTICES=${JSON.stringify(raw)}: expected true or false`);
  }
  const smtpUrl = env.HITOS_SMTP_URL?.trim() || undefined;
  if (smtpUrl && !/^smtps?:\/\/[^/]+/.test(smtpUrl)) {
    throw new Error(
      `Invalid HITOS_SMTP_URL: expected smtp://user:pass@host:587 or smtps://host:465`,
    );
  }
  return {
    enabled: !raw || ['1', 'true', 'yes', 'on'].includes(raw),
    smtpUrl,
    mailFrom: env.HITOS_MAIL_FROM?.trim() || 'hitos <avisos@hitos.invalid>',
    retryDelaysMs: durations(
      env,
      'HITOS_NOTICE_RETRY_DELAYS',
      [30_000, 120_000, 600_000, 3_600_000, 21_600_000],
    ),
    leaseMs: integer(env, 'HITOS_NOTICE_LEASE_MS', 60_000, 100, 86_400_000),
    tickMs: integer(env, 'HITOS_NOTICE_TICK_MS', 5_000, 10, 86_400_000),
    webhookTimeoutMs: integer(env, 'HITOS_WEBHOOK_TIMEOUT_MS', 10_000, 100, 600_000),
  };
}
