import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The process's Prometheus registry, with Node's default metrics and hitos's own. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'hitos_http_request_duration_seconds',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'hitos_commands_total',
    help: 'Commands handled, by stream category and outcome (appended, unchanged, replayed, rejected, stale, conflict, failed)',
    labelNames: ['stream_category', 'outcome'],
    registers: [this.registry],
  });

  readonly workflowCommands = new Counter({
    name: 'hitos_workflow_commands_total',
    help: 'Commands the workflow engine issued, by work (redesign, timer) and outcome (recorded, unchanged, refused)',
    labelNames: ['work', 'outcome'],
    registers: [this.registry],
  });

  readonly notices = new Counter({
    name: 'hitos_notices_total',
    help: 'Notices by channel (email, webhook) and outcome (queued, sent, retry, failed, no-transport)',
    labelNames: ['channel', 'outcome'],
    registers: [this.registry],
  });

  readonly commandRequests = new Counter({
    name: 'hitos_command_requests_total',
    help: 'Commands asked over HTTP, by command type and outcome (ok, refused, conflict, error), with the HTTP status and the problem code of a refusal',
    labelNames: ['command', 'outcome', 'status', 'code'],
    registers: [this.registry],
  });

  readonly commandDuration = new Histogram({
    name: 'hitos_command_duration_seconds',
    help: 'Time from a command request arriving to its answer, by command type and outcome',
    labelNames: ['command', 'outcome'],
    buckets: [0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly eventsAppended = new Counter({
    name: 'hitos_events_appended_total',
    help: 'Events appended to the store by commands of this process (HTTP and workflow engine), by stream category',
    labelNames: ['stream_category'],
    registers: [this.registry],
  });

  readonly httpInFlight = new Gauge({
    name: 'hitos_http_requests_in_flight',
    help: 'HTTP requests received and not yet answered (live feeds included)',
    registers: [this.registry],
  });

  readonly sseClients = new Gauge({
    name: 'hitos_sse_clients',
    help: 'Live feeds (Server-Sent Events) open now',
    registers: [this.registry],
  });

  readonly throttled = new Counter({
    name: 'hitos_http_throttled_total',
    help: 'Requests refused or shed by the throttler, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });

  private projectionLag?: () => Promise<{ name: string; events: number; seconds: number }[]>;

  readonly projectionLagEvents = new Gauge({
    name: 'hitos_projection_lag_events',
    help: 'Events of $all a projection has yet to apply, measured against the live end',
    labelNames: ['projection'],
    registers: [this.registry],
    collect: () => this.collectLag(),
  });

  readonly projectionLagSeconds = new Gauge({
    name: 'hitos_projection_lag_seconds',
    help: 'Age of the oldest event a projection has yet to apply',
    labelNames: ['projection'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'hitos_' });
  }

  /** Where the projection lag comes from, read at every scrape. */
  observeProjections(
    lag: () => Promise<{ name: string; events: number; seconds: number }[]>,
  ): void {
    this.projectionLag = lag;
  }

  private async collectLag(): Promise<void> {
    if (!this.projectionLag) return;
    for (const lag of await this.projectionLag()) {
      this.projectionLagEvents.set({ projection: lag.name }, lag.events);
      this.projectionLagSeconds.set({ projection: lag.name }, lag.seconds);
    }
  }
}

/**
 * Times every HTTP request, refused ones included, under its route pattern (not its URL, to
 * keep label sets small).
 */
export function httpMetricsMiddleware(metrics: Metrics) {
  return (request: Request, response: Response, next: () => void) => {
    const stop = metrics.httpDuration.startTimer({ method: request.method });
    metrics.httpInFlight.inc();
    response.once('close', () => metrics.httpInFlight.dec());
    response.once('finish', () => {
      const route = request.route?.path ? `${request.baseUrl}${request.route.path}` : 'unmatched';
      stop({ route, status: String(response.statusCode) });
    });
    next();
  };
}

/** One registry for the process, made before DI so that module options can count into it. */
export const processMetrics = new Metrics();

/**
 * Counts one request the throttler refused or shed (`hitos_http_throttled_total{reason}`). The
 * reason is one of a few fixed words (e.g. `rate`, `overload`), never an id or an address.
 */
export function countThrottled(reason: string): void {
  processMetrics.throttled.inc({ reason });
}
