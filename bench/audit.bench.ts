/**
 * npm run bench:audit — the auditors' tools over BENCH_EVENTS (default 1,000,000) hitos events,
 * against the embedded store in its own process (as `npm start` runs it), each beside the raw
 * `$all` read rate through the official client in the same run:
 *   1. the transparency log's tree built from `$all` (goal ≥ 70% of the raw read);
 *   2. `verifyHistory` over the whole store with the log's database, as `hitos audit verify`
 *      runs it (goal ≥ 70% of the raw read); each beside its floor: the same read doing only
 *      the hashing any build or verifier must, each leaf's hash (and chain link's, for verify);
 *   3. inclusion and consistency proofs at that size over HTTP, against the API as `npm start`
 *      runs it (goal: p99 under 10 ms);
 *   4. the plan-wide audit trail exported as NDJSON over HTTP: rows/s and the API's peak RSS
 *      (goal: flat, whatever the size).
 * Then `npm run bench:audit` runs bench/time-travel.bench.ts: past states at the same size.
 *
 * Env: BENCH_EVENTS, BENCH_PROOFS (proofs of each kind, default 1000), BENCH_PROFILE (a directory
 * for the API process's CPU profile, written when it stops), BENCH_TRACE_HEALTH (print every
 * /health the bench polls while waiting for the API to catch up).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EsdbEventStore, UpcasterRegistry } from '@hitos/event-store';
import { EventStoreDBClient } from '@hitos/event-store/esdb-client';
import { EmbeddedEventStore } from '@hitos/eventstore-server';
import { HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS } from '@hitos/domain';
import { ProjectionStore, projectionFile, rebuildProjection } from '@hitos/projections';
import {
  FoldCheckpointFile,
  FoldCheckpointing,
  HITOS_STREAM_PREFIXES,
  commitmentDetailProjection,
  commitmentLengths,
  foldCheckpointsFile,
  foldOf,
} from '@hitos/read-models';
import {
  eventDigests,
  generateSignerKey,
  isLeaf,
  openLogDatabase,
  transparencyLogProjection,
  verifyHistory,
} from '@hitos/transparency';
import { hitosProjections, loadWorkflowPolicy } from '@hitos/workflows';
import { startApiProcess } from './lib/child';
import { rawReadRate, seedHitosHistory } from './lib/hitos-history';
import { freePort } from './lib/net';
import { heading, renderTable } from './lib/table';
import { envNumber, fmtInt, fmtMs, fmtPct, ratio, sleep, summarize } from './lib/util';

const EVENTS = envNumber('BENCH_EVENTS', 1_000_000);
const PROOFS = envNumber('BENCH_PROOFS', 1000);
const WARMUP = envNumber('BENCH_PROOF_WARMUP', 200);
/** 0: leave the fold checkpoints to the API's background, which then runs during the proofs. */
const PREBUILD_FOLDS = envNumber('BENCH_PREBUILD_FOLDS', 1) !== 0;
/** The API's default HITOS_TIME_TRAVEL_CHECKPOINT_EVERY. */
const FOLD_EVERY = 250;

/**
 * Every `step`-th event id of `$all` (leaves only), to ask proofs spread over the tree, and the
 * number of leaves: the tree's size.
 */
async function sampleLeaves(
  client: EventStoreDBClient,
  step: number,
): Promise<{ ids: string[]; leaves: number }> {
  const ids: string[] = [];
  let leaves = 0;
  for await (const { event } of client.readAll()) {
    if (!event || event.streamId.startsWith('$')) continue;
    if (leaves++ % step === 0) ids.push(event.id);
  }
  return { ids, leaves };
}

function describe(samples: number[]): string {
  if (samples.length === 0) return 'none';
  const s = summarize(samples)!;
  return `${fmtMs(s.p50Ms)} / ${fmtMs(s.p99Ms)} / ${fmtMs(Math.max(...samples))}`;
}

async function timed(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return performance.now() - started;
}

/** The peak resident set of a process so far (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
  return line ? Number(line[1]) / 1024 : Number.NaN;
}

/** Streams an NDJSON export to its end, counting lines, and the API's peak RSS around it. */
async function exportTrail(
  url: string,
  pid: number,
): Promise<{ rows: number; rowsPerSecond: number; rssBeforeMb: number; peakRssMb: number }> {
  const rssBeforeMb = peakRssMb(pid);
  const started = performance.now();
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`${url}: ${response.status}`);
  let rows = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    for (const byte of chunk) if (byte === 10) rows++;
  }
  const seconds = (performance.now() - started) / 1000;
  return { rows, rowsPerSecond: rows / seconds, rssBeforeMb, peakRssMb: peakRssMb(pid) };
}

/**
 * The least any build or check of the log does over this history: read `$all` through the same
 * port as the tree's build and `verifyHistory`, and recompute every leaf's hash — and, for
 * verify, every chain link's — with the functions they use, keeping nothing, comparing nothing.
 * What the tree or verify does beyond that is its own cost. With no hashing, what the port
 * costs over the client's raw read.
 */
async function hashingFloorRate(
  store: EsdbEventStore,
  hashing: 'none' | 'leaves' | 'leaves and links',
): Promise<number> {
  const started = performance.now();
  let events = 0;
  let digested = 0;
  const links = hashing === 'leaves and links';
  for await (const event of store.readAll()) {
    events++;
    if (hashing === 'none' || !isLeaf(event.streamId)) continue;
    const metadata = event.metadata as { integrity?: unknown } | undefined;
    const withLink = links && metadata?.integrity !== undefined;
    if (eventDigests(event, withLink).leaf.length > 0) digested++;
  }
  if (hashing !== 'none' && digested === 0) throw new Error('the floor hashed nothing');
  return events / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  process.stdout.write(`${heading('hitos bench:audit')}\n`);
  const dataDir = mkdtempSync(join(tmpdir(), 'hitos-bench-audit-'));
  let api: ChildProcess | undefined;
  try {
    const server = await EmbeddedEventStore.start({
      dataDir: join(dataDir, 'eventstore'),
      host: '127.0.0.1',
      port: 0,
      childOutput: 'errors',
    });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    process.stdout.write(`seeding ${fmtInt(EVENTS)} events…\n`);
    const seeded = await seedHitosHistory(client, EVENTS);
    process.stdout.write('raw $all read…\n');
    const raw = await rawReadRate(client);
    const store = new EsdbEventStore(client);
    const directory = join(dataDir, 'projections');
    process.stdout.write('building the transparency log…\n');
    const tree = await rebuildProjection({
      store,
      projection: transparencyLogProjection,
      directory,
      streamPrefixes: [''],
    });
    process.stdout.write('verifying the history against the log…\n');
    const logDb = openLogDatabase(dataDir)!;
    const verifyStarted = performance.now();
    const verified = await verifyHistory({
      store,
      verifierKey: generateSignerKey('bench.hitos.example/log').verifierKey,
      db: logDb,
    });
    const verifySeconds = (performance.now() - verifyStarted) / 1000;
    logDb.close();
    if (verified.findings.length > 0) {
      throw new Error(`verify found ${verified.findings.length} findings in an untouched store`);
    }
    const verifyRate = verified.eventsRead / verifySeconds;
    process.stdout.write('the floors: the read and the hashes alone…\n');
    const portRead = await hashingFloorRate(store, 'none');
    const treeFloor = await hashingFloorRate(store, 'leaves');
    const floor = await hashingFloorRate(store, 'leaves and links');
    // The raw read again: on a shared machine the load moves between the reads, and the
    // ratios are taken against the mean of the read before and the read after.
    process.stdout.write('raw $all read again…\n');
    const rawAfter = await rawReadRate(client);
    const rawRate = (raw.perSecond + rawAfter.perSecond) / 2;
    // The API's own read models, built ahead so that its runners are caught up while proofs
    // are measured (the measure is the proofs', not a catch-up's).
    process.stdout.write('building the read models the API starts with…\n');
    const upcasters = new UpcasterRegistry(HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS);
    for (const projection of hitosProjections(loadWorkflowPolicy({}))) {
      await rebuildProjection({
        store,
        projection,
        directory,
        upcasters,
        streamPrefixes: HITOS_STREAM_PREFIXES,
      });
    }
    // The fold checkpoints the API's background builds after its projections (one per 250
    // events of a commitment: some 2,500 at 1M events), built ahead too: otherwise the proofs
    // below are measured while the API spends minutes building them, turn after turn.
    let foldsBuilt = 0;
    let foldsMs = 0;
    if (PREBUILD_FOLDS) {
      process.stdout.write('building the fold checkpoints the API builds in the background…\n');
      const foldsStarted = performance.now();
      const details = ProjectionStore.openReadonly(
        commitmentDetailProjection,
        projectionFile(directory, commitmentDetailProjection.name),
      );
      const lengths = commitmentLengths(details.db, FOLD_EVERY);
      details.close();
      const file = FoldCheckpointFile.open(foldCheckpointsFile(directory), [
        foldOf(commitmentDetailProjection),
      ]);
      const building = new FoldCheckpointing({ store, file, upcasters, every: FOLD_EVERY });
      for (;;) {
        const made = await building.catchUp(lengths, 1_000);
        foldsBuilt += made.built;
        if (made.built === 0 || made.stillDue === 0) break;
      }
      file.close();
      foldsMs = performance.now() - foldsStarted;
    }
    const step = Math.max(1, Math.floor(seeded / PROOFS));
    const sample = await sampleLeaves(client, step);
    const ids = sample.ids.slice(0, PROOFS);
    await client.dispose();
    await server.stop();

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    api = await startApiProcess({
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        HITOS_DATA_DIR: dataDir,
        HITOS_DEMO: 'false',
        HITOS_WORKFLOWS: 'false',
        HITOS_CHECKPOINT_INTERVAL_MS: '0',
        LOG_LEVEL: 'error',
      },
      ready: (out) => out.length > 0,
      profileDir: process.env.BENCH_PROFILE,
      timeoutMs: 120_000,
    });
    for (let healthy = false; !healthy;) {
      healthy = await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (!healthy) await sleep(200);
    }
    // Proofs are measured on an API at rest: its read models caught up with the store (those
    // the bench did not build ahead, such as the notices' outbox, catch up now, in the API's
    // event loop, and would be measured with the proofs otherwise).
    const catchUpStarted = performance.now();
    // Caught up is every projection at lag 0 in two polls in a row (one could fall between a
    // batch applied and the next received); read from `details`, which /health fills whether
    // it answers up or down, and a projection reported failing or stalled ends the bench.
    for (let zeroPolls = 0; zeroPolls < 2;) {
      const health = (await fetch(`${base}/health`).then((r) => r.json())) as {
        status: string;
        details?: { projections?: Record<string, unknown> };
      };
      const projections = health.details?.projections;
      if (projections?.status !== 'up') {
        throw new Error(`the API's read side is down: ${JSON.stringify(health.details)}`);
      }
      const behind = Object.values(projections).some(
        (p) => typeof p === 'object' && ((p as { lagEvents?: number }).lagEvents ?? 0) > 0,
      );
      zeroPolls = behind ? 0 : zeroPolls + 1;
      if (process.env.BENCH_TRACE_HEALTH) process.stdout.write(`${JSON.stringify(health)}\n`);
      await sleep(500);
    }
    const catchUpSeconds = (performance.now() - catchUpStarted) / 1000;
    process.stdout.write(`the API's read models caught up in ${catchUpSeconds.toFixed(1)} s\n`);
    const size = sample.leaves;
    // A server that has just started compiles its routes, validators and serializers on the
    // first requests it serves: those are a start-up cost, not a proof's, and with 1,000
    // samples the ten slowest are the p99. BENCH_PROOF_WARMUP requests of each kind first.
    process.stdout.write(`warming up with ${fmtInt(WARMUP)} proofs of each kind…\n`);
    const coldInclusion: number[] = [];
    const coldConsistency: number[] = [];
    for (let i = 0; i < WARMUP; i++) {
      const id = ids[i % ids.length];
      coldInclusion.push(
        await timed(`${base}/api/transparency/proofs/inclusion?eventId=${id}&treeSize=${size}`),
      );
      coldConsistency.push(
        await timed(
          `${base}/api/transparency/proofs/consistency?from=${1 + (i % (size - 1))}&to=${size}`,
        ),
      );
    }
    process.stdout.write(`proofs at ${fmtInt(size)} events over HTTP…\n`);
    const inclusion: number[] = [];
    for (const id of ids)
      inclusion.push(
        await timed(`${base}/api/transparency/proofs/inclusion?eventId=${id}&treeSize=${size}`),
      );
    const consistency: number[] = [];
    for (let i = 1; i <= PROOFS; i++) {
      const from = Math.max(1, Math.floor((size * i) / (PROOFS + 1)));
      consistency.push(
        await timed(`${base}/api/transparency/proofs/consistency?from=${from}&to=${size}`),
      );
    }
    process.stdout.write('exporting the audit trail as NDJSON over HTTP…\n');
    const exported = await exportTrail(`${base}/api/audit-trail?format=ndjson`, api.pid!);
    const slowest = (samples: number[]) =>
      samples
        .map((ms, i) => ({ ms, i }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 10)
        .map(({ ms, i }) => `#${i} ${fmtMs(ms)}`)
        .join(', ');
    process.stdout.write(
      `first ${fmtInt(WARMUP)} requests (warm-up, not counted): inclusion p50/p99/max ${describe(coldInclusion)}; consistency ${describe(coldConsistency)}\n` +
        `the ten slowest measured: inclusion ${slowest(inclusion)}\n  consistency ${slowest(consistency)}\n`,
    );
    const inc = summarize(inclusion)!;
    const con = summarize(consistency)!;
    const rows = [
      ['seeded events', fmtInt(seeded), '', ''],
      [
        'fold checkpoints built before the API starts',
        PREBUILD_FOLDS ? `${fmtInt(foldsBuilt)} in ${fmtMs(foldsMs)}` : 'none: the API builds them',
        '',
        '',
      ],
      [
        'raw $all read through the client, before / after',
        `${fmtInt(raw.perSecond)} / ${fmtInt(rawAfter.perSecond)} ev/s`,
        `mean ${fmtInt(rawRate)}`,
        '',
      ],
      [
        'transparency log tree build',
        `${fmtInt(tree.eventsPerSecond)} ev/s`,
        `${fmtPct(ratio(tree.eventsPerSecond, rawRate))} of raw`,
        `≥ 70%: ${ratio(tree.eventsPerSecond, rawRate)! >= 0.7 ? 'met' : 'MISSED'}`,
      ],
      [
        "the same read through hitos's port, nothing else",
        `${fmtInt(portRead)} ev/s`,
        `${fmtPct(ratio(portRead, rawRate))} of raw`,
        '',
      ],
      [
        "the tree's floor: the read and leaf hashes only",
        `${fmtInt(treeFloor)} ev/s`,
        `${fmtPct(ratio(treeFloor, rawRate))} of raw`,
        `tree: ${fmtPct(ratio(tree.eventsPerSecond, treeFloor))} of it`,
      ],
      [
        'verify (hitos audit verify, with the log)',
        `${fmtInt(verifyRate)} ev/s`,
        `${fmtPct(ratio(verifyRate, rawRate))} of raw`,
        `≥ 70%: ${ratio(verifyRate, rawRate)! >= 0.7 ? 'met' : 'MISSED'}`,
      ],
      [
        "verify's floor: the read, leaf and link hashes only",
        `${fmtInt(floor)} ev/s`,
        `${fmtPct(ratio(floor, rawRate))} of raw`,
        `verify: ${fmtPct(ratio(verifyRate, floor))} of it`,
      ],
      [
        `inclusion proof over HTTP, p50 / p99 (${inc.count})`,
        `${fmtMs(inc.p50Ms)} / ${fmtMs(inc.p99Ms)}`,
        '',
        `< 10 ms: ${inc.p99Ms < 10 ? 'met' : 'MISSED'}`,
      ],
      [
        `consistency proof over HTTP, p50 / p99 (${con.count})`,
        `${fmtMs(con.p50Ms)} / ${fmtMs(con.p99Ms)}`,
        '',
        `< 10 ms: ${con.p99Ms < 10 ? 'met' : 'MISSED'}`,
      ],
      [
        `audit trail NDJSON over HTTP (${fmtInt(exported.rows)} rows)`,
        `${fmtInt(exported.rowsPerSecond)} rows/s`,
        '',
        '',
      ],
      [
        'API peak RSS: before the export / at its end',
        `${fmtInt(exported.rssBeforeMb)} / ${fmtInt(exported.peakRssMb)} MB`,
        `+${fmtInt(exported.peakRssMb - exported.rssBeforeMb)} MB`,
        'flat',
      ],
    ];
    process.stdout.write(
      `\nload average (1, 5, 15 min) at the end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')}\n`,
    );
    process.stdout.write(
      `\n${renderTable([{ header: 'measure', align: 'left' }, { header: 'value' }, { header: 'ratio', align: 'left' }, { header: 'goal', align: 'left' }], rows)}\n`,
    );
  } finally {
    if (api && api.exitCode === null) {
      const exited = new Promise((resolve) => api!.once('exit', resolve));
      api.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:audit failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
