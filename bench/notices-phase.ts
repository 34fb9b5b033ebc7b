/**
 * The notices phase of `npm run bench:workflows`: BENCH_NOTICE_DEADLINES (default 10,000)
 * deadlines falling due at once, each notifying the commitment's institution (e-mail, to a
 * local smtp-server) and its counterpart (a signed webhook, to a local HTTP receiver): the time
 * from the first deadline's append to the last delivery, and the rate, beside the store's own
 * append rate for the same deadlines (the floor: every delivery costs two appends of its own,
 * the claim and the outcome).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { mapLimit, type EventStore } from '@hitos/event-store';
import {
  HttpWebhookTransport,
  NoticeDispatcher,
  NoticesStore,
  SmtpMailTransport,
  noticesOutboxProjection,
} from '@hitos/notices';
import { startSmtpReceiver, startWebhookReceiver } from '@hitos/notices/testing/receivers';
import { ProjectionRunner } from '@hitos/projections';
import { envNumber, sleep } from './lib/util';

const DEADLINES = envNumber('BENCH_NOTICE_DEADLINES', 10_000);
const CONCURRENCY = envNumber('BENCH_NOTICE_CONCURRENCY', 32);
const AT = new Date('2026-07-02T00:05:00.000Z');

const stored = (type: string, data: unknown) => ({
  id: randomUUID(),
  type,
  data,
  metadata: { schemaVersion: 1, recordedAt: AT.toISOString() },
});

export interface NoticesPhaseReport {
  deadlines: number;
  deliveries: number;
  appendMs: number;
  /** The store alone: the same number of one-event appends, nothing else running. */
  floorMs: number;
  lastMailMs: number;
  lastWebhookMs: number;
  lastDeliveryMs: number;
  storeEventsPerDelivery: number;
  mailAccepted: number;
  webhooksAccepted: number;
  duplicates: number;
}

export async function noticesPhase(store: EventStore, dir: string): Promise<NoticesPhaseReport> {
  const smtp = await startSmtpReceiver({ parse: false });
  const hooks = await startWebhookReceiver(0);
  const notices = new NoticesStore(join(dir, 'notices', 'notices.sqlite'));
  const institutionId = `bench-notices-${randomUUID().slice(0, 6)}`;
  const counterpartId = `${institutionId}-fundacion`;
  const registered = new Date('2026-01-01T00:00:00Z');
  notices.register(
    {
      scope: { kind: 'organization', organizationId: institutionId },
      role: 'institution',
      channel: 'email',
      address: 'avisos@institucion.test',
      language: null,
      digest: false,
      createdBy: 'bench',
    },
    registered,
  );
  const hook = notices.register(
    {
      scope: { kind: 'organization', organizationId: counterpartId },
      role: 'counterpart',
      channel: 'webhook',
      address: `${hooks.url}/hook/bench`,
      language: null,
      digest: false,
      createdBy: 'bench',
    },
    registered,
  );
  hooks.secrets.set('/hook/bench', hook.secret!);

  const ids = Array.from({ length: DEADLINES }, (_, i) => `${institutionId}-${i}`);
  process.stdout.write(`seeding ${DEADLINES} commitments for the notices phase…\n`);
  await mapLimit(ids, CONCURRENCY, (id) =>
    store.appendToStream(
      `commitment-${id}`,
      [
        stored('CommitmentDrafted', {
          commitmentId: id,
          planId: 'bench-plan',
          number: 1,
          title: `Compromiso ${id}`,
          responsible: { institutionId, unit: 'Dirección' },
          counterpart: { organizationId: counterpartId, sector: 'civil-society' },
        }),
      ],
      'no_stream',
    ),
  );

  const runner = new ProjectionRunner({
    store,
    directory: join(dir, 'notices', 'projections'),
    projections: [noticesOutboxProjection()],
    streamPrefixes: ['commitment-'],
  });
  const mail = new SmtpMailTransport(smtp.url, 'hitos <avisos@hitos.test>', { maxConnections: 8 });
  const dispatcher = new NoticeDispatcher({
    store,
    runner,
    notices,
    now: () => AT,
    publicUrl: 'https://hitos.test',
    mail,
    webhook: new HttpWebhookTransport(10_000),
    concurrency: CONCURRENCY,
    tickMs: 200,
  });
  runner.start();
  while (!runner.caughtUp) await sleep(20);
  dispatcher.start();

  // The floor: the same appends (one event per stream) with nothing else on the store.
  const floorStarted = performance.now();
  await mapLimit(ids, CONCURRENCY, (id) =>
    store.appendToStream(
      `benchfloor-${id}`,
      [
        stored('MilestoneOverdue', {
          milestoneId: 'h1',
          due: '2026-07-01',
          detectedOn: '2026-07-02',
        }),
      ],
      'no_stream',
    ),
  );
  const floorMs = performance.now() - floorStarted;

  process.stdout.write(`${DEADLINES} deadlines falling due at once…\n`);
  const started = performance.now();
  let lastMail = 0;
  let lastWebhook = 0;
  const watch = setInterval(() => {
    if (!lastMail && smtp.accepted.size >= DEADLINES) lastMail = performance.now() - started;
    if (!lastWebhook && hooks.accepted.size >= DEADLINES) lastWebhook = performance.now() - started;
  }, 5);
  await mapLimit(ids, CONCURRENCY, (id) =>
    store.appendToStream(
      `commitment-${id}`,
      [
        stored('MilestoneOverdue', {
          milestoneId: 'h1',
          due: '2026-07-01',
          detectedOn: '2026-07-02',
        }),
      ],
      0n,
    ),
  );
  const appendMs = performance.now() - started;
  const deadline = Date.now() + 30 * 60_000;
  while ((!lastMail || !lastWebhook) && Date.now() < deadline) await sleep(20);
  clearInterval(watch);
  await dispatcher.stop();
  await runner.stop();
  mail.close();
  await smtp.close();
  await hooks.close();
  const duplicates =
    [...smtp.accepted.values()].filter((n) => n > 1).length +
    [...hooks.accepted.values()].filter((n) => n > 1).length;
  notices.close();
  return {
    deadlines: DEADLINES,
    deliveries: smtp.accepted.size + hooks.accepted.size,
    appendMs,
    floorMs,
    lastMailMs: lastMail,
    lastWebhookMs: lastWebhook,
    lastDeliveryMs: Math.max(lastMail, lastWebhook),
    storeEventsPerDelivery: 2,
    mailAccepted: smtp.accepted.size,
    webhooksAccepted: hooks.accepted.size,
    duplicates,
  };
}
