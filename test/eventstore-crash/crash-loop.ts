/**
 * The crash-safety loop shared by the crash test and `npm run soak:eventstore`.
 *
 * One iteration: a child process runs the server on a data directory and appends under load,
 * reporting every append it tries and every acknowledgement it gets (crash-writer.child.ts);
 * after a random 100-800 ms of load the child is SIGKILLed; the server is then restarted
 * in this process on the same directory and the store is checked against what the child
 * reported (see verifyStore). Iterations go on in the same directory, so each restart also
 * re-checks everything the earlier ones wrote, until `rotateEvery` asks for a fresh one.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import {
  nodeEntry,
  startEventStoreServer,
  type RunningEventStoreServer,
} from '@hitos/eventstore-server';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  jsonEvent,
  type Position,
} from '@hitos/event-store/esdb-client';
import { mulberry32, type CrashWriterOptions, type WriterLine } from './crash-protocol';

const WRITER_MODULE = join(__dirname, 'crash-writer.child.ts');
const SHARED_STREAM = 'crash-shared';
const MAX_PROBLEMS = 40;

export interface CrashLoopOptions {
  iterations: number;
  seed: number;
  /** A fresh data directory every this many iterations (default: one for the whole loop). */
  rotateEvery?: number;
  /** Random kill delay after the load starts, in ms (default [100, 800]). */
  killDelayMs?: [number, number];
  anyWriters?: number;
  exactWriters?: number;
  /** Stop at the first failing iteration (default true). */
  stopOnFailure?: boolean;
  /** Where a failing iteration's data directory, ledger and child output are copied. */
  artifactsDir?: string;
  /** Parent of the temporary data directories (default: the OS temp dir). */
  workDir?: string;
  onIteration?: (report: IterationReport) => void;
}

export interface IterationReport {
  iteration: number;
  dataDir: string;
  childSeed: number;
  killDelayMs: number;
  /** From spawning the writer child to its "ready" (server up, clients made). */
  childStartMs: number;
  /** From the child's "ready" to its death. */
  loadMs: number;
  tried: number;
  acked: number;
  ackedEvents: number;
  /** Appends tried but not acknowledged whose events all made it. */
  unackedPresent: number;
  /** Appends tried but not acknowledged of which nothing made it. */
  unackedAbsent: number;
  /** Appends that failed with an error before the kill (timeouts and the like). */
  appendErrors: number;
  /** User events read back and checked after the restart (whole store, all iterations). */
  eventsChecked: number;
  restartMs: number;
  /** Restart, reads, checks, probe append and stop. */
  verifyMs: number;
  durationMs: number;
  problems: string[];
  artifact?: string;
}

export interface CrashLoopSummary {
  seed: number;
  iterations: number;
  passed: number;
  failed: number;
  ackedAppends: number;
  ackedEvents: number;
  unackedPresent: number;
  unackedAbsent: number;
  appendErrors: number;
  eventsChecked: number;
  killDelayMs: { min: number; max: number };
  durationMs: number;
  failures: IterationReport[];
}

interface AppendRecord {
  id: string;
  stream: string;
  eventIds: string[];
  /** Ledger clock when the append was about to be sent. */
  triedAt: number;
  /** Ledger clock when its acknowledgement was reported. */
  ackedAt?: number;
  ackedRevision?: bigint;
  error?: string;
  /** What the last verification found; it must not change afterwards. */
  state: 'unknown' | 'present' | 'absent';
}

/** Every append tried on one data directory, across iterations. */
export class Ledger {
  private clock = 0;
  readonly appends = new Map<string, AppendRecord>();
  readonly byEventId = new Map<string, AppendRecord>();

  tried(id: string, stream: string, eventIds: string[]): AppendRecord {
    const record: AppendRecord = { id, stream, eventIds, triedAt: ++this.clock, state: 'unknown' };
    this.appends.set(id, record);
    for (const eventId of eventIds) this.byEventId.set(eventId, record);
    return record;
  }

  acked(record: AppendRecord, revision: bigint): void {
    record.ackedAt = ++this.clock;
    record.ackedRevision = revision;
  }

  toJSON(): unknown {
    return [...this.appends.values()].map((record) => ({
      ...record,
      ackedRevision: record.ackedRevision?.toString(),
    }));
  }
}

export class Problems {
  readonly list: string[] = [];
  private dropped = 0;

  add(problem: string): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(problem);
    else this.dropped++;
  }

  result(): string[] {
    return this.dropped ? [...this.list, `... and ${this.dropped} more problems`] : this.list;
  }
}

export async function runCrashLoop(options: CrashLoopOptions): Promise<CrashLoopSummary> {
  const started = Date.now();
  const random = mulberry32(options.seed);
  const [minDelay, maxDelay] = options.killDelayMs ?? [100, 800];
  const workDir = mkdtempSync(join(options.workDir ?? tmpdir(), 'hitos-eventstore-crash-'));
  const summary: CrashLoopSummary = {
    seed: options.seed,
    iterations: 0,
    passed: 0,
    failed: 0,
    ackedAppends: 0,
    ackedEvents: 0,
    unackedPresent: 0,
    unackedAbsent: 0,
    appendErrors: 0,
    eventsChecked: 0,
    killDelayMs: { min: Infinity, max: -Infinity },
    durationMs: 0,
    failures: [],
  };
  let dataDir = '';
  let ledger = new Ledger();
  let sinceRotation = 0;
  try {
    for (let iteration = 1; iteration <= options.iterations; iteration++) {
      if (!dataDir || (options.rotateEvery && sinceRotation >= options.rotateEvery)) {
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
        dataDir = join(workDir, `data-${iteration}`);
        ledger = new Ledger();
        sinceRotation = 0;
      }
      sinceRotation++;
      const killDelayMs = minDelay + Math.floor(random() * (maxDelay - minDelay + 1));
      const childSeed = Math.floor(random() * 2 ** 32);
      const { report, writerOutput } = await runIteration({
        iteration,
        dataDir,
        ledger,
        killDelayMs,
        childSeed,
        anyWriters: options.anyWriters ?? 4,
        exactWriters: options.exactWriters ?? 2,
      });

      summary.iterations++;
      summary.ackedAppends += report.acked;
      summary.ackedEvents += report.ackedEvents;
      summary.unackedPresent += report.unackedPresent;
      summary.unackedAbsent += report.unackedAbsent;
      summary.appendErrors += report.appendErrors;
      summary.eventsChecked += report.eventsChecked;
      summary.killDelayMs.min = Math.min(summary.killDelayMs.min, killDelayMs);
      summary.killDelayMs.max = Math.max(summary.killDelayMs.max, killDelayMs);
      if (report.problems.length) {
        summary.failed++;
        report.artifact = saveArtifacts(options, report, ledger, writerOutput);
        summary.failures.push(report);
      } else {
        summary.passed++;
      }
      options.onIteration?.(report);
      if (report.problems.length) {
        if (options.stopOnFailure ?? true) break;
        dataDir = ''; // a damaged store would fail every later iteration: start afresh
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    summary.durationMs = Date.now() - started;
  }
  return summary;
}

interface IterationParams {
  iteration: number;
  dataDir: string;
  ledger: Ledger;
  killDelayMs: number;
  childSeed: number;
  anyWriters: number;
  exactWriters: number;
}

async function runIteration(
  params: IterationParams,
): Promise<{ report: IterationReport; writerOutput: string }> {
  const started = Date.now();
  const problems = new Problems();
  const before = new Set(params.ledger.appends.keys());
  const run = await runWriterUntilKilled(params, problems);
  const thisIteration = [...params.ledger.appends.values()].filter((r) => !before.has(r.id));
  const verifyStarted = Date.now();
  const verified = await verifyStore(params.dataDir, params.ledger, problems);
  const verifyMs = Date.now() - verifyStarted;
  const report: IterationReport = {
    iteration: params.iteration,
    dataDir: params.dataDir,
    childSeed: params.childSeed,
    killDelayMs: params.killDelayMs,
    childStartMs: run.startMs,
    loadMs: run.loadMs,
    tried: thisIteration.length,
    acked: thisIteration.filter((r) => r.ackedAt !== undefined).length,
    ackedEvents: thisIteration
      .filter((r) => r.ackedAt !== undefined)
      .reduce((sum, r) => sum + r.eventIds.length, 0),
    unackedPresent: thisIteration.filter((r) => r.ackedAt === undefined && r.state === 'present')
      .length,
    unackedAbsent: thisIteration.filter((r) => r.ackedAt === undefined && r.state === 'absent')
      .length,
    appendErrors: thisIteration.filter((r) => r.error !== undefined).length,
    eventsChecked: verified.eventsChecked,
    restartMs: verified.restartMs,
    verifyMs,
    durationMs: Date.now() - started,
    problems: problems.result(),
  };
  return { report, writerOutput: run.output };
}

interface WriterRun {
  startMs: number;
  loadMs: number;
  output: string;
}

/** Runs the writer child until the kill; records what it reports in the ledger. */
async function runWriterUntilKilled(
  params: IterationParams,
  problems: Problems,
): Promise<WriterRun> {
  const writerOptions: CrashWriterOptions = {
    dataDir: params.dataDir,
    iteration: params.iteration,
    seed: params.childSeed,
    anyWriters: params.anyWriters,
    exactWriters: params.exactWriters,
    timeLimitMs: 30_000,
    maxAppends: 200_000,
  };
  const entry = nodeEntry(WRITER_MODULE);
  const spawnedAt = Date.now();
  const child = spawn(
    process.execPath,
    [...entry.execArgv, entry.modulePath, JSON.stringify(writerOptions)],
    { stdio: ['ignore', 'pipe', 'pipe', 'pipe'], env: { ...process.env, ...entry.env } },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-32_768);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);

  let readyAt: number | undefined;
  let killedAt: number | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  const startupTimer = setTimeout(() => {
    problems.add('the writer child did not start within 60 s');
    child.kill('SIGKILL');
  }, 60_000);

  const handle = (line: WriterLine) => {
    switch (line.t) {
      case 'ready':
        readyAt = Date.now();
        clearTimeout(startupTimer);
        killTimer = setTimeout(() => {
          killedAt = Date.now();
          child.kill('SIGKILL');
        }, params.killDelayMs);
        break;
      case 'try':
        params.ledger.tried(line.a, line.s, line.ids);
        break;
      case 'ack': {
        const record = params.ledger.appends.get(line.a);
        if (!record) problems.add(`harness: acknowledgement of unknown append ${line.a}`);
        else params.ledger.acked(record, BigInt(line.rev));
        break;
      }
      case 'err': {
        const record = params.ledger.appends.get(line.a);
        if (record) record.error = line.e;
        if (line.wev) {
          problems.add(
            `append ${line.a} by the only writer of its stream failed with WrongExpectedVersion: ${line.e}`,
          );
        }
        break;
      }
      case 'done':
        problems.add(
          `harness: the writer finished its ${line.appends} appends before it was killed`,
        );
        break;
    }
  };

  let pending = '';
  const reports = child.stdio[3] as Readable;
  reports.setEncoding('utf8');
  reports.on('data', (chunk: string) => {
    pending += chunk;
    for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
      const text = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      try {
        handle(JSON.parse(text) as WriterLine);
      } catch (error) {
        problems.add(`harness: bad report line ${JSON.stringify(text)}: ${String(error)}`);
      }
    }
  });

  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
    child.once('close', (exitCode, exitSignal) => done([exitCode, exitSignal])),
  );
  clearTimeout(startupTimer);
  clearTimeout(killTimer);
  if (killedAt === undefined || signal !== 'SIGKILL') {
    problems.add(
      `the writer child exited by itself (code ${code}, signal ${signal}) before the kill; ` +
        `its output ends with:\n${output.slice(-4000)}`,
    );
  }
  return {
    startMs: (readyAt ?? Date.now()) - spawnedAt,
    loadMs: readyAt === undefined ? 0 : Date.now() - readyAt,
    output,
  };
}

interface StoredEvent {
  streamId: string;
  id: string;
  revision: bigint;
  position?: Position;
}

/**
 * Restarts the server on `dataDir` and checks the store against the ledger:
 * - $all positions strictly increase; no event id appears twice;
 * - each stream's revisions run 0, 1, 2... in $all order, and reading the stream gives the same;
 * - every event belongs to an append that was tried (nothing made up);
 * - each append is all there or not at all; when there, its events sit at consecutive
 *   revisions in their order and side by side in $all;
 * - every acknowledged append is there, its last event at the acknowledged revision;
 * - what an earlier restart found there (or not) has not changed;
 * - an append acknowledged before another was tried comes first in $all;
 * - the store takes a new append with the expected revision it should expect.
 */
export async function verifyStore(
  dataDir: string,
  ledger: Ledger,
  problems: Problems,
): Promise<{ eventsChecked: number; restartMs: number }> {
  const restartStarted = Date.now();
  let server: RunningEventStoreServer;
  try {
    server = await startEventStoreServer({ dataDir, host: '127.0.0.1', port: 0 });
  } catch (error) {
    problems.add(`restarting the server after the kill failed: ${describe(error)}`);
    return { eventsChecked: 0, restartMs: Date.now() - restartStarted };
  }
  const restartMs = Date.now() - restartStarted;
  const client = EventStoreDBClient.connectionString(server.connectionString);
  try {
    const all: StoredEvent[] = [];
    for await (const resolved of client.readAll({ direction: FORWARDS, fromPosition: START })) {
      if (!resolved.event) {
        problems.add('$all returned an entry without an event');
        continue;
      }
      const { streamId, id, revision, position } = resolved.event;
      all.push({ streamId, id, revision, position });
    }

    for (let i = 0; i < all.length; i++) {
      const position = all[i].position;
      if (!position) {
        problems.add(`$all event ${all[i].id} at index ${i} has no position`);
        continue;
      }
      const previous = i > 0 ? all[i - 1].position : undefined;
      if (previous && comparePositions(previous, position) >= 0) {
        problems.add(
          `$all positions do not increase at index ${i}: ${formatPosition(previous)} then ${formatPosition(position)}`,
        );
      }
    }

    const indexOfEvent = new Map<string, number>();
    const streams = new Map<string, number[]>();
    for (let i = 0; i < all.length; i++) {
      const event = all[i];
      if (event.streamId.startsWith('$')) continue;
      const earlier = indexOfEvent.get(event.id);
      if (earlier !== undefined) {
        problems.add(
          `event ${event.id} appears twice in $all: ${all[earlier].streamId}@${all[earlier].revision} and ${event.streamId}@${event.revision}`,
        );
        continue;
      }
      indexOfEvent.set(event.id, i);
      if (!ledger.byEventId.has(event.id)) {
        problems.add(`event ${event.id} in ${event.streamId}@${event.revision} was never appended`);
      }
      const indices = streams.get(event.streamId) ?? [];
      indices.push(i);
      streams.set(event.streamId, indices);
    }

    for (const [stream, indices] of streams) {
      const wrong = indices.findIndex((index, k) => all[index].revision !== BigInt(k));
      if (wrong >= 0) {
        problems.add(
          `stream ${stream}: revisions are not contiguous, the event at position ${wrong} in $all order has revision ${all[indices[wrong]].revision}`,
        );
      }
      const viaStream: string[] = [];
      for await (const resolved of client.readStream(stream, {
        direction: FORWARDS,
        fromRevision: START,
      })) {
        viaStream.push(`${resolved.event!.id}@${resolved.event!.revision}`);
      }
      const viaAll = indices.map((index) => `${all[index].id}@${all[index].revision}`);
      if (viaStream.join() !== viaAll.join()) {
        problems.add(
          `stream ${stream}: reading the stream gives ${viaStream.length} events, $all gives ${viaAll.length}, or in another order`,
        );
      }
    }

    for (const record of ledger.appends.values()) {
      const indices = record.eventIds.map((id) => indexOfEvent.get(id));
      const present = indices.filter((index) => index !== undefined).length;
      const acked = record.ackedAt !== undefined;
      const what = `${acked ? 'acknowledged' : 'unacknowledged'} append ${record.id} (${record.eventIds.length} events to ${record.stream})`;
      if (present > 0 && present < record.eventIds.length) {
        problems.add(
          `${what} is half-written: ${present} of ${record.eventIds.length} events present`,
        );
      }
      const nowPresent = present === record.eventIds.length;
      if (nowPresent) {
        const first = all[indices[0]!];
        indices.forEach((index, k) => {
          const event = all[index!];
          if (event.streamId !== record.stream) {
            problems.add(`${what}: event ${event.id} is in stream ${event.streamId}`);
          } else if (event.revision !== first.revision + BigInt(k)) {
            problems.add(
              `${what}: event ${k} is at revision ${event.revision}, expected ${first.revision + BigInt(k)}`,
            );
          } else if (index !== indices[0]! + k) {
            problems.add(`${what}: its events are not side by side in $all`);
          }
        });
        const last = all[indices[indices.length - 1]!];
        if (acked && last.revision !== record.ackedRevision) {
          problems.add(
            `${what}: last event at revision ${last.revision}, but the append was acknowledged with nextExpectedRevision ${record.ackedRevision}`,
          );
        }
      } else if (present === 0 && acked) {
        problems.add(
          `LOST: ${what}, acknowledged with nextExpectedRevision ${record.ackedRevision}, is missing after the restart`,
        );
      }
      const state = nowPresent ? 'present' : present === 0 ? 'absent' : record.state;
      if (record.state !== 'unknown' && record.state !== state) {
        problems.add(`${what} was ${record.state} after an earlier restart, now ${state}`);
      }
      record.state = state;
    }

    // Real-time order: an append acknowledged before another was even tried must come first.
    const inLogOrder = [...ledger.appends.values()]
      .filter((record) => record.state === 'present')
      .map((record) => ({ record, index: indexOfEvent.get(record.eventIds[0])! }))
      .sort((a, b) => a.index - b.index);
    let earliestLaterAck: AppendRecord | undefined;
    for (let i = inLogOrder.length - 1; i >= 0; i--) {
      const { record } = inLogOrder[i];
      if (earliestLaterAck && earliestLaterAck.ackedAt! < record.triedAt) {
        problems.add(
          `order: append ${record.id} comes before append ${earliestLaterAck.id} in $all, although ${earliestLaterAck.id} was acknowledged before ${record.id} was sent`,
        );
      }
      if (
        record.ackedAt !== undefined &&
        record.ackedAt < (earliestLaterAck?.ackedAt ?? Infinity)
      ) {
        earliestLaterAck = record;
      }
    }

    await probeAppend(client, ledger, streams.get(SHARED_STREAM)?.length ?? 0, problems);
    return { eventsChecked: indexOfEvent.size, restartMs };
  } catch (error) {
    problems.add(`reading the store after the restart failed: ${describe(error)}`);
    return { eventsChecked: 0, restartMs };
  } finally {
    await client.dispose();
    await server.stop();
  }
}

/** The restarted store must take a new append with the exact expected revision. */
async function probeAppend(
  client: EventStoreDBClient,
  ledger: Ledger,
  sharedLength: number,
  problems: Problems,
): Promise<void> {
  const events = [randomUUID(), randomUUID()].map((id) =>
    jsonEvent({ id, type: 'CrashProbe', data: { afterRestart: true } }),
  );
  const record = ledger.tried(
    `probe.${randomUUID()}`,
    SHARED_STREAM,
    events.map((event) => event.id),
  );
  try {
    const result = await client.appendToStream(SHARED_STREAM, events, {
      expectedRevision: sharedLength === 0 ? NO_STREAM : BigInt(sharedLength - 1),
    });
    ledger.acked(record, result.nextExpectedRevision);
    record.state = 'present';
    if (result.nextExpectedRevision !== BigInt(sharedLength + 1)) {
      problems.add(
        `probe append: nextExpectedRevision ${result.nextExpectedRevision}, expected ${sharedLength + 1}`,
      );
    }
    const tail: string[] = [];
    for await (const resolved of client.readStream(SHARED_STREAM, {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: 2,
    })) {
      tail.unshift(resolved.event!.id);
    }
    if (tail.join() !== record.eventIds.join()) {
      problems.add(`probe append: the stream does not end with the probe events`);
    }
  } catch (error) {
    record.state = 'unknown';
    problems.add(`the restarted store refused a new append: ${describe(error)}`);
  }
}

function saveArtifacts(
  options: CrashLoopOptions,
  report: IterationReport,
  ledger: Ledger,
  writerOutput: string,
): string | undefined {
  const root = options.artifactsDir ?? resolve(__dirname, '../../test-artifacts/eventstore-crash');
  const target = join(
    root,
    `${new Date().toISOString().replace(/[:.]/g, '-')}-iteration-${report.iteration}`,
  );
  try {
    mkdirSync(target, { recursive: true });
    cpSync(report.dataDir, join(target, 'data'), { recursive: true });
    writeFileSync(join(target, 'ledger.json'), JSON.stringify(ledger, null, 1));
    writeFileSync(join(target, 'report.json'), JSON.stringify(report, null, 2));
    writeFileSync(join(target, 'writer-output.txt'), writerOutput);
    return target;
  } catch {
    return undefined;
  }
}

function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

function formatPosition(position: Position): string {
  return `${position.commit}/${position.prepare}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** One line per iteration, for logs. */
export function formatIteration(report: IterationReport): string {
  return (
    `#${report.iteration} ${report.problems.length ? 'FAIL' : 'ok'}: killed after ${report.killDelayMs} ms of load, ` +
    `${report.acked}/${report.tried} appends acked (${report.ackedEvents} events), ` +
    `unacked present/absent ${report.unackedPresent}/${report.unackedAbsent}, errors ${report.appendErrors}, ` +
    `${report.eventsChecked} events checked, child start ${report.childStartMs} ms, ` +
    `restart ${report.restartMs} ms, verify ${report.verifyMs} ms, ${report.durationMs} ms`
  );
}

export function formatSummary(summary: CrashLoopSummary): string {
  const lines = [
    `eventstore crash loop (seed ${summary.seed}): ${summary.iterations} iterations, ${summary.passed} passed, ${summary.failed} failed in ${(summary.durationMs / 1000).toFixed(1)} s`,
    `  acknowledged appends: ${summary.ackedAppends} (${summary.ackedEvents} events), all checked after each restart`,
    `  unacknowledged appends found whole / absent: ${summary.unackedPresent} / ${summary.unackedAbsent}; append errors before the kill: ${summary.appendErrors}`,
    `  events checked (summed over restarts): ${summary.eventsChecked}`,
    `  kill delay after load start: ${summary.killDelayMs.min}-${summary.killDelayMs.max} ms`,
  ];
  for (const failure of summary.failures) {
    lines.push(
      `  iteration ${failure.iteration} failed${failure.artifact ? ` (evidence in ${failure.artifact})` : ''}:`,
    );
    for (const problem of failure.problems) lines.push(`    - ${problem}`);
  }
  return lines.join('\n');
}
