import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { nameBasedUuid, type EventStore } from '@hitos/event-store';
import { ProjectionRunner } from '@hitos/projections';
import { tempDirectory } from '@hitos/projections/testing/int-helpers';
import { useEventStore } from '@hitos/testing';
import { NoticeDispatcher, noticeStreamName } from './dispatcher';
import { NoticesStore } from './notices-store';
import { noticesOutboxProjection } from './outbox.projection';
import { appendFacts, drafted, overdue, uniqueId } from './testing/seed';
import {
  startSmtpReceiver,
  startWebhookReceiver,
  type SmtpReceiver,
  type WebhookReceiver,
} from './testing/receivers';
import { HttpWebhookTransport, SmtpMailTransport } from './transports';

class TestClock {
  constructor(private at: number) {}
  now = () => new Date(this.at);
  advance(ms: number) {
    this.at += ms;
  }
}

async function eventually(
  check: () => boolean,
  what: string,
  step?: () => void,
  timeoutMs = 20_000,
) {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    step?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface Instance {
  runner: ProjectionRunner;
  dispatcher: NoticeDispatcher;
  notices: NoticesStore;
  stop(): Promise<void>;
}

function startInstance(options: {
  store: EventStore;
  directory: string;
  clock: TestClock;
  smtp: SmtpReceiver;
  retryDelaysMs?: number[];
  notices?: NoticesStore;
  /** False: no SMTP server configured. */
  mail?: boolean;
}): Instance {
  const runner = new ProjectionRunner({
    store: options.store,
    directory: join(options.directory, 'projections'),
    projections: [noticesOutboxProjection()],
    streamPrefixes: ['commitment-'],
  });
  const notices = options.notices ?? new NoticesStore(join(options.directory, 'notices.sqlite'));
  const mail =
    options.mail === false
      ? undefined
      : new SmtpMailTransport(options.smtp.url, 'hitos <avisos@hitos.test>');
  const dispatcher = new NoticeDispatcher({
    store: options.store,
    runner,
    notices,
    now: options.clock.now,
    publicUrl: 'https://hitos.test',
    mail,
    webhook: new HttpWebhookTransport(2_000),
    retryDelaysMs: options.retryDelaysMs ?? [1_000, 1_000, 1_000],
    jitter: 0,
    tickMs: 20,
    leaseMs: 5_000,
  });
  runner.start();
  dispatcher.start();
  return {
    runner,
    dispatcher,
    notices,
    stop: async () => {
      await dispatcher.stop();
      await runner.stop();
      mail?.close();
      notices.close();
    },
  };
}

async function streamTypes(store: EventStore, stream: string): Promise<string[]> {
  const types: string[] = [];
  for await (const event of store.readStream(stream)) types.push(event.type);
  return types;
}

describe('notices through a real SMTP server and a real webhook receiver', () => {
  const env = useEventStore();
  let smtp: SmtpReceiver;
  let hooks: WebhookReceiver;
  let dir: ReturnType<typeof tempDirectory>;
  const running: Instance[] = [];

  beforeEach(async () => {
    smtp = await startSmtpReceiver();
    hooks = await startWebhookReceiver();
    dir = tempDirectory('notices');
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((i) => i.stop()));
    await smtp.close();
    await hooks.close();
    dir.remove();
  });

  it('mails the institution and posts to the counterpart once, retrying the receiver that fails twice', async () => {
    const clock = new TestClock(Date.parse('2026-07-02T00:00:00Z'));
    const ids = {
      planId: 'plan-a',
      institutionId: uniqueId('mdt'),
      counterpartId: uniqueId('fae'),
    };
    const commitmentId = uniqueId('c');
    const notices = new NoticesStore(join(dir.path, 'notices.sqlite'));
    const mailbox = notices.register(
      {
        scope: { kind: 'organization', organizationId: ids.institutionId },
        role: 'institution',
        channel: 'email',
        address: 'mejora.continua@trabajo.gob.ec',
        language: null,
        digest: false,
        createdBy: 'u-mdt',
      },
      new Date('2026-07-01T00:00:00Z'),
    );
    const hook = notices.register(
      {
        scope: { kind: 'organization', organizationId: ids.counterpartId },
        role: 'counterpart',
        channel: 'webhook',
        address: `${hooks.url}/hook/fae`,
        language: null,
        digest: false,
        createdBy: 'u-fae',
      },
      new Date('2026-07-01T00:00:00Z'),
    );
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    hooks.secrets.set('/hook/fae', hook.secret!);
    hooks.failFirst = 2;

    await appendFacts(
      env.store,
      `commitment-${commitmentId}`,
      [drafted(commitmentId, { ...ids, title: 'Empleo abierto' })],
      clock.now(),
    );
    await appendFacts(env.store, `commitment-${commitmentId}`, [overdue('h1')], clock.now());
    running.push(startInstance({ store: env.store, directory: dir.path, clock, smtp, notices }));

    // Each failure schedules the next try a second later on hitos's clock: move it on.
    await eventually(
      () =>
        smtp.messages.length === 1 &&
        hooks.accepted.size === 1 &&
        notices.deliveries().every((d) => d.status === 'delivered'),
      'the mail and the webhook',
      () => clock.advance(250),
    );

    const [mail] = smtp.messages;
    expect(mail.subject).toBe(
      '[hitos] Hito vencido / Milestone overdue — Compromiso 1 «Empleo abierto»',
    );
    expect(mail.to).toMatchObject({ text: 'mejora.continua@trabajo.gob.ec' });
    expect(mail.text).toContain('El hito h1 venció el 2026-07-01');
    expect(mail.text!.indexOf('Milestone h1 was due')).toBeGreaterThan(
      mail.text!.indexOf('El hito h1'),
    );
    expect(mail.text).toContain(`https://hitos.test/compromisos/${commitmentId}`);
    expect(mail.html).toContain(`href="https://hitos.test/compromisos/${commitmentId}"`);
    const delivery = notices.deliveries().find((d) => d.recipient_id === mailbox.recipient.id)!;
    expect(mail.messageId).toBe(`<${nameBasedUuid(`notice:${delivery.key}`)}@hitos.notices>`);

    // Three tries, one id, each signed; the third accepted.
    const hookDelivery = notices.deliveries().find((d) => d.recipient_id === hook.recipient.id)!;
    expect(hooks.calls.map((c) => c.status)).toEqual([503, 503, 204]);
    expect(new Set(hooks.calls.map((c) => c.id))).toEqual(
      new Set([`msg_${nameBasedUuid(`notice:${hookDelivery.key}`)}`]),
    );
    expect(hooks.calls.every((c) => c.verified)).toBe(true);
    expect(hooks.calls[2].body).toMatchObject({
      type: 'notice.milestone-overdue',
      data: { commitmentId, link: `https://hitos.test/compromisos/${commitmentId}` },
    });
    // Every attempt recorded, here and in the store (which holds no address).
    expect(notices.attempts(hookDelivery.key).map((a) => [a.attempt, a.ok, a.status])).toEqual([
      [1, 0, 503],
      [2, 0, 503],
      [3, 1, 204],
    ]);
    expect(notices.deliveries().map((d) => d.status)).toEqual(['delivered', 'delivered']);
    expect(await streamTypes(env.store, noticeStreamName(hookDelivery.key))).toEqual([
      'NoticeDispatchClaimed',
      'NoticeDeliveryFailed',
      'NoticeDispatchClaimed',
      'NoticeDeliveryFailed',
      'NoticeDispatchClaimed',
      'NoticeDelivered',
    ]);
    for await (const event of env.store.readStream(noticeStreamName(hookDelivery.key))) {
      expect(JSON.stringify(event.data)).not.toMatch(/127\.0\.0\.1|@|\/hook|trabajo/);
    }
  });

  it('gives up after the last retry and records the failure', async () => {
    const clock = new TestClock(Date.parse('2026-07-02T00:00:00Z'));
    const ids = {
      planId: 'plan-b',
      institutionId: uniqueId('mdt'),
      counterpartId: uniqueId('fae'),
    };
    const commitmentId = uniqueId('c');
    const notices = new NoticesStore(join(dir.path, 'notices.sqlite'));
    const hook = notices.register(
      {
        scope: { kind: 'organization', organizationId: ids.institutionId },
        role: 'institution',
        channel: 'webhook',
        address: `${hooks.url}/hook/down`,
        language: null,
        digest: false,
        createdBy: 'u',
      },
      new Date('2026-07-01T00:00:00Z'),
    );
    hooks.secrets.set('/hook/down', hook.secret!);
    hooks.failFirst = 100;
    await appendFacts(
      env.store,
      `commitment-${commitmentId}`,
      [drafted(commitmentId, ids), overdue('h1')],
      clock.now(),
    );
    running.push(
      startInstance({
        store: env.store,
        directory: dir.path,
        clock,
        smtp,
        notices,
        retryDelaysMs: [1_000, 1_000],
      }),
    );
    await eventually(
      () => notices.deliveries()[0]?.status === 'failed',
      'the delivery to fail',
      () => clock.advance(250),
    );
    expect(hooks.calls).toHaveLength(3);
    expect(notices.attempts().map((a) => a.status)).toEqual([503, 503, 503]);
  });

  it('gives one address for one role and scope one id, on every instance, so it is one recipient', () => {
    const mail = {
      scope: { kind: 'organization', organizationId: 'mdt' } as const,
      role: 'institution' as const,
      channel: 'email' as const,
      language: null,
      digest: false,
      createdBy: 'u-mdt',
    };
    const at = new Date('2026-07-01T00:00:00Z');
    const [a, b] = ['a2', 'b2'].map((n) => new NoticesStore(join(dir.path, n, 'notices.sqlite')));
    const first = a.register({ ...mail, address: 'Avisos@trabajo.gob.ec' }, at).recipient;
    const onOther = b.register({ ...mail, address: 'avisos@trabajo.gob.ec' }, at).recipient;
    const again = a.register({ ...mail, address: 'avisos@trabajo.gob.ec' }, at).recipient;
    expect(onOther.id).toBe(first.id);
    expect(again.id).toBe(first.id);
    expect(a.recipients()).toHaveLength(1);
    const otherRole = a.register(
      { ...mail, role: 'counterpart', address: 'avisos@trabajo.gob.ec' },
      at,
    );
    expect(otherRole.recipient.id).not.toBe(first.id);
    a.close();
    b.close();
  });

  it('two instances on the same store: each notice once', async () => {
    const clock = new TestClock(Date.parse('2026-07-02T00:00:00Z'));
    const ids = {
      planId: 'plan-c',
      institutionId: uniqueId('mdt'),
      counterpartId: uniqueId('fae'),
    };
    const base = new NoticesStore(join(dir.path, 'a', 'notices.sqlite'));
    base.register(
      {
        id: 'r-mail',
        scope: { kind: 'organization', organizationId: ids.institutionId },
        role: 'institution',
        channel: 'email',
        address: 'uno@trabajo.gob.ec',
        language: null,
        digest: false,
        createdBy: 'u',
      },
      new Date('2026-07-01T00:00:00Z'),
    );
    const hook = base.register(
      {
        id: 'r-hook',
        scope: { kind: 'organization', organizationId: ids.counterpartId },
        role: 'counterpart',
        channel: 'webhook',
        address: `${hooks.url}/hook/two`,
        language: null,
        digest: false,
        createdBy: 'u',
      },
      new Date('2026-07-01T00:00:00Z'),
    );
    hooks.secrets.set('/hook/two', hook.secret!);
    base.db.pragma('wal_checkpoint(TRUNCATE)');
    base.close();
    // Two processes, each with its own files (the same recipients): only the store is shared.
    copyFileSync(join(dir.path, 'a', 'notices.sqlite'), join(dir.path, 'b.sqlite'));
    const count = 20;
    for (let i = 0; i < count; i++) {
      const id = uniqueId(`c${i}`);
      await appendFacts(
        env.store,
        `commitment-${id}`,
        [drafted(id, ids), overdue('h1')],
        clock.now(),
      );
    }
    running.push(startInstance({ store: env.store, directory: join(dir.path, 'a'), clock, smtp }));
    running.push(
      startInstance({
        store: env.store,
        directory: join(dir.path, 'b'),
        clock,
        smtp,
        notices: new NoticesStore(join(dir.path, 'b.sqlite')),
      }),
    );
    await eventually(
      () => smtp.messages.length >= count && hooks.accepted.size >= count,
      'every notice',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await Promise.all(running.map((i) => i.dispatcher.idle()));
    expect(smtp.messages).toHaveLength(count);
    expect([...smtp.accepted.values()].every((n) => n === 1)).toBe(true);
    expect(hooks.calls).toHaveLength(count);
    expect([...hooks.accepted.values()].every((n) => n === 1)).toBe(true);
    const sent = running.map((i) => i.dispatcher.report().sent);
    expect(sent[0] + sent[1]).toBe(2 * count);
  });

  it('keeps e-mail in the outbox while no SMTP server is configured, then sends it', async () => {
    const clock = new TestClock(Date.parse('2026-07-02T00:00:00Z'));
    const ids = {
      planId: 'plan-d',
      institutionId: uniqueId('mdt'),
      counterpartId: uniqueId('fae'),
    };
    const commitmentId = uniqueId('c');
    const file = join(dir.path, 'notices.sqlite');
    const notices = new NoticesStore(file);
    notices.register(
      {
        scope: { kind: 'organization', organizationId: ids.institutionId },
        role: 'institution',
        channel: 'email',
        address: 'espera@trabajo.gob.ec',
        language: null,
        digest: false,
        createdBy: 'u',
      },
      new Date('2026-07-01T00:00:00Z'),
    );
    await appendFacts(
      env.store,
      `commitment-${commitmentId}`,
      [drafted(commitmentId, ids), overdue('h1')],
      clock.now(),
    );
    const without = startInstance({
      store: env.store,
      directory: dir.path,
      clock,
      smtp,
      notices,
      mail: false,
    });
    await eventually(() => notices.deliveries().length === 1, 'the delivery row');
    expect(notices.deliveries()[0].status).toBe('no-transport');
    await without.stop();
    expect(smtp.messages).toHaveLength(0);

    running.push(startInstance({ store: env.store, directory: dir.path, clock, smtp }));
    await eventually(() => smtp.messages.length === 1, 'the mail once a server is configured');
    expect(smtp.messages[0].to).toMatchObject({ text: 'espera@trabajo.gob.ec' });
  });

  it('sends a Core Group digest once a week instead of each notice', async () => {
    // Thursday of ISO week 2026-W27.
    const clock = new TestClock(Date.parse('2026-07-02T10:00:00Z'));
    const planId = uniqueId('plan');
    const ids = { planId, institutionId: uniqueId('mdt'), counterpartId: uniqueId('fae') };
    const notices = new NoticesStore(join(dir.path, 'notices.sqlite'));
    const member = notices.register(
      {
        scope: { kind: 'plan', planId },
        role: 'core-group',
        channel: 'email',
        address: 'nucleo@sociedad.ec',
        language: null,
        digest: true,
        createdBy: 'u',
      },
      new Date('2026-06-29T00:00:00Z'),
    );
    const a = uniqueId('ca');
    const b = uniqueId('cb');
    await appendFacts(env.store, `commitment-${a}`, [drafted(a, ids), overdue('h1')], clock.now());
    await appendFacts(env.store, `commitment-${b}`, [drafted(b, ids)], clock.now());
    // A concurrence requested: a per-fact notice for the Core Group, which this member gets only
    // in the digest.
    await appendFacts(
      env.store,
      `commitment-${b}`,
      [
        {
          type: 'CommitmentMarkedTransferPending',
          data: { institutionId: ids.institutionId, markedOn: '2026-07-02' },
        },
      ],
      clock.now(),
    );
    const instance = startInstance({ store: env.store, directory: dir.path, clock, smtp, notices });
    running.push(instance);
    await instance.runner
      .waitForPosition((await env.store.endOfAll())!, 10_000)
      .catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.messages).toHaveLength(0);

    // The week ends: one digest, and only one however many passes follow.
    clock.advance(5 * 86_400_000);
    await eventually(() => smtp.messages.length === 1, 'the digest');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.messages).toHaveLength(1);
    const [digest] = smtp.messages;
    expect(digest.subject).toBe(
      `[hitos] Resumen semanal 2026-W27 / Weekly digest 2026-W27 — ${planId}`,
    );
    expect(digest.text).toContain(`- ${a}: CommitmentDrafted ×1, MilestoneOverdue ×1`);
    expect(digest.text).toContain(
      `- ${b}: CommitmentDrafted ×1, CommitmentMarkedTransferPending ×1`,
    );
    expect(digest.text).toContain('4 changes on 2 commitments');
    expect(notices.deliveries().map((d) => d.key)).toEqual([
      `digest|${member.recipient.id}|2026-W27`,
    ]);
  });
});
