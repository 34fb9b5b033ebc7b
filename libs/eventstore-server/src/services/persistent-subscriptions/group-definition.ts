import type { FilterSpec } from '../event-filter';

export const ALL = '$all';

/** EventStoreDB's consumer strategies (SystemConsumerStrategies). */
export const CONSUMER_STRATEGIES = [
  'DispatchToSingle',
  'RoundRobin',
  'Pinned',
  'PinnedByCorrelation',
] as const;

export interface GroupSettings {
  resolveLinks: boolean;
  extraStatistics: boolean;
  /** 0: never time out (see docs/event-store.md). */
  messageTimeoutMs: number;
  maxRetryCount: number;
  /** 0: checkpoints only by count (EventStoreDB reads 0 as TimeSpan.MaxValue). */
  checkpointAfterMs: number;
  minCheckpointCount: number;
  maxCheckpointCount: number;
  /** 0: unbounded. */
  maxSubscriberCount: number;
  liveBufferSize: number;
  readBatchSize: number;
  historyBufferSize: number;
  consumerStrategy: string;
}

/**
 * A subscription group as stored in `$persistentSubscriptionConfig`. Positions are numbers: a
 * stream's revision, or a `$all` log position (commit = prepare in this store). `startFrom` is
 * inclusive; -1 means "the end when the group is loaded", as in EventStoreDB.
 */
export interface GroupDefinition {
  stream: string; // '$all' for a subscription to $all
  group: string;
  startFrom: number;
  filter?: FilterSpec;
  settings: GroupSettings;
}

export const groupKey = (stream: string, group: string): string => `${stream}::${group}`;

/** How EventStoreDB prints a subscription position: `5` in a stream, `C:…/P:…` in $all. */
export function positionText(stream: string, position: number): string {
  return stream === ALL ? `C:${position}/P:${position}` : String(position);
}

/** Parses what `positionText` printed (or EventStoreDB wrote); undefined when unreadable. */
export function parsePositionText(stream: string, text: string): number | undefined {
  if (stream === ALL) {
    const match = /^C:(-?\d+)\/P:(-?\d+)$/.exec(text);
    return match ? Number(match[1]) : undefined;
  }
  return /^-?\d+$/.test(text) ? Number(text) : undefined;
}

// ---------------------------------------------------------------- the stored form

/** PersistentSubscriptionEntry as EventStoreDB serialises it (PersistentSubscriptionConfig.cs). */
interface ConfigEntry {
  Stream: string;
  Group: string;
  Filter: { Context: string; Type: string; Data: string; IsAllStream: boolean } | null;
  ResolveLinkTos: boolean;
  ExtraStatistics: boolean;
  MessageTimeout: number;
  StartFrom: number;
  StartPosition: string;
  LiveBufferSize: number;
  HistoryBufferSize: number;
  MaxRetryCount: number;
  ReadBatchSize: number;
  PreferRoundRobin: boolean;
  CheckPointAfter: number;
  MinCheckPointCount: number;
  MaxCheckPointCount: number;
  MaxSubscriberCount: number;
  NamedConsumerStrategy: string;
}

export interface StoredConfig {
  Version: string;
  Updated: string;
  UpdatedBy: string;
  Entries: ConfigEntry[];
}

function toEntry(d: GroupDefinition): ConfigEntry {
  const s = d.settings;
  return {
    Stream: d.stream,
    Group: d.group,
    Filter: d.filter
      ? {
          Context: d.filter.on === 'stream' ? 'streamid' : 'eventtype',
          Type: d.filter.prefixes.length > 0 ? 'prefix' : 'regex',
          Data: d.filter.prefixes.length > 0 ? d.filter.prefixes.join(',') : d.filter.regex,
          IsAllStream: true,
        }
      : null,
    ResolveLinkTos: s.resolveLinks,
    ExtraStatistics: s.extraStatistics,
    MessageTimeout: s.messageTimeoutMs,
    // long.MinValue for $all in EventStoreDB; JSON numbers cannot hold it exactly.
    StartFrom: d.stream === ALL ? Number.MIN_SAFE_INTEGER : d.startFrom,
    StartPosition: positionText(d.stream, d.startFrom),
    LiveBufferSize: s.liveBufferSize,
    HistoryBufferSize: s.historyBufferSize,
    MaxRetryCount: s.maxRetryCount,
    ReadBatchSize: s.readBatchSize,
    PreferRoundRobin: s.consumerStrategy === 'RoundRobin',
    CheckPointAfter: s.checkpointAfterMs,
    MinCheckPointCount: s.minCheckpointCount,
    MaxCheckPointCount: s.maxCheckpointCount,
    MaxSubscriberCount: s.maxSubscriberCount,
    NamedConsumerStrategy: s.consumerStrategy,
  };
}

function fromEntry(e: ConfigEntry): GroupDefinition | undefined {
  const startFrom = parsePositionText(e.Stream, e.StartPosition ?? String(e.StartFrom));
  if (startFrom === undefined || typeof e.Group !== 'string') return undefined;
  let filter: FilterSpec | undefined;
  if (e.Filter) {
    const prefix = e.Filter.Type === 'prefix';
    filter = {
      on: e.Filter.Context === 'streamid' ? 'stream' : 'type',
      prefixes: prefix ? e.Filter.Data.split(',') : [],
      regex: prefix ? '' : e.Filter.Data,
    };
  }
  return {
    stream: e.Stream,
    group: e.Group,
    startFrom,
    filter,
    settings: {
      resolveLinks: !!e.ResolveLinkTos,
      extraStatistics: !!e.ExtraStatistics,
      messageTimeoutMs: e.MessageTimeout ?? 0,
      maxRetryCount: e.MaxRetryCount ?? 0,
      checkpointAfterMs: e.CheckPointAfter ?? 0,
      minCheckpointCount: e.MinCheckPointCount ?? 0,
      maxCheckpointCount: e.MaxCheckPointCount ?? 0,
      maxSubscriberCount: e.MaxSubscriberCount ?? 0,
      liveBufferSize: e.LiveBufferSize ?? 0,
      readBatchSize: e.ReadBatchSize ?? 0,
      historyBufferSize: e.HistoryBufferSize ?? 0,
      consumerStrategy:
        e.NamedConsumerStrategy || (e.PreferRoundRobin ? 'RoundRobin' : 'DispatchToSingle'),
    },
  };
}

export function serializeConfig(
  definitions: Iterable<GroupDefinition>,
  updated: Date,
  updatedBy: string,
): Buffer {
  const config: StoredConfig = {
    Version: '2',
    Updated: updated.toISOString(),
    UpdatedBy: updatedBy,
    Entries: [...definitions].map(toEntry),
  };
  return Buffer.from(JSON.stringify(config));
}

/** The groups a stored config names; entries it cannot read are left out, as EventStoreDB does. */
export function parseConfig(data: Buffer): GroupDefinition[] {
  const config = JSON.parse(data.toString('utf8')) as Partial<StoredConfig>;
  if (!config || typeof config.Version !== 'string' || !Array.isArray(config.Entries)) {
    throw new Error('The persistent subscriptions config has no version or entries');
  }
  return config.Entries.map(fromEntry).filter((d): d is GroupDefinition => d !== undefined);
}
