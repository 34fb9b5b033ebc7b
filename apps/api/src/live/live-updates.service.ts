import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { appConfig, type AppConfig } from '@hitos/config';
import type { Response } from 'express';
import type { Database } from 'better-sqlite3';
import { ProjectionRunner, prepared } from '@hitos/projections';
import { withheldSummary, type Reader } from '@hitos/read-models';
import { processMetrics } from '../metrics/metrics';

/** What a live feed follows: one plan's commitments, or one commitment. */
export type LiveScope = { planId: string } | { commitmentId: string };

/** One message of a live feed: which read model changed, how, and at what `$all` position. */
export interface LiveMessage {
  readModel: 'audit-trail';
  change: string;
  position: string;
  streamId: string;
  revision: number;
  commitmentId: string | null;
  planId: string | null;
  /** The event's audit line (never free text); withheld, it ends with the reserved-content note. */
  summary: { es: string; en: string };
  occurredAt: string | null;
  recordedAt: string;
  /** The strictest classification among the event's parts (docs/reserve.md). */
  classification: string;
  /** Part of the event is classified and this feed's reader may not see it. */
  withheld: boolean;
}

interface AuditRow {
  seq: number;
  position: string;
  stream_id: string;
  revision: number;
  type: string;
  occurred_at: string | null;
  recorded_at: string;
  summary_es: string;
  summary_en: string;
  commitment_id: string | null;
  institution_id: string | null;
  organization_id: string | null;
  plan_id: string | null;
  classification: string;
}

interface Client {
  scope: LiveScope;
  reader: Reader;
  res: Response;
  lastPosition: bigint;
}

/** The feeds of one scope are kept together: a row goes to its plan's and its commitment's. */
const scopeKey = (scope: LiveScope): string =>
  'planId' in scope ? `plan\u0000${scope.planId}` : `commitment\u0000${scope.commitmentId}`;

/**
 * Server-Sent Events fed by the audit-trail read model: after every batch the projections
 * commit, the new audit rows go to the feeds whose scope they concern. Every row goes, in its
 * place; one with a classified part the feed's reader may not see (only the commitment's
 * parties, the Presidency and auditors may) goes marked withheld, its summary ending with the
 * reserved-content note — never a gap (docs/reserve.md).
 * A reconnecting client sends `Last-Event-ID` (the last position it saw) and gets every row
 * after it from the model before the live ones, with none missed or repeated.
 */
@Injectable()
export class LiveUpdates implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LiveUpdates.name);
  /** The open feeds by scope (see {@link scopeKey}). */
  private readonly clients = new Map<string, Set<Client>>();
  private feedCount = 0;
  private lastSeq = 0;
  private unsubscribe?: () => void;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.runner.onApplied(() => this.pump());
    this.heartbeat = setInterval(() => {
      for (const feeds of this.clients.values())
        for (const client of feeds) client.res.write(': latido / heartbeat\n\n');
    }, this.config.sseHeartbeatMs);
    this.heartbeat.unref();
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    clearInterval(this.heartbeat);
    // Forgotten first, so that each feed's own close handler counts nothing twice.
    for (const feeds of this.clients.values()) {
      for (const client of feeds) {
        feeds.delete(client);
        this.feedCount--;
        processMetrics.sseClients.dec();
        client.res.end();
      }
    }
    this.clients.clear();
  }

  /** Opens a feed on `res`, replaying what came after `lastEventId` first. */
  open(scope: LiveScope, reader: Reader, res: Response, lastEventId: string | undefined): void {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write('retry: 2000\n\n');
    const client: Client = { scope, reader, res, lastPosition: -1n };
    const key = scopeKey(scope);
    let feeds = this.clients.get(key);
    if (!feeds) this.clients.set(key, (feeds = new Set()));
    feeds.add(client);
    this.feedCount++;
    processMetrics.sseClients.inc();
    res.on('close', () => {
      if (!feeds.delete(client)) return;
      this.feedCount--;
      processMetrics.sseClients.dec();
      if (feeds.size === 0 && this.clients.get(key) === feeds) this.clients.delete(key);
    });
    if (this.lastSeq === 0) this.lastSeq = this.maxSeq();
    // The replay runs in this same turn, before any later batch can be pumped: no row falls
    // between the replay and the live feed, and one seen by both goes out once (lastPosition).
    if (lastEventId !== undefined) {
      for (const row of this.rowsAfterPosition(BigInt(lastEventId), scope)) this.send(client, row);
    }
  }

  private db(): Database {
    return this.runner.database('audit-trail') as Database;
  }

  private maxSeq(): number {
    return (
      prepared(this.db(), 'SELECT COALESCE(MAX(seq), 0) AS seq FROM audit_event').get() as {
        seq: number;
      }
    ).seq;
  }

  private rowsAfterPosition(position: bigint, scope: LiveScope): AuditRow[] {
    const [column, value] =
      'planId' in scope ? ['plan_id', scope.planId] : ['commitment_id', scope.commitmentId];
    return prepared(
      this.db(),
      `SELECT * FROM audit_event WHERE ${column} = ? AND CAST(position AS INTEGER) > ? ORDER BY seq`,
    ).all(value, position) as AuditRow[];
  }

  /**
   * Sends every audit row committed since the last call to the feeds that want it: each row's
   * frames are built once (shown and withheld) and go to its plan's and its commitment's feeds
   * only, so one change to 10,000 dashboards is 10,000 socket writes and nothing more.
   */
  private pump(): void {
    if (this.feedCount === 0) {
      this.lastSeq = 0;
      return;
    }
    try {
      const rows = prepared(this.db(), 'SELECT * FROM audit_event WHERE seq > ? ORDER BY seq').all(
        this.lastSeq,
      ) as AuditRow[];
      if (rows.length === 0) return;
      this.lastSeq = rows[rows.length - 1].seq;
      for (const row of rows) {
        const frames = { shown: frameOf(row, false), withheld: frameOf(row, true) };
        const position = BigInt(row.position);
        for (const key of [
          row.plan_id === null ? null : scopeKey({ planId: row.plan_id }),
          row.commitment_id === null ? null : scopeKey({ commitmentId: row.commitment_id }),
        ]) {
          const feeds = key === null ? undefined : this.clients.get(key);
          if (feeds) for (const client of feeds) this.send(client, row, frames, position);
        }
      }
    } catch (error) {
      this.logger.error(`live feed: ${(error as Error).message}`);
    }
  }

  private send(
    client: Client,
    row: AuditRow,
    frames?: { shown: string; withheld: string },
    position = BigInt(row.position),
  ): void {
    const scope = client.scope;
    if ('planId' in scope ? row.plan_id !== scope.planId : row.commitment_id !== scope.commitmentId)
      return;
    const withheld = row.classification !== 'public' && !mayRead(client.reader, row);
    // A row replayed from the model and then seen again live goes out once.
    if (position <= client.lastPosition) return;
    client.lastPosition = position;
    client.res.write(frames ? (withheld ? frames.withheld : frames.shown) : frameOf(row, withheld));
  }
}

/** The SSE frame of an audit row, built once per form however many feeds it goes to. */
function frameOf(row: AuditRow, withheld: boolean): string {
  const summary = { es: row.summary_es, en: row.summary_en };
  const message: LiveMessage = {
    readModel: 'audit-trail',
    change: row.type,
    position: row.position,
    streamId: row.stream_id,
    revision: row.revision,
    commitmentId: row.commitment_id,
    planId: row.plan_id,
    summary: withheld ? withheldSummary(summary) : summary,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    classification: row.classification,
    withheld,
  };
  return `id: ${row.position}\nevent: change\ndata: ${JSON.stringify(message)}\n\n`;
}

function mayRead(reader: Reader, row: AuditRow): boolean {
  if (reader.role === 'presidency' || reader.role === 'auditor') return true;
  if (!reader.organizationId) return false;
  if (reader.role === 'institution') return row.institution_id === reader.organizationId;
  if (reader.role === 'counterpart') return row.organization_id === reader.organizationId;
  return false;
}
