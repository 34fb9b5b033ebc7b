/**
 * npm run bench:projections — in one run:
 *   1. a full rebuild of the read models from BENCH_EVENTS (default 1,000,000) hitos events
 *      through the official client, beside the same run's raw `$all` read rate through the
 *      client (the ratio is the projections' own cost; goal ≥ 70%);
 *   2. command → SSE latency p50/p99 with 50 dashboards connected while commands arrive at
 *      200/s (goal: p99 under 100 ms), against the API as `npm start` runs it. The first
 *      BENCH_WARMUP seconds at that rate warm the freshly started process up (V8 compiles the
 *      command path while it runs); they are reported apart, as the cold start, not hidden.
 *
 * Env: BENCH_EVENTS, BENCH_SECONDS (SSE phase, default 10), BENCH_DASHBOARDS (50), BENCH_RATE (200),
 * BENCH_PROFILE (a directory for the API process's CPU profile during the SSE phase).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS } from '@hitos/domain';
import { EsdbEventStore, UpcasterRegistry } from '@hitos/event-store';
import { startEventStoreServer } from '@hitos/eventstore-server';
import { EventStoreDBClient } from '@hitos/event-store/esdb-client';
import { buildProjectionFile } from '@hitos/projections';
import { HITOS_READ_MODELS as HITOS_PROJECTIONS, HITOS_STREAM_PREFIXES } from '@hitos/read-models';
import { readEventBlocks } from '@hitos/testing/server-sent-events';
import { startApiProcess } from './lib/child';
import { rawReadRate, seedHitosHistory as seed } from './lib/hitos-history';
import { freePort } from './lib/net';
import { heading, renderTable } from './lib/table';
import { envNumber, fmtInt, fmtMs, fmtPct, ratio, sleep, summarize } from './lib/util';

const hitosUpcasters = new UpcasterRegistry(HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS);

const EVENTS = envNumber('BENCH_EVENTS', 1_000_000);
const SECONDS = envNumber('BENCH_SECONDS', 10);
const WARMUP = envNumber('BENCH_WARMUP', 3);
const DASHBOARDS = envNumber('BENCH_DASHBOARDS', 50);
const RATE = envNumber('BENCH_RATE', 200);
const PROFILE_DIR = process.env.BENCH_PROFILE;

/** Command → SSE latency: DASHBOARDS feeds on the demo plan, progress reports at RATE/s. */
async function sseLatency(): Promise<{
  p50: number;
  p99: number;
  received: number;
  sent: number;
  cold: { p50: number; p99: number } | undefined;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hitos-bench-sse-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const secret = 'bench-secret';
  let api: ChildProcess | undefined;
  try {
    api = await startApiProcess({
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        HITOS_DATA_DIR: dataDir,
        HITOS_JWT_SECRET: secret,
        LOG_LEVEL: 'error',
      },
      ready: (out) => out.includes('demo tokens') || out.includes('Tokens de demostración'),
      profileDir: PROFILE_DIR,
    });
    // As a load balancer would: traffic once the API says it is healthy (its projections have
    // caught up with the demo it just loaded).
    for (let healthy = false; !healthy;) {
      healthy = (await fetch(`${base}/health`)).ok;
      if (!healthy) await sleep(100);
    }
    const token = new JwtService({ secret }).sign(
      { sub: 'bench', role: 'institution', org: 'mdt' },
      { expiresIn: 3600 },
    );
    const sentAt = new Map<string, { due: number; warmup: boolean }>();
    const latencies: number[] = [];
    const controllers: AbortController[] = [];
    // Every dashboard parses its feed; a change counts once all of them have it, at the time
    // the last one got it (a message may even arrive before the command's own answer).
    const arrivals = new Map<string, { count: number; last: number }>();
    await Promise.all(
      Array.from({ length: DASHBOARDS }, async () => {
        const controller = new AbortController();
        controllers.push(controller);
        const res = await fetch(`${base}/api/live/action-plans/ec-paea-2026-2027`, {
          signal: controller.signal,
        });
        readEventBlocks(res.body!, (block) => {
          const id = /^id: (\d+)$/m.exec(block)?.[1];
          if (!id) return;
          const seen = arrivals.get(id) ?? { count: 0, last: 0 };
          arrivals.set(id, { count: seen.count + 1, last: performance.now() });
        });
      }),
    );
    const warmups = RATE * WARMUP;
    const total = warmups + RATE * SECONDS;
    const started = performance.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      pending.push(
        fetch(`${base}/api/commitments/calidad-servicios-publicos/milestones/h2/progress-reports`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            reportId: `sse-${i}`,
            percent: 10,
            narrative: 'Avance',
            evidence: [
              {
                title: 'Acta',
                url: `https://www.trabajo.gob.ec/e/${i}.pdf`,
                sha256: 'e'.repeat(64),
                classification: 'public',
              },
            ],
          }),
        }).then(async (res) => {
          const body = (await res.json()) as { position?: string };
          // The command's answer names its position; latency counts from when it was sent.
          if (body.position) sentAt.set(body.position, { due, warmup: i < warmups });
        }),
      );
    }
    await Promise.all(pending);
    await sleep(1000);
    for (const c of controllers) c.abort();
    const coldLatencies: number[] = [];
    for (const [position, { due, warmup }] of sentAt) {
      const seen = arrivals.get(position);
      if (seen?.count === DASHBOARDS) (warmup ? coldLatencies : latencies).push(seen.last - due);
    }
    const summary = summarize(latencies);
    const cold = summarize(coldLatencies);
    return {
      p50: summary?.p50Ms ?? NaN,
      p99: summary?.p99Ms ?? NaN,
      received: latencies.length,
      sent: total - warmups,
      cold: cold ? { p50: cold.p50Ms, p99: cold.p99Ms } : undefined,
    };
  } finally {
    if (api) {
      const stopping = api;
      stopping.kill('SIGINT');
      await new Promise((resolve) => stopping.once('exit', resolve));
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  process.stdout.write(`${heading('hitos bench:projections')}\n`);
  const dataDir = mkdtempSync(join(tmpdir(), 'hitos-bench-projections-'));
  const server = await startEventStoreServer({
    dataDir: join(dataDir, 'eventstore'),
    host: '127.0.0.1',
    port: 0,
  });
  const client = EventStoreDBClient.connectionString(server.connectionString);
  try {
    process.stdout.write(`seeding ${fmtInt(EVENTS)} events…\n`);
    const seeded = await seed(client, EVENTS);
    process.stdout.write('raw $all read…\n');
    const raw = await rawReadRate(client);
    process.stdout.write(`rebuilding ${HITOS_PROJECTIONS.map((p) => p.name).join(', ')}…\n`);
    const rebuilds = [];
    for (const projection of HITOS_PROJECTIONS) {
      const report = await buildProjectionFile({
        store: new EsdbEventStore(client),
        projection,
        directory: join(dataDir, 'projections'),
        upcasters: hitosUpcasters,
        streamPrefixes: HITOS_STREAM_PREFIXES,
      });
      rebuilds.push({
        name: projection.name,
        perSecond: report.eventsPerSecond,
        seconds: report.seconds,
      });
      process.stdout.write(`  ${projection.name}: ${fmtInt(report.eventsPerSecond)} ev/s\n`);
    }
    await client.dispose();
    await server.stop();
    process.stdout.write(
      `SSE: ${DASHBOARDS} dashboards, ${RATE} commands/s for ${WARMUP} s of warm-up, then ${SECONDS} s measured…\n`,
    );
    const sse = await sseLatency();
    const rows = [
      ['seeded events', fmtInt(seeded), '', ''],
      ['raw $all read through the client', `${fmtInt(raw.perSecond)} ev/s`, '', ''],
      ...rebuilds.map((r) => [
        `rebuild ${r.name}`,
        `${fmtInt(r.perSecond)} ev/s`,
        `${fmtPct(ratio(r.perSecond, raw.perSecond))} of raw`,
        `≥ 70%: ${ratio(r.perSecond, raw.perSecond)! >= 0.7 ? 'met' : 'MISSED'}`,
      ]),
      [
        'command → SSE, p50',
        fmtMs(sse.p50),
        `${sse.received}/${sse.sent} seen by all ${DASHBOARDS}`,
        '',
      ],
      ['command → SSE, p99', fmtMs(sse.p99), '', `< 100 ms: ${sse.p99 < 100 ? 'met' : 'MISSED'}`],
      ...(sse.cold
        ? [
            [
              `cold start (first ${WARMUP} s), p50 / p99`,
              `${fmtMs(sse.cold.p50)} / ${fmtMs(sse.cold.p99)}`,
              'not counted above',
              '',
            ],
          ]
        : []),
    ];
    process.stdout.write(
      `\n${renderTable([{ header: 'measure', align: 'left' }, { header: 'value' }, { header: 'ratio', align: 'left' }, { header: 'goal', align: 'left' }], rows)}\n`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:projections failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
