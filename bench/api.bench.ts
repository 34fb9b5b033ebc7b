/**
 * npm run bench:api — commands per second over HTTP, beside three ceilings measured in the same
 * run on the same machine:
 *   - the bare `GET /health` rate of the same API (what HTTP, Nest and the guard cost),
 *   - the store's own append rate through the official client, with as many writers, against
 *     the very event store the API uses, and
 *   - the stack's floor (bench/api-floor.app.ts): Nest, the API's ValidationPipe and DTO and
 *     one append through the official client per request, nothing of hitos — the most any API
 *     on this stack could do here.
 * Plus latency p50/p99 at a fixed offered rate of 200 commands/s, sent open-loop.
 *
 * The API runs as `npm start` does, in a child process (with the embedded store as its own
 * child); autocannon drives it from this process. The command is a progress report with one
 * evidence item (~600 bytes of JSON), round-robin over 64 commitments in implementation, so
 * that it loads, folds, decides and appends like real traffic.
 *
 * Then evidence uploads (bench/lib/evidence-uploads.ts): 32 clients filing distinct 1 MiB
 * documents to POST /api/evidence, in MiB/s beside the disk's sequential write rate (write +
 * fsync of the same total in the same directory, same run), and the API's RSS while they run.
 *
 * Env: BENCH_SECONDS (default 10), BENCH_COMMITMENTS (default 64), BENCH_RATE (default 200),
 * BENCH_UPLOADS_PER_CLIENT (default 4: 32 × 4 × 1 MiB = 128 MiB), BENCH_PROFILE (a directory
 * for the API process's CPU profile).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { EventStoreDBClient, jsonEvent } from '@hitos/event-store/esdb-client';
import { seedPlanAndParties, seedSignedCommitment, startBenchApi, token } from './lib/api-seed';
import { startApiProcess } from './lib/child';
import { evidenceUploads } from './lib/evidence-uploads';
import { freePort } from './lib/net';
import { eventData } from './lib/payload';
import { renderTable, heading } from './lib/table';
import {
  envNumber,
  fmtInt,
  fmtMB,
  fmtMs,
  fmtPct,
  processCpuMs,
  ratio,
  sleep,
  summarize,
} from './lib/util';

const SECONDS = envNumber('BENCH_SECONDS', 10);
const COMMITMENTS = envNumber('BENCH_COMMITMENTS', 64);
const RATE = envNumber('BENCH_RATE', 200);
const UPLOADS_PER_CLIENT = envNumber('BENCH_UPLOADS_PER_CLIENT', 4);
/** BENCH_PROFILE=dir: the API process writes a CPU profile there when it stops. */
const PROFILE_DIR = process.env.BENCH_PROFILE;
/** A plan, one institution and counterpart, and `n` commitments signed and in implementation. */
async function seed(base: string, n: number): Promise<string[]> {
  await seedPlanAndParties(base);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(
      await seedSignedCommitment(
        base,
        i,
        {
          title: `Compromiso ${i + 1}`,
          problem: 'Problema',
          statusQuo: 'Situación actual',
          objective: 'Objetivo',
          howItSolves: 'Contribución',
          relevance: { transparency: 'Datos abiertos' },
        },
        [{ milestoneId: 'h1', deliverable: 'Entregable', weight: 100, due: '2027-12-15' }],
      ),
    );
  }
  return ids;
}

interface CannonResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

function cannon(options: autocannon.Options): Promise<CannonResult> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => {
      if (error) return reject(error);
      resolve({
        requests: result.requests.total,
        perSecond: result.requests.total / (result.duration || SECONDS),
        p50: result.latency.p50,
        p99: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
      });
    });
  });
}

type Measured = CannonResult & { apiCpuMs?: number; storeCpuMs?: number };

/** The store's process: the API's child (it starts the embedded store in a process of its own). */
function childPidOf(pid: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
    return children[0] ? Number(children[0]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs a load and reads the CPU time the API process and the store's process spent meanwhile:
 * CPU per command moves much less than throughput when other work shares the machine.
 */
async function withCpu(apiPid: number, run: () => Promise<CannonResult>): Promise<Measured> {
  const storePid = childPidOf(apiPid);
  const cpu = () => [processCpuMs(apiPid), storePid ? processCpuMs(storePid) : undefined];
  const [api0, store0] = cpu();
  const result = await run();
  const [api1, store1] = cpu();
  const delta = (a?: number, b?: number) =>
    a !== undefined && b !== undefined ? b - a : undefined;
  return { ...result, apiCpuMs: delta(api0, api1), storeCpuMs: delta(store0, store1) };
}

const fmtCpu = (ms: number | undefined, requests: number) =>
  ms === undefined || requests === 0 ? '—' : `${((ms / requests) * 1000).toFixed(0)} µs`;

/** The first few failed answers, printed after the run so that a failure is never just a count. */
const failures: string[] = [];
/** Report ids stay unique across runs: a repeated id is a domain error, not load. */
let seq = 0;

function reportBody(n: number): string {
  return JSON.stringify({
    reportId: `r-${n}`,
    percent: 10,
    narrative:
      'Avance del hito con la participación de la contraparte y de la ciudadanía en talleres territoriales.',
    evidence: [
      {
        title: 'Acta del taller territorial',
        url: `https://www.trabajo.gob.ec/evidencia/${n}.pdf`,
        sha256: 'c'.repeat(64),
        classification: 'public',
      },
    ],
  });
}

/**
 * An open loop: request i is sent at t0 + i/rate whether or not earlier ones have answered,
 * and its latency counts from that scheduled time, so that queueing shows (a closed loop of
 * connections would wait politely and hide it).
 */
async function openLoop(base: string, ids: string[], rate: number): Promise<CannonResult> {
  const auth = token('institution', 'mdt');
  const total = Math.round(rate * SECONDS);
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const n = seq++;
    inFlight.push(
      fetch(`${base}/api/commitments/${ids[n % ids.length]}/milestones/h1/progress-reports`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: reportBody(n),
      }).then(async (res) => {
        const text = await res.text();
        latencies.push(performance.now() - due);
        if (res.status >= 300) {
          failed++;
          if (failures.length < 5) failures.push(`${res.status} ${text.slice(0, 300)}`);
        }
      }),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  const summary = summarize(latencies)!;
  return {
    requests: total,
    perSecond: total / elapsed,
    p50: summary.p50Ms,
    p99: summary.p99Ms,
    non2xx: failed,
    errors: 0,
  };
}

function progressReports(
  base: string,
  ids: string[],
  connections: number,
  extra: Partial<autocannon.Options> = {},
) {
  const auth = token('institution', 'mdt');
  return cannon({
    url: base,
    connections,
    duration: SECONDS,
    ...extra,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const n = seq++;
          const id = ids[n % ids.length];
          return {
            ...request,
            path: `/api/commitments/${id}/milestones/h1/progress-reports`,
            headers: { authorization: auth, 'content-type': 'application/json' },
            body: reportBody(n),
          };
        },
        onResponse: (status: number, body: string) => {
          if (status >= 300 && failures.length < 5)
            failures.push(`${status} ${body.slice(0, 300)}`);
        },
      },
    ],
  });
}

/**
 * The same 32-client load against the stack's floor (bench/api-floor.app.ts), in its own
 * process against the same store, started after the API's runs and stopped before the table.
 */
async function floorRate(connectionString: string, ids: string[]): Promise<CannonResult> {
  const port = await freePort();
  const floor = await startApiProcess({
    script: 'bench/api-floor.app.ts',
    env: { PORT: String(port), EVENTSTORE_CONNECTION_STRING: connectionString },
    ready: (out) => out.includes('floor listening'),
    timeoutMs: 60_000,
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await progressReports(base, ids, 32, { duration: Math.min(3, SECONDS) }); // warm-up
    return await progressReports(base, ids, 32);
  } finally {
    floor.kill('SIGINT');
    await new Promise((resolve) => floor.once('exit', resolve));
  }
}

/** 32 writers appending one ~500-byte event each, back to back, for SECONDS: the store alone. */
async function storeAppendRate(connectionString: string, writers: number): Promise<number> {
  const client = EventStoreDBClient.connectionString(connectionString);
  const until = Date.now() + SECONDS * 1000;
  let total = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let seq = 0; Date.now() < until; seq++) {
        await client.appendToStream(
          `store-bench-${w}`,
          jsonEvent({ type: 'MilestoneProgressReported', data: eventData(seq, w) as never }),
        );
        total++;
      }
    }),
  );
  const rate = total / ((Date.now() - started) / 1000);
  await client.dispose();
  return rate;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hitos-bench-api-'));
  const [apiPort, storePort] = [await freePort(), await freePort()];
  const base = `http://127.0.0.1:${apiPort}`;
  process.stdout.write(
    `${heading('hitos bench:api')}\n${SECONDS} s per measure, ${COMMITMENTS} commitments, data in ${dataDir}\n`,
  );
  const api = await startBenchApi({ dataDir, apiPort, storePort, profileDir: PROFILE_DIR });
  try {
    process.stdout.write('seeding…\n');
    const ids = await seed(base, COMMITMENTS);
    await sleep(500);
    process.stdout.write('GET /health, 32 connections…\n');
    const health = await cannon({ url: `${base}/health`, connections: 32, duration: SECONDS });
    process.stdout.write('commands, 1 client…\n');
    const one = await withCpu(api.pid!, () => progressReports(base, ids, 1));
    process.stdout.write('commands, 32 clients…\n');
    const many = await withCpu(api.pid!, () => progressReports(base, ids, 32));
    process.stdout.write(`commands at a fixed ${RATE}/s…\n`);
    const fixed = await withCpu(api.pid!, () => openLoop(base, ids, RATE));
    process.stdout.write('the store alone, 1 and 32 writers…\n');
    const store1 = await storeAppendRate(`esdb://127.0.0.1:${storePort}?tls=false`, 1);
    const store32 = await storeAppendRate(`esdb://127.0.0.1:${storePort}?tls=false`, 32);
    process.stdout.write('the stack floor (Nest + validation + one append), 32 clients…\n');
    const floor32 = await floorRate(`esdb://127.0.0.1:${storePort}?tls=false`, ids);
    process.stdout.write(`evidence uploads, 32 clients × ${UPLOADS_PER_CLIENT} × 1 MiB…\n`);
    const uploads = await evidenceUploads({
      base,
      auth: token('institution', 'mdt'),
      apiPid: api.pid!,
      evidenceDir: join(dataDir, 'evidence'),
      clients: 32,
      perClient: UPLOADS_PER_CLIENT,
    });

    const failed = [one, many, fixed, floor32].reduce((n, r) => n + r.non2xx + r.errors, 0);
    const rows = [
      [
        'GET /health, 32 connections',
        `${fmtInt(health.perSecond)} req/s`,
        fmtMs(health.p50),
        fmtMs(health.p99),
        '',
        '',
      ],
      ['store append, 1 writer (client)', `${fmtInt(store1)} appends/s`, '', '', '', ''],
      ['store append, 32 writers (client)', `${fmtInt(store32)} appends/s`, '', '', '', ''],
      [
        'commands over HTTP, 1 client',
        `${fmtInt(one.perSecond)} cmd/s`,
        fmtMs(one.p50),
        fmtMs(one.p99),
        `${fmtPct(ratio(one.perSecond, store1))} of store (1)`,
        '',
      ],
      [
        'commands over HTTP, 32 clients',
        `${fmtInt(many.perSecond)} cmd/s`,
        fmtMs(many.p50),
        fmtMs(many.p99),
        `${fmtPct(ratio(many.perSecond, store32))} of store (32)`,
        `≥ 50%: ${ratio(many.perSecond, store32)! >= 0.5 ? 'met' : 'MISSED'}`,
      ],
      ['', '', '', '', `${fmtPct(ratio(many.perSecond, health.perSecond))} of /health`, ''],
      ['', '', '', '', `${fmtPct(ratio(many.perSecond, floor32.perSecond))} of the floor`, ''],
      [
        'stack floor, 32 clients (Nest + validation + one append)',
        `${fmtInt(floor32.perSecond)} req/s`,
        fmtMs(floor32.p50),
        fmtMs(floor32.p99),
        `${fmtPct(ratio(floor32.perSecond, store32))} of store (32)`,
        '',
      ],
      [
        `commands at ${RATE}/s offered`,
        `${fmtInt(fixed.perSecond)} cmd/s`,
        fmtMs(fixed.p50),
        fmtMs(fixed.p99),
        '',
        `p99 < 25 ms: ${fixed.p99 < 25 ? 'met' : 'MISSED'}`,
      ],
    ];
    process.stdout.write(
      `\n${renderTable(
        [
          { header: 'measure', align: 'left' },
          { header: 'rate' },
          { header: 'p50' },
          { header: 'p99' },
          { header: 'ratio', align: 'left' },
          { header: 'goal', align: 'left' },
        ],
        rows,
      )}\n`,
    );
    process.stdout.write(
      `CPU per command (the API process, its projections and workflow engine included | the store's process): ` +
        [
          ['1 client', one],
          ['32 clients', many],
          [`${RATE}/s`, fixed],
        ]
          .map(([label, r]) => {
            const run = r as Measured;
            return `${label} ${fmtCpu(run.apiCpuMs, run.requests)} | ${fmtCpu(run.storeCpuMs, run.requests)}`;
          })
          .join(', ') +
        '\n',
    );
    process.stdout.write(
      `evidence uploads, 32 clients: ${uploads.files} files of 1 MiB in ${uploads.seconds.toFixed(1)} s = ${uploads.mibPerSecond.toFixed(1)} MiB/s; ` +
        `disk sequential write+fsync, same directory, same total: ${uploads.diskMibPerSecond.toFixed(1)} MiB/s; ` +
        `ratio ${fmtPct(ratio(uploads.mibPerSecond, uploads.diskMibPerSecond))}; ` +
        `API RSS during the uploads ${fmtMB(uploads.rss.min)}–${fmtMB(uploads.rss.max)} (${uploads.rss.samples} samples)\n`,
    );
    for (const failure of uploads.failures) process.stdout.write(`  upload failed: ${failure}\n`);
    process.stdout.write(`non-2xx answers or errors during the command runs: ${failed}\n`);
    for (const failure of failures) process.stdout.write(`  ${failure}\n`);
    if (failed > 0 || uploads.failures.length > 0) process.exitCode = 1;
  } finally {
    api.kill('SIGINT');
    await new Promise((resolve) => api.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:api failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
