/**
 * Issue 16 §3: a SIGKILL of the API between a deadline's event and its notice, then a restart:
 * each notice delivered exactly once. The API runs as `npm start` does, in a child process, on
 * a store of the test's. The demo's late milestones are recorded by the workflow engine; the
 * SMTP server and the webhook receiver hold every message unanswered, so the API dies with its
 * notices claimed and sent but not acknowledged. Restarted (the receivers answering now), it
 * takes the deliveries over once their lease has run out: every message id is accepted once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { nodeEntry } from '@hitos/eventstore-server';
import { NoticesStore } from '@hitos/notices';
import { LIMITS_OFF, useEventStore } from '@hitos/testing';
import {
  startSmtpReceiver,
  startWebhookReceiver,
  type SmtpReceiver,
  type WebhookReceiver,
} from '../../libs/notices/src/testing/receivers';

const MAIN = join(__dirname, '..', '..', 'apps', 'api', 'src', 'main.ts');

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 60_000,
) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('notices: the API killed between a deadline and its notice', () => {
  const env = useEventStore();
  let dataDir: string;
  let smtp: SmtpReceiver;
  let hooks: WebhookReceiver;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hitos-notice-kill-'));
    smtp = await startSmtpReceiver();
    hooks = await startWebhookReceiver();
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await smtp.close();
    await hooks.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function startApi(port: number) {
    const entry = nodeEntry(MAIN);
    const child = spawn(process.execPath, [...entry.execArgv, entry.modulePath], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        ...entry.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        ...LIMITS_OFF,
        PORT: String(port),
        HOST: '127.0.0.1',
        HITOS_DATA_DIR: dataDir,
        EVENTSTORE_CONNECTION_STRING: env.connectionString,
        HITOS_JWT_SECRET: 'kill-test-secret',
        HITOS_DEMO: 'true',
        HITOS_WORKFLOWS: 'true',
        HITOS_WORKFLOW_TICK_MS: '200',
        HITOS_CHECKPOINT_INTERVAL_MS: '0',
        HITOS_NOTICES: 'true',
        HITOS_SMTP_URL: smtp.url,
        HITOS_NOTICE_TICK_MS: '100',
        HITOS_NOTICE_LEASE_MS: '2000',
        HITOS_NOTICE_RETRY_DELAYS: '500ms,500ms,500ms',
        HITOS_PUBLIC_URL: 'https://hitos.test',
      },
    });
    children.push(child);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await eventually(
      () =>
        fetch(`http://127.0.0.1:${port}/health`)
          .then((r) => r.status === 200)
          .catch(() => false),
      'the API to answer',
    );
    return { child, exited };
  }

  it('delivers each notice exactly once after the kill and a restart', async () => {
    // The parties' addresses, registered before anything happened.
    const notices = new NoticesStore(join(dataDir, 'notices.sqlite'));
    const before = new Date('2020-01-01T00:00:00Z');
    notices.register(
      {
        scope: { kind: 'organization', organizationId: 'judicatura' },
        role: 'institution',
        channel: 'email',
        address: 'gobierno.abierto@funcionjudicial.test',
        language: null,
        digest: false,
        createdBy: 'test',
      },
      before,
    );
    const hook = notices.register(
      {
        scope: { kind: 'organization', organizationId: 'org-universidad-publica' },
        role: 'counterpart',
        channel: 'webhook',
        address: `${hooks.url}/hook/universidad`,
        language: null,
        digest: false,
        createdBy: 'test',
      },
      before,
    );
    hooks.secrets.set('/hook/universidad', hook.secret!);
    notices.close();

    smtp.hold = true;
    hooks.hold = true;
    const port = await freePort();
    const first = await startApi(port);
    // The deadline's event is in the store, its notices claimed and sent, none acknowledged.
    await eventually(() => smtp.held >= 1 && hooks.held >= 1, 'a held mail and a held webhook');
    await new Promise((resolve) => setTimeout(resolve, 300));
    first.child.kill('SIGKILL');
    await first.exited;
    expect(smtp.accepted.size).toBe(0);
    expect(hooks.accepted.size).toBe(0);
    const heldAtKill = smtp.held;

    // The claims are in the store, with no outcome: the deliveries the process was doing.
    const claimed = await countNoticeEvents(env.store);
    expect(claimed.NoticeDispatchClaimed).toBeGreaterThanOrEqual(heldAtKill + hooks.held);
    expect(claimed.NoticeDelivered ?? 0).toBe(0);

    smtp.hold = false;
    hooks.hold = false;
    const second = await startApi(port);
    try {
      const deliveries = () => {
        const db = new Database(join(dataDir, 'notices.sqlite'), { readonly: true });
        try {
          return db.prepare('SELECT key, channel, status FROM delivery').all() as {
            key: string;
            channel: string;
            status: string;
          }[];
        } finally {
          db.close();
        }
      };
      await eventually(() => {
        const rows = deliveries();
        return rows.length > 0 && rows.every((r) => r.status === 'delivered');
      }, 'every notice delivered');
      const rows = deliveries();
      const emails = rows.filter((r) => r.channel === 'email').length;
      const webhooks = rows.filter((r) => r.channel === 'webhook').length;
      expect(emails).toBeGreaterThanOrEqual(1);
      expect(webhooks).toBeGreaterThanOrEqual(1);
      // Once each, by id, at the receivers.
      expect(smtp.accepted.size).toBe(emails);
      expect([...smtp.accepted.values()].every((n) => n === 1)).toBe(true);
      expect(hooks.accepted.size).toBe(webhooks);
      expect([...hooks.accepted.values()].every((n) => n === 1)).toBe(true);
      const after = await countNoticeEvents(env.store);
      expect(after.NoticeDelivered).toBe(emails + webhooks);
    } finally {
      second.child.kill('SIGKILL');
      await second.exited;
    }
    // Two starts of the API (ts-node compiles it each time): tens of seconds on a busy machine.
  }, 180_000);
});

async function countNoticeEvents(store: import('@hitos/event-store').EventStore) {
  const counts: Record<string, number> = {};
  for await (const event of store.readAll()) {
    if (!event.streamId.startsWith('notice-')) continue;
    counts[event.type] = (counts[event.type] ?? 0) + 1;
  }
  return counts;
}
