import { createHash, randomUUID } from 'node:crypto';
import {
  WrongExpectedRevisionError,
  mapLimit,
  nameBasedUuid,
  type EventStore,
  type ExpectedRevision,
} from '@hitos/event-store';
import { PassLoop, prepared, type ProjectionRunner } from '@hitos/projections';
import { isoWeekOf, lastEndedWeek } from './iso-week';
import { askerRecipientId, inAudience, type AskerContacts, type Notice } from './notice';
import type { NoticesStore, DeliveryRow, RecipientRow, Channel } from './notices-store';
import { NOTICES_OUTBOX_PROJECTION, type ChangeRow, type FactRow } from './outbox.projection';
import { renderDigest, type Digest } from './digest';
import { renderEmail, webhookPayload } from './render';
import type { MailTransport, SendOutcome, WebhookTransport } from './transports';

/** The claim and outcomes of one delivery, on its own stream `notice-<hash of its key>`. */
export const NOTICE_STREAM_PREFIX = 'notice-';
export const noticeStreamName = (key: string): string =>
  `${NOTICE_STREAM_PREFIX}${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;

/** Events of a notice's stream (v1). They hold ids only: never an address. */
export type NoticeEvent =
  | {
      type: 'NoticeDispatchClaimed';
      data: {
        causeEventId: string;
        recipientId: string;
        channel: Channel;
        attempt: number;
        instanceId: string;
        claimedAt: string;
        leaseUntil: string;
      };
    }
  | {
      type: 'NoticeDelivered';
      data: {
        attempt: number;
        instanceId: string;
        status: number | null;
        durationMs: number;
        deliveredAt: string;
      };
    }
  | {
      type: 'NoticeDeliveryFailed';
      data: {
        attempt: number;
        instanceId: string;
        status: number | null;
        detail: string;
        durationMs: number;
        failedAt: string;
        /** Null: no more tries. */
        nextAttemptAt: string | null;
      };
    };

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [
  30_000, 120_000, 600_000, 3_600_000, 21_600_000,
];

export interface NoticeDispatcherOptions {
  store: EventStore;
  runner: ProjectionRunner;
  notices: NoticesStore;
  /** hitos's injectable clock. */
  now(): Date;
  /** Where the public portal is: links to commitments start here. */
  publicUrl: string;
  /** Undefined: e-mail notices wait in the outbox, marked `no-transport`. */
  mail?: MailTransport;
  /** Where askers' addresses are (a question's answer reaches its asker); none: nobody asked. */
  askers?: AskerContacts;
  webhook: WebhookTransport;
  /** Names this process in its claims. */
  instanceId?: string;
  /** Waits before each retry; after the last, the delivery has failed. */
  retryDelaysMs?: readonly number[];
  /** Spread of each wait, as a fraction (0.1: ±10%). */
  jitter?: number;
  /** How long a claim holds before another process may take the delivery over. */
  leaseMs?: number;
  concurrency?: number;
  tickMs?: number;
  onError?(error: Error): void;
  /** Told of each delivery's outcome (metrics). */
  observe?(
    channel: Channel,
    outcome: 'queued' | 'sent' | 'failed' | 'retry' | 'no-transport',
  ): void;
  /** Test hook: runs after the claim and before the send. */
  beforeSend?(row: DeliveryRow): Promise<void> | void;
}

export interface DispatchReport {
  queued: number;
  sent: number;
  failed: number;
  retried: number;
  skipped: number;
}

const NOTICE_ACTOR = { id: 'hitos-notices', role: 'system' } as const;

/**
 * Sends what the outbox holds, once per fact and recipient, whatever the number of processes.
 *
 * 1. **Expand.** Each fact of the outbox model (in `$all` order, after a cursor kept in
 *    notices.sqlite) becomes one delivery row per recipient registered for one of its
 *    audiences *before* the fact was recorded: keyed `<event id>|<recipient id>`, UNIQUE.
 * 2. **Claim.** Before a send, the process appends `NoticeDispatchClaimed` to the delivery's
 *    stream at the revision it read ("no stream" for a first try): of two processes, one
 *    append goes through, the other gets a wrong-expected-revision and moves on.
 * 3. **Send and record.** `NoticeDelivered`, or `NoticeDeliveryFailed` with the next try's
 *    time (exponential backoff with jitter), on the same stream; an attempt row locally.
 *    A claim whose lease ran out with no outcome (the process died mid-send) is claimed again.
 */
export class NoticeDispatcher {
  readonly instanceId: string;
  private readonly retryDelays: readonly number[];
  private readonly jitter: number;
  private readonly leaseMs: number;
  private readonly concurrency: number;
  private warnedNoTransport = false;
  private readonly totals: DispatchReport = {
    queued: 0,
    sent: 0,
    failed: 0,
    retried: 0,
    skipped: 0,
  };

  private readonly loop: PassLoop;

  constructor(private readonly options: NoticeDispatcherOptions) {
    this.loop = new PassLoop({
      runner: options.runner,
      tickMs: options.tickMs ?? 5_000,
      pass: () => this.pass(),
      onError: (error) => options.onError?.(error),
    });
    this.instanceId = options.instanceId ?? randomUUID();
    this.retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.jitter = options.jitter ?? 0.1;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.concurrency = options.concurrency ?? 16;
  }

  /** Acts after every batch the projections apply, and every `tickMs`. */
  start(): void {
    this.loop.start();
  }

  /** Stops taking work and waits for the pass under way. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  report(): DispatchReport {
    return { ...this.totals };
  }

  /** Resolves when no pass is running or asked for. */
  idle(): Promise<void> {
    return this.loop.idle();
  }

  /** Asks for a pass; passes never overlap, and asks during one make one more after it. */
  poke(): void {
    this.loop.poke();
  }

  /** Expands new facts, queues the weekly digests, sends what is due. */
  async pass(): Promise<DispatchReport> {
    const report: DispatchReport = { queued: 0, sent: 0, failed: 0, retried: 0, skipped: 0 };
    report.queued += this.expand();
    report.queued += this.queueDigests();
    const db = this.options.notices.db;
    if (this.options.mail) {
      db.prepare(
        `UPDATE delivery SET status = 'pending' WHERE status = 'no-transport' AND channel = 'email'`,
      ).run();
    }
    for (;;) {
      const now = this.options.now().toISOString();
      const due = prepared(
        db,
        `SELECT * FROM delivery WHERE status = 'pending' AND next_at <= ? ORDER BY next_at, key LIMIT 1000`,
      ).all(now) as DeliveryRow[];
      if (due.length === 0) break;
      const outcomes = await mapLimit(due, this.concurrency, (row) => this.deliver(row));
      let progressed = false;
      for (const outcome of outcomes) {
        report[outcome]++;
        if (outcome !== 'skipped') progressed = true;
      }
      if (!progressed || !this.loop.running) break;
    }
    for (const key of Object.keys(report) as (keyof DispatchReport)[])
      this.totals[key] += report[key];
    return report;
  }

  /** Facts after the cursor → one delivery per recipient registered before the fact. */
  private expand(): number {
    const outbox = this.options.runner.database(NOTICES_OUTBOX_PROJECTION);
    const db = this.options.notices.db;
    const cursor = (db.prepare(`SELECT pos, event_id FROM cursor WHERE name = 'facts'`).get() as
      { pos: string; event_id: string } | undefined) ?? { pos: '', event_id: '' };
    const page = prepared(
      outbox,
      `SELECT * FROM fact WHERE pos > ? OR (pos = ? AND event_id > ?) ORDER BY pos, event_id LIMIT 1000`,
    );
    let after = cursor;
    let queued = 0;
    for (;;) {
      const facts = page.all(after.pos, after.pos, after.event_id) as FactRow[];
      if (facts.length === 0) break;
      const recipients = this.options.notices.recipients();
      const insert = prepared(
        db,
        `INSERT OR IGNORE INTO delivery (key, event_id, recipient_id, channel, notice, status, attempts, next_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`,
      );
      db.transaction(() => {
        for (const fact of facts) {
          const notice = JSON.parse(fact.notice) as Notice;
          // Whoever asked the question, if they left an address with it (e-mail only).
          for (const audience of notice.audiences) {
            if (audience.role !== 'asker') continue;
            if (!this.options.askers?.emailOf(audience.questionId)) continue;
            const status = this.options.mail ? 'pending' : 'no-transport';
            const recipientId = askerRecipientId(audience.questionId);
            const inserted = insert.run(
              `${fact.event_id}|${recipientId}`,
              fact.event_id,
              recipientId,
              'email',
              fact.notice,
              status,
              fact.recorded_at,
              this.options.now().toISOString(),
            ).changes;
            if (inserted) {
              queued++;
              this.options.observe?.('email', status === 'pending' ? 'queued' : 'no-transport');
              if (status === 'no-transport') this.warnNoTransport();
            }
          }
          for (const recipient of recipients) {
            if (!this.concerns(notice, recipient)) continue;
            const status =
              recipient.channel === 'email' && !this.options.mail ? 'no-transport' : 'pending';
            const inserted = insert.run(
              `${fact.event_id}|${recipient.id}`,
              fact.event_id,
              recipient.id,
              recipient.channel,
              fact.notice,
              status,
              fact.recorded_at,
              this.options.now().toISOString(),
            ).changes;
            if (inserted) {
              queued++;
              this.options.observe?.(
                recipient.channel,
                status === 'pending' ? 'queued' : 'no-transport',
              );
              if (status === 'no-transport') this.warnNoTransport();
            }
          }
        }
        const last = facts[facts.length - 1];
        db.prepare(
          `INSERT INTO cursor (name, pos, event_id) VALUES ('facts', ?, ?)
           ON CONFLICT (name) DO UPDATE SET pos = excluded.pos, event_id = excluded.event_id`,
        ).run(last.pos, last.event_id);
      })();
      after = { pos: facts[facts.length - 1].pos, event_id: facts[facts.length - 1].event_id };
    }
    return queued;
  }

  /** A question's asker as a recipient, while their address is kept; null once erased. */
  private askerRow(recipientId: string): RecipientRow | null {
    const prefix = askerRecipientId('');
    if (!recipientId.startsWith(prefix)) return null;
    const address = this.options.askers?.emailOf(recipientId.slice(prefix.length));
    if (!address) return null;
    // Only the channel and the address matter for sending; an asker has no role or scope.
    return {
      id: recipientId,
      scope_kind: 'presidency',
      organization_id: null,
      plan_id: null,
      role: 'presidency',
      channel: 'email',
      address,
      secret: null,
      language: null,
      digest: 0,
      created_by: 'asker',
      created_at: '',
    };
  }

  private concerns(notice: Notice, recipient: RecipientRow): boolean {
    // Only facts recorded after the address was registered: a new address (or a model rebuilt
    // from zero) does not bring the whole history's notices.
    if (recipient.created_at > notice.recordedAt) return false;
    if (recipient.role === 'core-group' && recipient.digest === 1) return false;
    return notice.audiences.some((audience) =>
      inAudience(audience, {
        role: recipient.role,
        organizationId: recipient.organization_id,
        planId: recipient.plan_id,
      }),
    );
  }

  /** Each digest recipient: one message for the last ISO week that ended, if anything changed. */
  private queueDigests(): number {
    const db = this.options.notices.db;
    const subscribers = db
      .prepare(`SELECT * FROM recipient WHERE role = 'core-group' AND digest = 1`)
      .all() as RecipientRow[];
    if (subscribers.length === 0) return 0;
    const now = this.options.now();
    const week = lastEndedWeek(now);
    const outbox = this.options.runner.database(NOTICES_OUTBOX_PROJECTION);
    let queued = 0;
    for (const recipient of subscribers) {
      if (recipient.created_at >= week.end) continue;
      const key = `digest|${recipient.id}|${week.week}`;
      if (db.prepare('SELECT 1 FROM delivery WHERE key = ?').get(key)) continue;
      const changes = prepared(
        outbox,
        `SELECT * FROM change WHERE plan_id = ? AND recorded_at >= ? AND recorded_at < ? ORDER BY pos, event_id`,
      ).all(recipient.plan_id, week.start, week.end) as ChangeRow[];
      if (changes.length === 0) continue;
      const digest: Digest = {
        planId: recipient.plan_id!,
        week: week.week,
        from: week.start,
        to: week.end,
        changes: changes.map((c) => ({
          commitmentId: c.commitment_id,
          type: c.type,
          recordedAt: c.recorded_at,
        })),
      };
      const inserted = db
        .prepare(
          `INSERT OR IGNORE INTO delivery (key, event_id, recipient_id, channel, notice, status, attempts, next_at, created_at)
           VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`,
        )
        .run(
          key,
          `digest:${week.week}`,
          recipient.id,
          recipient.channel,
          JSON.stringify({ digest }),
          recipient.channel === 'email' && !this.options.mail ? 'no-transport' : 'pending',
          now.toISOString(),
          now.toISOString(),
        ).changes;
      queued += inserted;
    }
    return queued;
  }

  private warnNoTransport(): void {
    if (this.warnedNoTransport) return;
    this.warnedNoTransport = true;
    this.options.onError?.(
      new Error(
        'E-mail notices are waiting in the outbox: no SMTP server is configured (HITOS_SMTP_URL)',
      ),
    );
  }

  /** Claims, sends and records one delivery. */
  private async deliver(
    row: DeliveryRow,
    // A first try claims without reading: the stream is almost always absent, and if it is
    // not the append says so and the delivery is looked at again, reading.
    read = row.attempts > 0 || row.last_outcome !== null,
  ): Promise<keyof DispatchReport> {
    const { store, notices } = this.options;
    const db = notices.db;
    const recipient = notices.recipientRow(row.recipient_id) ?? this.askerRow(row.recipient_id);
    if (!recipient) {
      db.prepare(
        `UPDATE delivery SET status = 'dropped', last_outcome = 'recipient removed' WHERE key = ?`,
      ).run(row.key);
      return 'skipped';
    }
    const stream = noticeStreamName(row.key);
    const now = this.options.now();
    const later = (at: string, outcome: string) => {
      prepared(db, 'UPDATE delivery SET next_at = ?, last_outcome = ? WHERE key = ?').run(
        at,
        outcome,
        row.key,
      );
    };

    // What the store says of this delivery: the truth every process shares.
    let last: { event: NoticeEvent; revision: bigint } | null = null;
    let lastAttempt = 0;
    for await (const event of read ? store.readStream(stream) : []) {
      last = {
        event: { type: event.type, data: event.data } as NoticeEvent,
        revision: event.revision,
      };
      if ('attempt' in (event.data as object))
        lastAttempt = Math.max(lastAttempt, (event.data as { attempt: number }).attempt);
    }
    let expected: ExpectedRevision = 'no_stream';
    if (last) {
      const { event } = last;
      if (event.type === 'NoticeDelivered') {
        this.settle(row, 'delivered', 'delivered by another process', event.data.deliveredAt);
        return 'skipped';
      }
      if (event.type === 'NoticeDeliveryFailed') {
        if (event.data.nextAttemptAt === null) {
          this.settle(row, 'failed', event.data.detail, null);
          return 'skipped';
        }
        if (event.data.nextAttemptAt > now.toISOString()) {
          later(event.data.nextAttemptAt, event.data.detail);
          return 'skipped';
        }
      }
      if (event.type === 'NoticeDispatchClaimed' && event.data.leaseUntil > now.toISOString()) {
        later(event.data.leaseUntil, `claimed by ${event.data.instanceId}`);
        return 'skipped';
      }
      expected = last.revision;
    }

    const attempt = lastAttempt + 1;
    const leaseUntil = new Date(now.getTime() + this.leaseMs).toISOString();
    let claimed: bigint;
    try {
      const outcome = await store.appendToStream(
        stream,
        [
          this.event(
            {
              type: 'NoticeDispatchClaimed',
              data: {
                causeEventId: row.event_id,
                recipientId: row.recipient_id,
                channel: row.channel,
                attempt,
                instanceId: this.instanceId,
                claimedAt: now.toISOString(),
                leaseUntil,
              },
            },
            row.event_id,
          ),
        ],
        expected,
      );
      claimed = outcome.nextExpectedRevision;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) {
        if (!read) return this.deliver(row, true);
        // Another process claimed it first: look again once its lease would have run out.
        later(leaseUntil, 'claimed by another process');
        return 'skipped';
      }
      throw error;
    }

    await this.options.beforeSend?.(row);
    const started = performance.now();
    let sent: SendOutcome;
    try {
      sent = await this.send(row, recipient);
    } catch (error) {
      sent = { ok: false, status: null, detail: asError(error).message.slice(0, 200) };
    }
    const durationMs = Math.round(performance.now() - started);
    const at = this.options.now();
    const delay = this.retryDelays[attempt - 1];
    const nextAttemptAt =
      sent.ok || delay === undefined
        ? null
        : new Date(
            at.getTime() + Math.round(delay * (1 + this.jitter * (Math.random() * 2 - 1))),
          ).toISOString();
    const recorded: NoticeEvent = sent.ok
      ? {
          type: 'NoticeDelivered',
          data: {
            attempt,
            instanceId: this.instanceId,
            status: sent.status,
            durationMs,
            deliveredAt: at.toISOString(),
          },
        }
      : {
          type: 'NoticeDeliveryFailed',
          data: {
            attempt,
            instanceId: this.instanceId,
            status: sent.status,
            detail: sent.detail,
            durationMs,
            failedAt: at.toISOString(),
            nextAttemptAt,
          },
        };
    try {
      await store.appendToStream(stream, [this.event(recorded, row.event_id)], claimed);
    } catch (error) {
      // Our lease ran out and another process took over: its outcome stands.
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
    // The local record of the attempt and its outcome, in one transaction.
    const outcome = db.transaction((): keyof DispatchReport => {
      prepared(db, 'INSERT OR IGNORE INTO attempt VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        row.key,
        attempt,
        at.toISOString(),
        durationMs,
        sent.ok ? 1 : 0,
        sent.status,
        sent.detail,
      );
      prepared(db, 'UPDATE delivery SET attempts = ? WHERE key = ?').run(attempt, row.key);
      if (sent.ok) {
        this.settle(row, 'delivered', sent.detail, at.toISOString());
        return 'sent';
      }
      if (nextAttemptAt === null) {
        this.settle(row, 'failed', sent.detail, null);
        return 'failed';
      }
      later(nextAttemptAt, sent.detail);
      return 'retried';
    })();
    this.options.observe?.(
      row.channel,
      outcome === 'sent' ? 'sent' : outcome === 'failed' ? 'failed' : 'retry',
    );
    return outcome;
  }

  private settle(
    row: DeliveryRow,
    status: 'delivered' | 'failed',
    outcome: string,
    at: string | null,
  ) {
    prepared(
      this.options.notices.db,
      'UPDATE delivery SET status = ?, last_outcome = ?, delivered_at = ? WHERE key = ?',
    ).run(status, outcome, at, row.key);
  }

  private event(event: NoticeEvent, causationId: string) {
    return {
      id: randomUUID(),
      type: event.type,
      data: event.data,
      metadata: {
        schemaVersion: 1,
        recordedAt: this.options.now().toISOString(),
        actor: NOTICE_ACTOR,
        $causationId: causationId,
      },
    };
  }

  /** The message's id is derived from the delivery's key: a resend carries the same one. */
  private async send(row: DeliveryRow, recipient: RecipientRow): Promise<SendOutcome> {
    const id = nameBasedUuid(`notice:${row.key}`);
    const parsed = JSON.parse(row.notice) as Notice | { digest: Digest };
    if (row.channel === 'email') {
      if (!this.options.mail) return { ok: false, status: null, detail: 'no transport' };
      const rendered =
        'digest' in parsed
          ? renderDigest(parsed.digest, this.options.publicUrl)
          : renderEmail(parsed, this.options.publicUrl);
      return this.options.mail.send({
        messageId: `<${id}@hitos.notices>`,
        to: recipient.address,
        ...rendered,
      });
    }
    const payload =
      'digest' in parsed
        ? {
            type: 'digest.weekly',
            timestamp: parsed.digest.to,
            data: { noticeId: `msg_${id}`, ...parsed.digest },
          }
        : webhookPayload(parsed, this.options.publicUrl, `msg_${id}`);
    return this.options.webhook.post({
      id: `msg_${id}`,
      url: recipient.address,
      secret: recipient.secret!,
      body: JSON.stringify(payload),
    });
  }
}

export { isoWeekOf };

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
