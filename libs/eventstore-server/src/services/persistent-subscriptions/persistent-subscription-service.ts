import { randomUUID } from 'node:crypto';
import type { CommitNotice, EventLog } from '../../storage/event-log';
import { isSoftDeleted, metastreamOf } from '../../storage/stored-event';
import {
  persistentSubscriptionDropped,
  persistentSubscriptionExists,
  persistentSubscriptionFailed,
  persistentSubscriptionNotFound,
} from '../../protocol/errors';
import {
  ALL,
  CONSUMER_STRATEGIES,
  groupKey,
  parseConfig,
  serializeConfig,
  type GroupDefinition,
} from './group-definition';
import { SubscriptionGroup } from './subscription-group';

/** Where EventStoreDB keeps the groups' definitions (SystemStreams.PersistentSubscriptionConfig). */
export const CONFIG_STREAM = '$persistentSubscriptionConfig';
const CONFIG_EVENT_TYPE = '$PersistentConfig';
const EMPTY = Buffer.alloc(0);

export interface PersistentSubscriptionServiceOptions {
  /** How often timeouts and time-based checkpoints are looked at. Default 1000 ms, as EventStoreDB. */
  tickMs?: number;
  /** Milliseconds; message timeouts and checkpoint intervals are measured on it. */
  clock?: () => number;
}

/**
 * The persistent subscriptions subsystem (PersistentSubscriptionService.cs): the groups, their
 * definitions kept in `$persistentSubscriptionConfig` (the whole config as the stream's last
 * event, as EventStoreDB writes it), loaded at start and on a restart of the subsystem. Changes
 * to the definitions run one at a time and are answered once the config is durable.
 */
export class PersistentSubscriptionService {
  private groups = new Map<string, SubscriptionGroup>();
  /** Streams that have had a group since the subsystem started: listing another is NotFound. */
  private topics = new Set<string>();
  private changes: Promise<unknown> = Promise.resolve();
  private readonly onCommit = (notice: CommitNotice) => {
    for (const group of this.groups.values()) {
      if (group.stream === ALL || notice.streams.has(group.stream)) group.wake();
    }
  };
  private readonly tickMs: number;
  private readonly clock: () => number;

  constructor(
    private readonly log: EventLog,
    options: PersistentSubscriptionServiceOptions = {},
  ) {
    this.tickMs = options.tickMs ?? 1000;
    this.clock = options.clock ?? Date.now;
    this.log.events.on('commit', this.onCommit);
    this.load();
  }

  get(stream: string, group: string): SubscriptionGroup | undefined {
    return this.groups.get(groupKey(stream, group));
  }

  /** Every group, or a stream's (NotFound for a stream that has had none), by stream name. */
  list(stream?: string): SubscriptionGroup[] {
    if (stream !== undefined && !this.topics.has(stream)) {
      throw persistentSubscriptionNotFound(stream, '');
    }
    return [...this.groups.values()]
      .filter((g) => stream === undefined || g.stream === stream)
      .sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
  }

  create(definition: GroupDefinition): Promise<void> {
    return this.change(async () => {
      this.validate(definition);
      const key = groupKey(definition.stream, definition.group);
      if (this.groups.has(key)) {
        throw persistentSubscriptionExists(definition.stream, definition.group);
      }
      const group = this.start(definition);
      try {
        await this.saveConfig();
      } catch (error) {
        // Not durable, so not created: the client is told it failed.
        this.groups.delete(group.key);
        await group.shutdown(persistentSubscriptionDropped(definition.stream, definition.group));
        throw error;
      }
    });
  }

  /** Replaces a group: its consumers are dropped; it resumes from its checkpoint. */
  update(definition: GroupDefinition): Promise<void> {
    return this.change(async () => {
      const old = this.get(definition.stream, definition.group);
      if (!old) throw persistentSubscriptionNotFound(definition.stream, definition.group);
      this.validate(definition);
      // An update cannot change a $all group's filter (the request has no field for it).
      const replacement = { ...definition, filter: old.definition.filter };
      await old.shutdown(persistentSubscriptionDropped(definition.stream, definition.group));
      this.start(replacement); // in the old one's place: the config keeps its order
      await this.saveConfig();
    });
  }

  delete(stream: string, group: string): Promise<void> {
    return this.change(async () => {
      const old = this.get(stream, group);
      if (!old) throw persistentSubscriptionNotFound(stream, group);
      this.groups.delete(old.key);
      await old.shutdown(persistentSubscriptionDropped(stream, group));
      await this.saveConfig();
      await old.deleteState();
    });
  }

  replayParked(stream: string, group: string, stopAt: number | undefined): void {
    const found = this.get(stream, group);
    if (!found) throw persistentSubscriptionNotFound(stream, group);
    if (stopAt !== undefined && stopAt < 0) {
      throw persistentSubscriptionFailed(
        stream,
        group,
        'Cannot stop replaying parked message at a negative version.',
      );
    }
    found.replayParked(stopAt);
  }

  /** Drops every consumer and loads every group again from the stored config and checkpoints. */
  restart(): Promise<void> {
    return this.change(async () => {
      await this.shutdownAll();
      this.load();
    });
  }

  async close(): Promise<void> {
    this.log.events.off('commit', this.onCommit);
    await this.changes.catch(() => undefined);
    await this.shutdownAll();
  }

  // ----------------------------------------------------------------

  private change<T>(work: () => Promise<T>): Promise<T> {
    const run = this.changes.then(work, work);
    this.changes = run.catch(() => undefined);
    return run;
  }

  private validate(definition: GroupDefinition): void {
    const { stream, group, settings, startFrom } = definition;
    if (!(CONSUMER_STRATEGIES as readonly string[]).includes(settings.consumerStrategy)) {
      throw persistentSubscriptionFailed(
        stream,
        group,
        `Consumer strategy ${settings.consumerStrategy} does not exist.`,
      );
    }
    if (stream === ALL && startFrom > Math.max(this.log.headPosition, 0)) {
      throw persistentSubscriptionFailed(
        stream,
        group,
        'Invalid Start From position: commit position must be less than or equal to the last commit position in the transaction file.',
      );
    }
  }

  private start(definition: GroupDefinition): SubscriptionGroup {
    const group = new SubscriptionGroup(this.log, definition, this.clock, this.tickMs);
    this.groups.set(group.key, group);
    this.topics.add(definition.stream);
    group.wake();
    return group;
  }

  private async shutdownAll(): Promise<void> {
    const groups = [...this.groups.values()];
    this.groups.clear();
    this.topics.clear();
    await Promise.all(
      groups.map((g) => g.shutdown(persistentSubscriptionDropped(g.stream, g.definition.group))),
    );
  }

  /** The last `$PersistentConfig` event of the config stream, if any. */
  private load(): void {
    const { last } = this.log.readableState(CONFIG_STREAM);
    if (last < 0 || isSoftDeleted(this.log.metadataOf(CONFIG_STREAM, true))) return;
    const event = this.log.eventAt(CONFIG_STREAM, last);
    if (!event) return;
    let definitions: GroupDefinition[];
    try {
      definitions = parseConfig(event.data);
    } catch {
      // EventStoreDB logs an unreadable config and starts without groups; so does this.
      return;
    }
    for (const definition of definitions) {
      try {
        if (this.groups.has(groupKey(definition.stream, definition.group))) continue;
        this.validate(definition);
        this.start(definition);
      } catch {
        // EventStoreDB skips an entry it cannot load (an unknown strategy, a bad filter).
      }
    }
  }

  private async saveConfig(): Promise<void> {
    if (this.log.streamState(metastreamOf(CONFIG_STREAM)).last < 0) {
      await this.log.append(metastreamOf(CONFIG_STREAM), 'any', [
        {
          id: randomUUID(),
          type: '$metadata',
          isJson: true,
          data: Buffer.from(JSON.stringify({ $maxCount: 2 })),
          metadata: EMPTY,
        },
      ]);
    }
    const data = serializeConfig(
      [...this.groups.values()].map((g) => g.definition),
      new Date(this.clock()),
      'admin',
    );
    const outcome = await this.log.append(CONFIG_STREAM, 'any', [
      { id: randomUUID(), type: CONFIG_EVENT_TYPE, isJson: true, data, metadata: EMPTY },
    ]);
    if (outcome.kind !== 'ok') throw new Error(`Could not write ${CONFIG_STREAM}: ${outcome.kind}`);
  }
}
