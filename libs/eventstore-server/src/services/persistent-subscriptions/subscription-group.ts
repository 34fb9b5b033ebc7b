import { randomUUID } from 'node:crypto';
import type { EventLog } from '../../storage/event-log';
import {
  TOMBSTONE_REVISION,
  isSoftDeleted,
  metastreamOf,
  type StoredEvent,
} from '../../storage/stored-event';
import { defaultAllFilter, filterPredicate, type EventPredicate } from '../event-filter';
import { resolveLink } from '../read-event';
import { TOMBSTONE_REVISION_WIRE } from '../../protocol/codec';
import {
  consumerStrategy,
  type ConsumerStrategy,
  type StrategyConsumer,
} from './consumer-strategy';
import type { Delivery, Tracked } from './delivery';
import {
  ALL,
  groupKey,
  parsePositionText,
  positionText,
  type GroupDefinition,
} from './group-definition';

/** A connected consumer: one Read call. */
export interface GroupConsumer extends StrategyConsumer {
  readonly connectionName: string;
  readonly from: string;
  readonly username: string;
  /** The ids it holds un-acknowledged. */
  readonly inFlight: Set<string>;
  totalItems: number;
  send(delivery: Delivery): void;
  /** How long a message it settled (ack or nack) had been with it, in milliseconds. */
  observe(milliseconds: number): void;
  /** Ends its call with this error. */
  drop(error: Error): void;
}

interface Outstanding {
  delivery: Delivery;
  consumer: GroupConsumer;
  sentAt: number;
  expires: number;
}

export interface GroupStatistics {
  status: string;
  totalItems: number;
  lastCheckpoint: number | undefined;
  lastKnown: number | undefined;
  readBufferCount: number;
  liveBufferCount: number;
  retryBufferCount: number;
  outstandingCount: number;
  parkedCount: number;
  consumers: readonly GroupConsumer[];
}

const EMPTY = Buffer.alloc(0);
/** Records looked at per turn when a filter lets few through, so the event loop breathes. */
const SCAN_LIMIT = 4096;
const ADMINS_ONLY = {
  $r: '$admins',
  $w: '$admins',
  $d: '$admins',
  $mr: '$admins',
  $mw: '$admins',
};

/** The system streams EventStoreDB keeps a group's state in. */
export const checkpointStreamOf = (key: string) => `$persistentsubscription-${key}-checkpoint`;
export const parkedStreamOf = (key: string) => `$persistentsubscription-${key}-parked`;

/**
 * One subscription group (PersistentSubscription.cs): reads its source from the durable log in
 * batches into a bounded buffer, hands messages to its consumers by its strategy, and keeps
 * every handed-out message until it is acknowledged, skipped or parked. Retries (nack, message
 * timeout, a consumer gone) go first; past max retry count a message is parked, as a `$>` link in
 * the group's parked stream. The checkpoint is the position before the oldest message not yet
 * handled for good (nothing after it can be lost by a restart; some may come again).
 */
export class SubscriptionGroup {
  readonly key: string;
  readonly checkpointStream: string;
  readonly parkedStream: string;
  private consumers: GroupConsumer[] = [];
  private readonly strategy: ConsumerStrategy<GroupConsumer>;
  private readonly predicate: EventPredicate | undefined;
  /** The last source position read (exclusive start of the next read). */
  private cursor: number;
  private readonly buffer: Delivery[] = [];
  private readonly retries: Delivery[] = [];
  private readonly outstanding = new Map<string, Outstanding>();
  private track: Tracked[] = [];
  private trackHead = 0;
  private nextSeq = 0;
  private frontier: { seq: number; position: number } | undefined;
  private lastCheckpointedSeq = -1;
  private lastCheckpointAt = -Infinity;
  private lastCheckpoint: number | undefined;
  private lastKnown: number | undefined;
  private checkpointWrites: Promise<void> = Promise.resolve();
  private replaying: { remaining: Set<string>; stop: number } | undefined;
  private totalItems = 0;
  private closed = false;
  /** Caught up with the log: new events go to the live buffer. */
  private live = false;
  private scheduled = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly log: EventLog,
    readonly definition: GroupDefinition,
    private readonly clock: () => number,
    tickMs: number,
  ) {
    this.key = groupKey(definition.stream, definition.group);
    this.checkpointStream = checkpointStreamOf(this.key);
    this.parkedStream = parkedStreamOf(this.key);
    this.strategy = consumerStrategy<GroupConsumer>(definition.settings.consumerStrategy);
    const filter = definition.filter ? filterPredicate(definition.filter) : undefined;
    this.predicate =
      definition.stream === ALL ? (e) => defaultAllFilter(e) && (!filter || filter(e)) : undefined;
    const checkpoint = this.loadCheckpoint();
    if (checkpoint !== undefined) {
      // Resume after the checkpointed event (PersistentSubscription.OnCheckpointLoaded).
      this.cursor = checkpoint;
      this.frontier = { seq: 0, position: checkpoint };
      this.nextSeq = 1;
      this.lastCheckpointedSeq = 0;
      this.lastCheckpoint = checkpoint;
      this.lastKnown = checkpoint;
    } else {
      this.cursor = definition.startFrom < 0 ? this.sourceEnd() : definition.startFrom - 1;
    }
    this.timer = setInterval(() => this.tick(), tickMs);
    this.timer.unref();
  }

  get stream(): string {
    return this.definition.stream;
  }

  get isFull(): boolean {
    const max = this.definition.settings.maxSubscriberCount;
    return max > 0 && this.consumers.length >= max;
  }

  // ---------------------------------------------------------------- consumers

  addConsumer(consumer: GroupConsumer): void {
    this.consumers.push(consumer);
    this.pump();
  }

  /** A consumer gone: what it held is retried, in source order (RemoveClientByCorrelationId). */
  removeConsumer(consumer: GroupConsumer): void {
    const index = this.consumers.indexOf(consumer);
    if (index < 0) return;
    this.consumers.splice(index, 1);
    this.strategy.removed(consumer);
    const lost = [...this.outstanding.values()].filter((o) => o.consumer === consumer);
    for (const o of lost) {
      this.outstanding.delete(o.delivery.id);
      this.retry({ ...o.delivery, retryCount: o.delivery.retryCount + 1 });
    }
    consumer.inFlight.clear();
    this.pump();
  }

  ack(ids: readonly string[]): void {
    for (const id of ids) {
      const o = this.take(id);
      if (o) this.handled(o.delivery);
    }
    this.tryCheckpoint(false);
    this.pump();
  }

  nack(
    action: 'park' | 'retry' | 'skip' | 'stop' | 'unknown',
    ids: readonly string[],
    reason: string,
  ): void {
    for (const id of ids) {
      const o = this.take(id);
      if (!o) continue;
      if (action === 'park') this.park(o.delivery, `Client explicitly NAK'ed message.\n${reason}`);
      else if (action === 'retry' || action === 'unknown') this.retryOrPark(o.delivery);
      // skip; and stop, which EventStoreDB 24.10 leaves unimplemented but still drops the message
      else this.handled(o.delivery);
    }
    this.tryCheckpoint(false);
    this.pump();
  }

  // ---------------------------------------------------------------- lifecycle

  /** Reads what the log committed since; coalesced to one pass per turn. */
  wake(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  /** Drops every consumer with `error` and stops. Checkpoint writes already queued still land. */
  shutdown(error: Error): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    for (const consumer of this.consumers.splice(0)) consumer.drop(error);
    this.outstanding.clear();
    return this.checkpointWrites;
  }

  /** Deletes the group's checkpoint and parked streams, as EventStoreDB does with the group. */
  async deleteState(): Promise<void> {
    await this.log.softDelete(this.checkpointStream, 'any');
    await this.log.softDelete(this.parkedStream, 'any');
  }

  /**
   * Puts the parked messages (up to `stopAt`, exclusive, a revision of the parked stream) in
   * front of everything else. The parked stream is truncated past them once all are handled —
   * EventStoreDB truncates at once; here a crash during a replay loses none of them.
   */
  replayParked(stopAt: number | undefined): void {
    if (this.replaying || this.closed) return;
    const { first, last } = this.parkedRange();
    if (last < first) return;
    const stop = stopAt === undefined ? last + 1 : Math.min(stopAt, last + 1);
    const remaining = new Set<string>();
    for (const link of [...this.log.streamRange(this.parkedStream, first, stop - 1, false)]) {
      const target = resolveLink(this.log, link);
      if (!target) continue;
      remaining.add(link.id);
      this.retries.push({ id: link.id, record: link, event: target, position: -1, retryCount: 0 });
    }
    this.replaying = { remaining, stop };
    if (remaining.size === 0) this.replayDone();
    this.pump();
  }

  statistics(): GroupStatistics {
    const { first, last } = this.parkedRange();
    return {
      status: this.closed ? 'NotReady' : this.live ? 'Live' : 'Behind',
      totalItems: this.totalItems,
      lastCheckpoint: this.lastCheckpoint,
      lastKnown: this.lastKnown,
      readBufferCount: this.live ? 0 : this.buffer.length,
      liveBufferCount: this.live ? this.buffer.length : 0,
      retryBufferCount: this.retries.length,
      outstandingCount: this.outstanding.size,
      parkedCount: last >= first ? last - first + 1 : 0,
      consumers: this.consumers,
    };
  }

  // ---------------------------------------------------------------- reading and pushing

  private pump(): void {
    if (this.closed) return;
    for (let round = 0; round < 64; round++) {
      const readSome = this.fill();
      this.push();
      if (!readSome || this.buffer.length >= this.capacity() || this.closed) return;
    }
    this.wake(); // a long backlog: go on at the next turn
  }

  private batchSize(): number {
    return Math.max(1, this.definition.settings.readBatchSize);
  }

  /** Events held read but not yet handed out: the live buffer once caught up, else the history's. */
  private capacity(): number {
    const { liveBufferSize, historyBufferSize } = this.definition.settings;
    return this.live ? Math.max(1, liveBufferSize) : Math.max(historyBufferSize, this.batchSize());
  }

  /**
   * Behind, reads batches of readBatchSize while the history buffer has room
   * (StreamBuffer.CanAccept); caught up, reads what was committed into the live buffer, and goes
   * back to paging history when that fills. True if it read any.
   */
  private fill(): boolean {
    let readSome = false;
    for (;;) {
      const room = this.capacity() - this.buffer.length;
      const batch = this.live ? room : this.batchSize();
      if (batch <= 0 || room < batch) {
        if (this.live) this.live = false; // a full live buffer: page the rest from the log
        return readSome;
      }
      // Behind, every whole batch the buffer has room for is read in one pass: the same events
      // as reading them batch after batch (nothing commits in between), through one cursor.
      // (Caught up, `batch` is the room itself.)
      const count = room - (room % batch);
      const more = this.stream === ALL ? this.readAllBatch(count) : this.readStreamBatch(count);
      if (!more) {
        this.live = true;
        return readSome;
      }
      readSome = true;
    }
  }

  private readStreamBatch(batch: number): boolean {
    const { last } = this.log.readableState(this.stream);
    const metadata = this.log.metadataOf(this.stream, true);
    const from = Math.max(
      this.cursor + 1,
      isSoftDeleted(metadata) ? 0 : (metadata?.truncateBefore ?? 0),
    );
    const to = Math.min(last, from + batch - 1);
    if (from > to) return false;
    for (const event of [...this.log.streamRange(this.stream, from, to, false)]) {
      this.enqueue(event, event.revision);
    }
    this.cursor = to;
    return true;
  }

  private readAllBatch(batch: number): boolean {
    const head = this.log.headPosition;
    if (this.cursor >= head) return false;
    let taken = 0;
    let scanned = 0;
    for (const event of this.log.allRange(this.cursor + 1, false)) {
      if (event.position > head) break;
      this.cursor = event.position;
      if (this.predicate!(event)) {
        this.enqueue(event, event.position);
        if (++taken >= batch) break;
      } else {
        this.passOver(event.position);
      }
      if (++scanned >= SCAN_LIMIT) break;
    }
    return scanned > 0;
  }

  private enqueue(record: StoredEvent, position: number): void {
    const tracked: Tracked = { seq: this.nextSeq++, position, done: false };
    this.track.push(tracked);
    const event =
      this.definition.settings.resolveLinks && record.type === '$>'
        ? resolveLink(this.log, record)
        : record;
    this.buffer.push({ id: record.id, record, event, position, tracked, retryCount: 0 });
    this.lastKnown = position;
  }

  /** An event the filter left out still moves the checkpoint (HandleSkippedEvents). */
  private passOver(position: number): void {
    const seq = this.nextSeq++;
    if (this.trackHead === this.track.length) {
      this.frontier = { seq, position };
      return;
    }
    // Behind a message still out, a run of events left out is one entry, however long.
    const last = this.track[this.track.length - 1];
    if (last.passedOver) {
      last.seq = seq;
      last.position = position;
    } else {
      this.track.push({ seq, position, done: true, passedOver: true });
    }
  }

  private push(): void {
    for (const queue of [this.retries, this.buffer]) {
      let k = 0;
      while (k < queue.length) {
        const target =
          this.consumers.length === 0 ? 'full' : this.strategy.pick(this.consumers, queue[k]);
        if (target === 'full') return;
        if (target === 'skipped') {
          k++;
          continue;
        }
        // From the front, nearly always: shift() moves the array's start, splice copies it.
        const delivery = k === 0 ? queue.shift()! : queue.splice(k, 1)[0];
        this.begin(delivery, target);
      }
    }
  }

  private begin(delivery: Delivery, consumer: GroupConsumer): void {
    const timeout = this.definition.settings.messageTimeoutMs;
    const now = this.clock();
    this.outstanding.set(delivery.id, {
      delivery,
      consumer,
      sentAt: now,
      expires: timeout > 0 ? now + timeout : Infinity,
    });
    consumer.inFlight.add(delivery.id);
    consumer.totalItems++;
    this.totalItems++;
    consumer.send(delivery);
  }

  private take(id: string, settledByConsumer = true): Outstanding | undefined {
    const o = this.outstanding.get(id);
    if (!o) return undefined;
    this.outstanding.delete(id);
    o.consumer.inFlight.delete(id);
    if (settledByConsumer) o.consumer.observe(this.clock() - o.sentAt);
    return o;
  }

  private retry(delivery: Delivery): void {
    this.retries.push(delivery);
    this.retries.sort((a, b) => (a.tracked?.seq ?? -1) - (b.tracked?.seq ?? -1));
  }

  private retryOrPark(delivery: Delivery): void {
    const max = this.definition.settings.maxRetryCount;
    if (delivery.retryCount >= max) this.park(delivery, `Reached retry count of ${max}`);
    else this.retry({ ...delivery, retryCount: delivery.retryCount + 1 });
  }

  /** Handled for good: acknowledged, skipped, or parked durably. */
  private handled(delivery: Delivery): void {
    if (delivery.tracked) {
      delivery.tracked.done = true;
      while (this.trackHead < this.track.length && this.track[this.trackHead].done) {
        const t = this.track[this.trackHead++];
        this.frontier = { seq: t.seq, position: t.position };
      }
      if (this.trackHead > 1024 && this.trackHead * 2 > this.track.length) {
        this.track = this.track.slice(this.trackHead);
        this.trackHead = 0;
      }
    }
    if (this.replaying?.remaining.delete(delivery.id) && this.replaying.remaining.size === 0) {
      this.replayDone();
    }
  }

  // ---------------------------------------------------------------- parking and checkpoints

  /** Writes a `$>` link to the event into the parked stream; handled once that is durable. */
  private park(delivery: Delivery, reason: string): void {
    const target = delivery.event;
    const data = target
      ? `${target.revision === TOMBSTONE_REVISION ? TOMBSTONE_REVISION_WIRE : target.revision}@${target.streamId}`
      : delivery.record.data.toString('utf8');
    const metadata = {
      Added: new Date(this.clock()).toISOString(),
      Reason: reason,
      SubscriptionEventNumber: delivery.record.revision,
    };
    this.log
      .append(this.parkedStream, 'any', [
        {
          id: randomUUID(),
          type: '$>',
          isJson: false,
          data: Buffer.from(data),
          metadata: Buffer.from(JSON.stringify(metadata)),
        },
      ])
      .then(
        () => {
          this.handled(delivery);
          this.tryCheckpoint(false);
          this.pump();
        },
        // The log refuses every write after a failure; the message stays unhandled, so the
        // checkpoint never passes it and a restart delivers it again.
        () => undefined,
      );
  }

  private replayDone(): void {
    const stop = this.replaying!.stop;
    this.replaying = undefined;
    const metadata = { $tb: stop, $acl: ADMINS_ONLY };
    this.log
      .append(metastreamOf(this.parkedStream), 'any', [
        {
          id: randomUUID(),
          type: '$metadata',
          isJson: true,
          data: Buffer.from(JSON.stringify(metadata)),
          metadata: EMPTY,
        },
      ])
      .catch(() => undefined);
  }

  /** Parked messages not yet replayed: revisions first..last of the parked stream. */
  private parkedRange(): { first: number; last: number } {
    const { last } = this.log.readableState(this.parkedStream);
    const metadata = this.log.metadataOf(this.parkedStream, true);
    return { first: metadata?.truncateBefore ?? 0, last };
  }

  /**
   * TryMarkCheckpoint: at least `minCheckpointCount` handled since the last one and
   * `checkpointAfterMs` passed (on the timer), or `maxCheckpointCount` handled (at once).
   */
  private tryCheckpoint(timeCheck: boolean): void {
    if (!this.frontier || this.closed) return;
    const { minCheckpointCount, maxCheckpointCount, checkpointAfterMs } = this.definition.settings;
    const difference = this.frontier.seq - this.lastCheckpointedSeq;
    if (difference <= 0) return;
    const now = this.clock();
    const after = checkpointAfterMs > 0 ? checkpointAfterMs : Infinity;
    if (now - this.lastCheckpointAt < after && difference < maxCheckpointCount) return;
    if ((difference >= minCheckpointCount && timeCheck) || difference >= maxCheckpointCount) {
      this.lastCheckpointAt = now;
      this.lastCheckpointedSeq = this.frontier.seq;
      this.writeCheckpoint(this.frontier.position);
    }
  }

  private writeCheckpoint(position: number): void {
    this.lastCheckpoint = position;
    const data = Buffer.from(JSON.stringify(positionText(this.stream, position)));
    this.checkpointWrites = this.checkpointWrites
      .then(async () => {
        if (this.log.streamState(metastreamOf(this.checkpointStream)).last < 0) {
          const metadata = { $maxCount: 2, $acl: ADMINS_ONLY };
          await this.log.append(metastreamOf(this.checkpointStream), 'any', [
            {
              id: randomUUID(),
              type: '$metadata',
              isJson: true,
              data: Buffer.from(JSON.stringify(metadata)),
              metadata: EMPTY,
            },
          ]);
        }
        await this.log.append(this.checkpointStream, 'any', [
          {
            id: randomUUID(),
            type: '$SubscriptionCheckpoint',
            isJson: true,
            data,
            metadata: EMPTY,
          },
        ]);
      })
      .catch(() => undefined);
  }

  private loadCheckpoint(): number | undefined {
    const { last } = this.log.readableState(this.checkpointStream);
    if (last < 0) return undefined;
    const metadata = this.log.metadataOf(this.checkpointStream, true);
    if (isSoftDeleted(metadata) || last < (metadata?.truncateBefore ?? 0)) return undefined;
    const event = this.log.eventAt(this.checkpointStream, last);
    if (!event) return undefined;
    try {
      const text = JSON.parse(event.data.toString('utf8')) as unknown;
      return typeof text === 'string' ? parsePositionText(this.stream, text) : undefined;
    } catch {
      return undefined;
    }
  }

  private sourceEnd(): number {
    return this.stream === ALL ? this.log.headPosition : this.log.readableState(this.stream).last;
  }

  // ---------------------------------------------------------------- the timer

  /** Every tick (1 s, as EventStoreDB): timed-out messages retried or parked; checkpoints by time. */
  private tick(): void {
    if (this.closed) return;
    const now = this.clock();
    const expired = [...this.outstanding.values()]
      .filter((o) => o.expires <= now)
      .sort((a, b) => (a.delivery.tracked?.seq ?? -1) - (b.delivery.tracked?.seq ?? -1));
    for (const o of expired) {
      this.take(o.delivery.id, false);
      this.retryOrPark(o.delivery);
    }
    this.push();
    this.tryCheckpoint(true);
    this.pump();
  }
}
