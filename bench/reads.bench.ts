/**
 * npm run bench:reads — hitos's public reads beside the stack's floor, measured in the same run
 * on the same machine (issue 17):
 *   - GET /api/commitments/:id (a ~6 KB commitment, round-robin over BENCH_COMMITMENTS), as an
 *     anonymous reader, 32 connections;
 *   - the same with If-None-Match (each answer a 304);
 *   - GET /api/commitments (the first page, 20 summaries);
 *   - GET /api/action-plans/:id;
 *   - each against the floor (bench/reads-floor.app.ts: Nest 11 + Express + helmet returning
 *     the same bytes, 304s by Express's own ETag), 32 connections;
 *   - SSE fan-out: BENCH_SSE_CLIENTS (default 10,000) dashboards on
 *     GET /api/live/action-plans/:id, one change (a progress report), the time from sending
 *     the command to each client's receipt (p50, p99, the last one) and the API's RSS per
 *     connected client.
 *
 * The API runs as `npm start` does, in a child process with the embedded store; autocannon and
 * the SSE clients run in this process. Results go to bench/results/reads-<time>.json.
 *
 * Env: BENCH_SECONDS (default 10), BENCH_COMMITMENTS (default 16), BENCH_SSE_CLIENTS (default
 * 10000), BENCH_PROFILE (a directory for the API process's CPU profile), BENCH_ONLY
 * (comma-separated: commitment, 304, list, plan, floor, sse — default all),
 * BENCH_FASTIFY_MODULES (a node_modules directory holding @nestjs/platform-fastify and
 * @fastify/helmet, which hitos does not depend on: the floor is then also measured on Fastify,
 * see docs/benchmarks.md).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import autocannon from 'autocannon';
import { MDT, call, seedPlanAndParties, seedSignedCommitment, startBenchApi } from './lib/api-seed';
import { REPO_ROOT, startApiProcess } from './lib/child';
import { freePort } from './lib/net';
import { heading, renderTable } from './lib/table';
import {
  envNumber,
  fmtInt,
  fmtMB,
  fmtMs,
  fmtPct,
  processCpuMs,
  processMemory,
  ratio,
  sleep,
  summarize,
} from './lib/util';

const SECONDS = envNumber('BENCH_SECONDS', 10);
const COMMITMENTS = envNumber('BENCH_COMMITMENTS', 16);
const SSE_CLIENTS = envNumber('BENCH_SSE_CLIENTS', 10_000);
const PROFILE_DIR = process.env.BENCH_PROFILE;
const ONLY = new Set(
  (process.env.BENCH_ONLY ?? 'commitment,304,list,plan,floor,sse').split(',').map((s) => s.trim()),
);
const FASTIFY_MODULES = process.env.BENCH_FASTIFY_MODULES;
const CONNECTIONS = 32;
const MILESTONES = ['h1', 'h2', 'h3', 'h4'];

/**
 * A plan, an institution and a counterpart, and `n` commitments in implementation, each with
 * four milestones and a progress report on each (two evidence items, one of them reserved, and
 * one reserved narrative): about 6 KB of JSON per commitment, with reserved content that only
 * the parties may read.
 */
async function seed(base: string, n: number): Promise<string[]> {
  await seedPlanAndParties(base);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = await seedSignedCommitment(
      base,
      i,
      {
        title: `Compromiso ${i + 1}: datos abiertos del servicio público`,
        problem: 'La ciudadanía no conoce la calidad de los servicios públicos que recibe.',
        statusQuo: 'Los datos existen dispersos y no se publican en formatos abiertos.',
        objective: 'Publicar y mejorar con la ciudadanía la calidad de los servicios públicos.',
        howItSolves: 'Un tablero abierto, mesas de trabajo y reportes periódicos.',
        relevance: { transparency: 'Datos abiertos', participation: 'Mesas ciudadanas' },
      },
      MILESTONES.map((milestoneId, k) => ({
        milestoneId,
        deliverable: `Entregable ${k + 1}: informe público de avance del servicio`,
        weight: 25,
        due: `2027-0${k + 1}-15`,
      })),
    );
    ids.push(id);
    for (const milestoneId of MILESTONES) {
      await call(
        base,
        'POST',
        `/api/commitments/${id}/milestones/${milestoneId}/progress-reports`,
        MDT,
        {
          reportId: `r-${milestoneId}`,
          percent: 20,
          narrative:
            'Avance del hito con la participación de la contraparte y de la ciudadanía en talleres territoriales.',
          classification: milestoneId === 'h1' ? 'reserved' : 'public',
          evidence: [
            {
              title: 'Acta del taller territorial',
              url: `https://www.trabajo.gob.ec/evidencia/${id}-${milestoneId}.pdf`,
              sha256: 'c'.repeat(64),
              classification: 'public',
            },
            {
              title: 'Informe interno de la dirección',
              url: `https://www.trabajo.gob.ec/reservado/${id}-${milestoneId}.pdf`,
              sha256: 'd'.repeat(64),
              classification: 'reserved',
            },
          ],
        },
      );
    }
  }
  return ids;
}

interface CannonResult {
  requests: number;
  /** CPU time (user + system) the serving process spent per request, in microseconds. */
  cpuUsPerRequest?: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Answers with the status the row expects (200, or 304 for conditional GETs). */
  expected: number;
  unexpected: number;
}

function cannon(
  options: autocannon.Options,
  expectedStatus: number,
  seconds = SECONDS,
): Promise<CannonResult> {
  return new Promise((resolve, reject) => {
    let expected = 0;
    let unexpected = 0;
    const requests = (options.requests ?? [{}]).map((r) => ({
      ...r,
      onResponse: (status: number) => {
        if (status === expectedStatus) expected++;
        else unexpected++;
      },
    }));
    autocannon(
      { connections: CONNECTIONS, duration: seconds, ...options, requests },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          requests: result.requests.total,
          perSecond: result.requests.total / (result.duration || seconds),
          p50: result.latency.p50,
          p99: result.latency.p99,
          expected,
          unexpected: unexpected + result.errors + result.timeouts,
        });
      },
    );
  });
}

interface Target {
  base: string;
  /** The serving process, for its CPU time. */
  pid: number;
  ids: string[];
  /** The ETag each commitment's GET answered, for the conditional GETs. */
  etags: Map<string, string>;
}

type ReadName = 'commitment' | '304' | 'list' | 'plan';

/** One read at 32 connections, with the CPU time the serving process spent meanwhile. */
async function measure(target: Target, name: ReadName, seconds = SECONDS): Promise<CannonResult> {
  const cpu0 = processCpuMs(target.pid);
  const result = await load(target, name, seconds);
  const cpu1 = processCpuMs(target.pid);
  return cpu0 === undefined || cpu1 === undefined || result.requests === 0
    ? result
    : { ...result, cpuUsPerRequest: ((cpu1 - cpu0) * 1000) / result.requests };
}

/** The same load on hitos and on the floor. */
function load(target: Target, name: ReadName, seconds: number): Promise<CannonResult> {
  let n = 0;
  const next = () => target.ids[n++ % target.ids.length];
  switch (name) {
    case 'commitment':
      return cannon(
        {
          url: target.base,
          requests: [
            { method: 'GET', setupRequest: (r) => ({ ...r, path: `/api/commitments/${next()}` }) },
          ],
        },
        200,
        seconds,
      );
    case '304':
      return cannon(
        {
          url: target.base,
          requests: [
            {
              method: 'GET',
              setupRequest: (r) => {
                const id = next();
                return {
                  ...r,
                  path: `/api/commitments/${id}`,
                  headers: { 'if-none-match': target.etags.get(id)! },
                };
              },
            },
          ],
        },
        304,
        seconds,
      );
    case 'list':
      return cannon(
        { url: target.base, requests: [{ method: 'GET', path: '/api/commitments' }] },
        200,
        seconds,
      );
    case 'plan':
      return cannon(
        { url: target.base, requests: [{ method: 'GET', path: '/api/action-plans/bench-plan' }] },
        200,
        seconds,
      );
  }
}

/** The bodies (and ETags) a target answers, read once as an anonymous reader. */
async function bodiesOf(base: string, ids: string[]) {
  const commitments: Record<string, unknown> = {};
  const etags = new Map<string, string>();
  let bytes = 0;
  for (const id of ids) {
    const res = await fetch(`${base}/api/commitments/${id}`);
    const text = await res.text();
    if (res.status !== 200) throw new Error(`GET /api/commitments/${id} → ${res.status} ${text}`);
    bytes = text.length;
    commitments[id] = JSON.parse(text);
    etags.set(id, res.headers.get('etag')!);
  }
  const list = await (await fetch(`${base}/api/commitments`)).json();
  const plan = await (await fetch(`${base}/api/action-plans/bench-plan`)).json();
  return { bodies: { commitments, list, plan }, etags, bytes };
}

async function withFloor<T>(
  bodiesFile: string,
  run: (base: string, pid: number) => Promise<T>,
  adapter: 'express' | 'fastify' = 'express',
): Promise<T> {
  const port = await freePort();
  const floor = await startApiProcess({
    script: 'bench/reads-floor.app.ts',
    env: {
      PORT: String(port),
      BENCH_FLOOR_BODIES: bodiesFile,
      BENCH_FLOOR_ADAPTER: adapter,
      ...(adapter === 'fastify' && FASTIFY_MODULES
        ? { NODE_PATH: [FASTIFY_MODULES, join(REPO_ROOT, 'node_modules')].join(':') }
        : {}),
    },
    ready: (out) => out.includes('floor listening'),
    timeoutMs: 60_000,
  });
  try {
    return await run(`http://127.0.0.1:${port}`, floor.pid!);
  } finally {
    floor.kill('SIGINT');
    await new Promise((resolve) => floor.once('exit', resolve));
  }
}

interface SseResult {
  clients: number;
  connectSeconds: number;
  delivered: number;
  p50: number;
  p99: number;
  last: number;
  rssBefore: number;
  rssHalf: number;
  rssAll: number;
  perClientBytes: number;
}

/**
 * `clients` raw HTTP connections (one socket each) on the plan's live feed, opened 500 at a
 * time; then one progress report, and each client's time from sending the command to reading
 * its `change` frame.
 */
async function sseFanOut(
  base: string,
  apiPid: number,
  clients: number,
  commitmentId: string,
): Promise<SseResult> {
  const url = new URL(`${base}/api/live/action-plans/bench-plan`);
  const requests: ClientRequest[] = [];
  const receivedAt: number[] = [];
  let sentAt = 0;
  const open = () =>
    new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          agent: false,
          headers: { accept: 'text/event-stream' },
        },
        (res) => {
          if (res.statusCode !== 200) return reject(new Error(`SSE → ${res.statusCode}`));
          res.setEncoding('utf8');
          let seen = false;
          res.on('data', (chunk: string) => {
            if (!seen && sentAt > 0 && chunk.includes('event: change')) {
              seen = true;
              receivedAt.push(performance.now() - sentAt);
            }
          });
          res.on('error', () => undefined);
          resolve();
        },
      );
      req.on('error', reject);
      req.end();
      requests.push(req);
    });
  const rss = () => processMemory(apiPid)?.rss ?? NaN;
  await sleep(500);
  const rssBefore = rss();
  const started = performance.now();
  let rssHalf = rssBefore;
  for (let opened = 0; opened < clients;) {
    const batch = Math.min(500, clients - opened);
    await Promise.all(Array.from({ length: batch }, open));
    opened += batch;
    if (opened >= clients / 2 && rssHalf === rssBefore) {
      await sleep(200);
      rssHalf = rss();
    }
  }
  const connectSeconds = (performance.now() - started) / 1000;
  await sleep(1000);
  const rssAll = rss();
  sentAt = performance.now();
  await call(base, 'POST', `/api/commitments/${commitmentId}/milestones/h2/progress-reports`, MDT, {
    reportId: 'r-live',
    percent: 40,
    narrative: 'Avance en vivo.',
    evidence: [],
  });
  const deadline = performance.now() + 30_000;
  while (receivedAt.length < clients && performance.now() < deadline) await sleep(50);
  for (const req of requests) req.destroy();
  const summary = summarize(receivedAt);
  return {
    clients,
    connectSeconds,
    delivered: receivedAt.length,
    p50: summary?.p50Ms ?? NaN,
    p99: summary?.p99Ms ?? NaN,
    last: summary?.maxMs ?? NaN,
    rssBefore,
    rssHalf,
    rssAll,
    perClientBytes: (rssAll - rssBefore) / clients,
  };
}

function fmtCpu(hitosUs?: number, floorUs?: number): string {
  const us = (v?: number) => (v === undefined ? '—' : `${v.toFixed(0)} µs`);
  return `${us(hitosUs)} | ${us(floorUs)}`;
}

function openFilesLimit(): string {
  try {
    return execSync('ulimit -n', { shell: '/bin/bash' }).toString().trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hitos-bench-reads-'));
  const [apiPort, storePort] = [await freePort(), await freePort()];
  const base = `http://127.0.0.1:${apiPort}`;
  const limit = openFilesLimit();
  process.stdout.write(
    `${heading('hitos bench:reads')}\n${SECONDS} s per measure, ${CONNECTIONS} connections, ${COMMITMENTS} commitments, ${SSE_CLIENTS} SSE clients, ulimit -n ${limit}, data in ${dataDir}\n`,
  );
  const api = await startBenchApi({
    dataDir,
    apiPort,
    storePort,
    profileDir: PROFILE_DIR,
    // The fan-out's dashboards all come from this one address.
    env: { HITOS_SSE_MAX_PER_CLIENT: '100000', HITOS_SSE_MAX: '1000000' },
  });
  const reads: ReadName[] = (['commitment', '304', 'list', 'plan'] as const).filter((r) =>
    ONLY.has(r),
  );
  const hitos: Partial<Record<ReadName, CannonResult>> = {};
  const floor: Partial<Record<ReadName, CannonResult>> = {};
  const fastifyFloor: Partial<Record<ReadName, CannonResult>> = {};
  let sse: SseResult | undefined;
  let bytes = 0;
  try {
    process.stdout.write('seeding…\n');
    const ids = await seed(base, COMMITMENTS);
    await sleep(500);
    const answered = await bodiesOf(base, ids);
    bytes = answered.bytes;
    const bodiesFile = join(dataDir, 'floor-bodies.json');
    writeFileSync(bodiesFile, JSON.stringify(answered.bodies));
    const target: Target = { base, pid: api.pid!, ids, etags: answered.etags };
    // hitos and the floors side by side, read by read, so that all see the same machine (other
    // work on it comes and goes).
    const run = async (express?: Target, fastify?: Target) => {
      for (const name of reads) {
        process.stdout.write(`${name}: hitos…\n`);
        await measure(target, name, Math.min(2, SECONDS)); // warm-up
        hitos[name] = await measure(target, name);
        for (const [label, floorTarget, into] of [
          ['floor', express, floor],
          ['floor on Fastify', fastify, fastifyFloor],
        ] as const) {
          if (!floorTarget) continue;
          process.stdout.write(`${name}: ${label}…\n`);
          await measure(floorTarget, name, Math.min(2, SECONDS));
          into[name] = await measure(floorTarget, name);
        }
      }
    };
    const floorTarget = async (floorBase: string, pid: number): Promise<Target> => ({
      base: floorBase,
      pid,
      ids,
      etags: (await bodiesOf(floorBase, ids)).etags,
    });
    if (ONLY.has('floor') && reads.length > 0) {
      await withFloor(bodiesFile, async (expressBase, expressPid) => {
        const express = await floorTarget(expressBase, expressPid);
        if (!FASTIFY_MODULES) return run(express);
        await withFloor(
          bodiesFile,
          async (fastifyBase, fastifyPid) =>
            run(express, await floorTarget(fastifyBase, fastifyPid)),
          'fastify',
        );
      });
    } else {
      await run();
    }
    if (ONLY.has('sse')) {
      process.stdout.write(`SSE fan-out: ${SSE_CLIENTS} clients…\n`);
      sse = await sseFanOut(base, api.pid!, SSE_CLIENTS, ids[0]);
    }
  } finally {
    api.kill('SIGINT');
    await new Promise((resolve) => api.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }

  const LABELS: Record<ReadName, string> = {
    commitment: `GET /api/commitments/:id (${(bytes / 1024).toFixed(1)} KB)`,
    '304': 'GET /api/commitments/:id, If-None-Match → 304',
    list: 'GET /api/commitments (20 items)',
    plan: 'GET /api/action-plans/:id',
  };
  const GOAL: Record<ReadName, number> = { commitment: 0.5, '304': 0.8, list: 0.5, plan: 0.5 };
  const rows: string[][] = [];
  for (const name of reads) {
    const h = hitos[name]!;
    const f = floor[name];
    const r = ratio(h.perSecond, f?.perSecond);
    rows.push([
      LABELS[name],
      `${fmtInt(h.perSecond)} req/s`,
      fmtMs(h.p50),
      fmtMs(h.p99),
      f ? `${fmtInt(f.perSecond)} req/s` : '—',
      f ? fmtMs(f.p99) : '—',
      fmtPct(r),
      fmtCpu(h.cpuUsPerRequest, f?.cpuUsPerRequest),
      r === undefined ? '' : `≥ ${fmtPct(GOAL[name])}: ${r >= GOAL[name] ? 'met' : 'MISSED'}`,
    ]);
  }
  process.stdout.write(
    `\n${renderTable(
      [
        { header: 'read (32 connections)', align: 'left' },
        { header: 'hitos' },
        { header: 'p50' },
        { header: 'p99' },
        { header: 'floor' },
        { header: 'floor p99' },
        { header: 'ratio' },
        { header: 'CPU/request hitos | floor' },
        { header: 'goal', align: 'left' },
      ],
      rows,
    )}\n`,
  );
  const unexpected = reads.reduce(
    (n, name) =>
      n +
      hitos[name]!.unexpected +
      (floor[name]?.unexpected ?? 0) +
      (fastifyFloor[name]?.unexpected ?? 0),
    0,
  );
  if (FASTIFY_MODULES) {
    process.stdout.write(
      `the floor on Fastify (@nestjs/platform-fastify + @fastify/helmet), same bytes, measured beside the rows above: ` +
        reads
          .map((name) => {
            const f = fastifyFloor[name];
            return f
              ? `${name} ${fmtInt(f.perSecond)} req/s, p99 ${fmtMs(f.p99)}, ${f.cpuUsPerRequest?.toFixed(0) ?? '—'} µs CPU/request`
              : `${name} —`;
          })
          .join('; ') +
        '\n',
    );
  }
  process.stdout.write(`answers with another status than expected: ${unexpected}\n`);
  if (sse) {
    process.stdout.write(
      `SSE fan-out: ${fmtInt(sse.clients)} clients connected in ${sse.connectSeconds.toFixed(1)} s; one change delivered to ${fmtInt(sse.delivered)}: ` +
        `p50 ${fmtMs(sse.p50)}, p99 ${fmtMs(sse.p99)}, last ${fmtMs(sse.last)} (p99 < 1 s: ${sse.delivered === sse.clients && sse.p99 < 1000 ? 'met' : 'MISSED'}); ` +
        `API RSS ${fmtMB(sse.rssBefore)} → ${fmtMB(sse.rssHalf)} (half) → ${fmtMB(sse.rssAll)}: ${(sse.perClientBytes / 1024).toFixed(1)} KB per client\n`,
    );
  }
  const resultsDir = join(REPO_ROOT, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `reads-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        seconds: SECONDS,
        connections: CONNECTIONS,
        bodyBytes: bytes,
        hitos,
        floor,
        fastifyFloor,
        sse,
        limit,
      },
      null,
      2,
    ),
  );
  process.stdout.write(`results: ${file}\n`);
  if (unexpected > 0 || (sse && sse.delivered < sse.clients)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:reads failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
