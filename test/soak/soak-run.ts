/**
 * Issue 17 §4, the soak: the standalone store and the API as children on a data directory of
 * their own, mixed load (commands with Idempotency-Keys across several commitments and new
 * organizations, reads, a live feed), the API and the store killed (SIGKILL) and restarted at
 * seeded random moments, unanswered commands retried with their same keys. At the end:
 *
 * - every acknowledged command's events are in the store exactly once: each event id its answer
 *   named appears once in `$all`, and the events carrying its command id (derived from its
 *   caller and key) are exactly those; none carry a refused command's id;
 * - every read model equals a rebuild from `$all` (the same rebuild and row-by-row comparison
 *   as `hitos projections rebuild --check-only`);
 * - the live feed's ids only ever grew (nothing repeated or reordered across reconnects);
 * - the API's last stop (SIGTERM) was graceful: exit 0.
 *
 * `npm run soak` runs it for minutes (scripts/soak.ts); test/soak/soak.e2e-spec.ts for ~40 s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS } from '@hitos/domain';
import {
  EsdbEventStore,
  IDEMPOTENCY_STREAM_PREFIX,
  UpcasterRegistry,
  nameBasedUuid,
  type RecordedEvent,
} from '@hitos/event-store';
import { nodeEntry } from '@hitos/eventstore-server';
import {
  buildProjectionFile,
  compareProjectionFiles,
  defaultProjectionsDirectory,
  projectionFile,
} from '@hitos/projections';
import { HITOS_STREAM_PREFIXES } from '@hitos/read-models';
import { hitosProjections, loadWorkflowPolicy } from '@hitos/workflows';
import { freePort, spawnApi, type ApiProcess } from '../ops/support/api-process';

const STORE_MAIN = join(__dirname, '..', '..', 'apps', 'eventstore', 'src', 'main.ts');
const SECRET = 'soak-secret';
/** hitos's clock starts here in every run: the same demo, the same deadlines, whatever the day. */
const CLOCK_START = '2026-11-24T15:00:00Z';

export interface SoakOptions {
  seconds: number;
  seed: number;
  /** Concurrent clients sending commands and reads (default 3). */
  workers?: number;
  /** Mean time between two kills, in ms (default 5,000). */
  meanKillIntervalMs?: number;
  log?: (line: string) => void;
  /** The first kills' victims, in order, before the seeded choice takes over (a short run's). */
  firstVictims?: ('api' | 'store')[][];
  /** Keep the data directory even when every check passed. */
  keep?: boolean;
}

export interface SoakReport {
  seed: number;
  seconds: number;
  dataDir: string;
  kills: { api: number; store: number };
  commands: { sent: number; acknowledged: number; retries: number; refused: number };
  /** Milestones that take reports (one probing report acknowledged on each, counted in commands). */
  targets: number;
  reads: number;
  liveMessages: number;
  events: number;
  models: { name: string; equal: boolean; rows: number }[];
  /** Every broken invariant, described; empty when the soak passed. */
  problems: string[];
}

interface Command {
  key: string;
  token: string;
  path: string;
  body: unknown;
  attempts: number;
  /** The answer's event ids, once acknowledged. */
  events?: string[];
  refused?: string;
  /** Sent once at the start to find the milestones that take reports. */
  probe?: boolean;
}

/** A seeded PRNG (mulberry32): the same seed, the same choices and kill moments. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => undefined);
  const rand = random(options.seed);
  const between = (min: number, max: number) => min + rand() * (max - min);
  const dataDir = mkdtempSync(join(tmpdir(), 'hitos-soak-'));
  const storePort = await freePort();
  const apiPort = await freePort();
  const jwt = new JwtService({ secret: SECRET });
  const token = (sub: string, role: string, org?: string) =>
    jwt.sign({ sub, role, ...(org ? { org } : {}) }, { expiresIn: 24 * 3600 });
  const presidency = token('soak-presidencia', 'presidency');
  const report: SoakReport = {
    seed: options.seed,
    seconds: options.seconds,
    dataDir,
    kills: { api: 0, store: 0 },
    commands: { sent: 0, acknowledged: 0, retries: 0, refused: 0 },
    targets: 0,
    reads: 0,
    liveMessages: 0,
    events: 0,
    models: [],
    problems: [],
  };
  const problem = (text: string) => {
    report.problems.push(text);
    log(`PROBLEM: ${text}`);
  };

  // --- the children -------------------------------------------------------------------------
  let store: ChildProcess | undefined;
  let api: ApiProcess | undefined;
  let storeOutput = '';
  const storeUp = () => store !== undefined && store.exitCode === null && store.signalCode === null;
  const apiUp = () => api !== undefined && api.child.exitCode === null && !api.child.signalCode;

  const startStore = async () => {
    const entry = nodeEntry(STORE_MAIN);
    const child = spawn(
      process.execPath,
      [
        ...entry.execArgv,
        entry.modulePath,
        '--port',
        String(storePort),
        '--data',
        join(dataDir, 'eventstore'),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...entry.env } },
    );
    const capture = (chunk: Buffer) => (storeOutput = (storeOutput + chunk).slice(-8_000));
    child.stdout!.on('data', capture);
    child.stderr!.on('data', capture);
    store = child;
    const until = performance.now() + 60_000;
    while (!(await listening(storePort))) {
      if (child.exitCode !== null) throw new Error(`the store exited at start:\n${storeOutput}`);
      if (performance.now() > until) throw new Error(`the store did not listen:\n${storeOutput}`);
      await sleep(100);
    }
  };

  const apiEnv = (workflows: boolean) => ({
    HITOS_DATA_DIR: dataDir,
    EVENTSTORE_CONNECTION_STRING: `esdb://127.0.0.1:${storePort}?tls=false`,
    HITOS_JWT_SECRET: SECRET,
    HITOS_DEMO: 'true',
    HITOS_NOTICES: 'false',
    HITOS_WORKFLOWS: String(workflows),
    HITOS_CLOCK_START: CLOCK_START,
    HITOS_SHUTDOWN_GRACE_MS: '5000',
  });

  const startApi = async (workflows = true) => {
    api = spawnApi(apiEnv(workflows), apiPort);
    const until = performance.now() + 180_000;
    for (;;) {
      if (!apiUp()) throw new Error(`the API exited at start:\n${api.output().slice(-4_000)}`);
      // It says it is running once the demo is in (it listens before: /health alone is not it).
      const ok =
        api.output().includes('is running') &&
        (await fetch(`${api.base}/health`)
          .then((r) => r.status === 200)
          .catch(() => false));
      if (ok) return;
      if (performance.now() > until) throw new Error('the API did not get healthy in 180 s');
      await sleep(200);
    }
  };

  const kill = async (child: ChildProcess | undefined) => {
    if (!child || child.exitCode !== null || child.signalCode) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  };

  const base = `http://127.0.0.1:${apiPort}`;
  const commands: Command[] = [];
  const retries: Command[] = [];
  let stopping = false;

  /** Sends a command once: acknowledged, refused (final), or queued for a retry. */
  const send = async (command: Command) => {
    command.attempts++;
    if (command.attempts > 1) report.commands.retries++;
    let status = 0;
    let body: { events?: { id: string }[]; code?: string } = {};
    try {
      const res = await fetch(`${base}${command.path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${command.token}`,
          'content-type': 'application/json',
          'idempotency-key': command.key,
        },
        body: JSON.stringify(command.body),
        signal: AbortSignal.timeout(30_000),
      });
      status = res.status;
      body = (await res.json()) as typeof body;
    } catch {
      status = 0; // no answer (the API or its connection died): unknown, retried
    }
    if (status >= 200 && status < 300) {
      command.events = (body.events ?? []).map((e) => e.id);
      report.commands.acknowledged++;
      return true;
    }
    if (status === 0 || status >= 500 || body.code === 'CONCURRENCY_CONFLICT') {
      retries.push(command);
      return false;
    }
    command.refused = `${status} ${body.code ?? ''}`;
    if (command.probe) return true;
    report.commands.refused++;
    log(`refused: ${command.key} ${command.path} → ${command.refused}`);
    return true;
  };

  try {
    await startStore();
    await startApi();
    log(`store :${storePort}, API :${apiPort}, data ${dataDir}`);

    // --- what to command: the demo's open milestones, found by trying one report on each ---
    let sequence = 0;
    const nextKey = () => `soak-${options.seed}-${++sequence}`;
    const reportOn = (target: {
      commitmentId: string;
      milestoneId: string;
      token: string;
    }): Command => {
      const key = nextKey();
      return {
        key,
        token: target.token,
        path: `/api/commitments/${target.commitmentId}/milestones/${target.milestoneId}/progress-reports`,
        body: {
          reportId: key,
          percent: 10,
          narrative: 'Avance del soak',
          evidence: [
            {
              title: 'Acta',
              url: `https://www.gob.ec/soak/${key}.pdf`,
              sha256: 'e'.repeat(64),
              classification: 'public',
            },
          ],
        },
        attempts: 0,
      };
    };
    const targets: { commitmentId: string; milestoneId: string; token: string }[] = [];
    const list = (await (await fetch(`${base}/api/commitments?limit=50`)).json()) as {
      items: { id: string }[];
    };
    for (const { id: commitmentId } of list.items) {
      const detail = (await (await fetch(`${base}/api/commitments/${commitmentId}`)).json()) as {
        responsible?: { institutionId: string };
        milestones?: { milestoneId: string }[];
      };
      const institution = detail.responsible?.institutionId;
      if (!institution) continue;
      const holder = token(`soak-${institution}`, 'institution', institution);
      for (const { milestoneId } of detail.milestones ?? []) {
        // A milestone that is complete, or a commitment not in implementation, refuses: it is
        // left out (and so is the refusal, from the counts).
        const probe = reportOn({ commitmentId, milestoneId, token: holder });
        probe.probe = true;
        commands.push(probe);
        await send(probe);
        if (probe.events) {
          report.commands.sent++;
          targets.push({ commitmentId, milestoneId, token: holder });
        }
      }
    }
    report.targets = targets.length;
    if (targets.length < 2) throw new Error(`only ${targets.length} milestones take reports`);
    const commitments = [...new Set(targets.map((t) => t.commitmentId))];
    log(`${targets.length} milestones of ${commitments.length} commitments take reports`);

    const nextCommand = (): Command => {
      if (rand() < 0.75) return reportOn(targets[Math.floor(rand() * targets.length)]);
      const key = nextKey();
      return {
        key,
        token: presidency,
        path: '/api/organizations',
        body: { organizationId: key, name: `Organización ${key}`, sector: 'academia' },
        attempts: 0,
      };
    };

    // --- the live feed: reconnects with Last-Event-ID; its ids must only grow ----------------
    let lastLiveId = -1n;
    const liveCommitment = commitments[0];
    const live = (async () => {
      while (!stopping) {
        try {
          const res = await fetch(`${base}/api/live/commitments/${liveCommitment}`, {
            headers: lastLiveId >= 0n ? { 'last-event-id': String(lastLiveId) } : {},
          });
          const reader = res.body!.getReader();
          const decoder = new TextDecoder();
          let buffer = '';
          while (!stopping) {
            const { done, value } = await reader.read();
            if (done) break;
            buffer += decoder.decode(value, { stream: true });
            let end: number;
            while ((end = buffer.indexOf('\n')) >= 0) {
              const line = buffer.slice(0, end);
              buffer = buffer.slice(end + 1);
              if (!line.startsWith('id: ')) continue;
              const id = BigInt(line.slice(4));
              if (id <= lastLiveId)
                problem(`the live feed repeated or went back: ${id} after ${lastLiveId}`);
              lastLiveId = id;
              report.liveMessages++;
            }
          }
          await reader.cancel().catch(() => undefined);
        } catch {
          // the API is down or restarting: reconnect below
        }
        await sleep(500);
      }
    })();

    // --- the workers ----------------------------------------------------------------------
    const worker = async () => {
      while (!stopping) {
        if (rand() < 0.6) {
          const command = retries.length > 0 && apiUp() ? retries.shift()! : nextCommand();
          if (command.attempts === 0) {
            commands.push(command);
            report.commands.sent++;
          }
          // No answer: the API or the store is down; wait a little before the next try.
          if (!(await send(command))) await sleep(between(200, 400));
        } else {
          const id = commitments[Math.floor(rand() * commitments.length)];
          const path = rand() < 0.5 ? `/api/commitments/${id}` : '/api/commitments?limit=20';
          const ok = await fetch(`${base}${path}`)
            .then(async (r) => (await r.arrayBuffer(), r.ok))
            .catch(() => false);
          if (ok) report.reads++;
        }
        await sleep(between(5, 40));
      }
    };

    // --- the chaos: SIGKILL the API, the store or both, restart them ----------------------
    const meanKill = options.meanKillIntervalMs ?? 5_000;
    const forced = [...(options.firstVictims ?? [])];
    const chaos = async () => {
      const until = performance.now() + options.seconds * 1000;
      while (performance.now() < until) {
        await sleep(between(0.4, 1.6) * meanKill);
        if (performance.now() >= until) break;
        const roll = rand();
        const victims =
          forced.shift() ?? (roll < 0.5 ? ['api'] : roll < 0.8 ? ['store'] : ['api', 'store']);
        log(`kill -9 ${victims.join(' + ')}`);
        if (victims.includes('api')) {
          report.kills.api++;
          await kill(api?.child);
        }
        if (victims.includes('store')) {
          report.kills.store++;
          await kill(store);
        }
        await sleep(between(200, 1_500));
        if (!storeUp()) await startStore();
        if (!apiUp()) await startApi();
      }
    };

    const workers = Array.from({ length: options.workers ?? 3 }, () => worker());
    try {
      await chaos();
    } finally {
      stopping = true;
      await Promise.all(workers);
      await live;
    }

    // --- the end: everything up, every command answered -----------------------------------
    if (!storeUp()) await startStore();
    if (!apiUp()) await startApi();
    for (let round = 0; retries.length > 0 && round < 30; round++) {
      const pending = retries.splice(0);
      for (const command of pending) await send(command);
      if (retries.length > 0) await sleep(1_000);
    }
    for (const command of retries) problem(`never acknowledged: ${command.key} ${command.path}`);

    // A graceful stop (exit 0 expected) after the projections caught up.
    const stopGracefully = async () => {
      const running = api!;
      running.child.kill('SIGTERM');
      const { code } = await running.exited;
      if (code !== 0)
        problem(`the API's graceful stop exited ${code}:\n${running.output().slice(-2_000)}`);
    };
    await waitForNoLag(base);
    await stopGracefully();

    // --- exactly once ---------------------------------------------------------------------
    const client = EsdbEventStore.connect(`esdb://127.0.0.1:${storePort}?tls=false`);
    try {
      const byId = new Map<string, number>();
      const byCommand = new Map<string, string[]>();
      const commandOf = new Map<string, string>();
      const claims = new Map<string, number>();
      for await (const event of client.readAll()) {
        if (event.type.startsWith('$')) continue;
        report.events++;
        // A keyed command's claim on its key (one per key, whatever became of the command).
        if (event.streamId.startsWith(IDEMPOTENCY_STREAM_PREFIX)) {
          const key = event.streamId.slice(IDEMPOTENCY_STREAM_PREFIX.length);
          claims.set(key, (claims.get(key) ?? 0) + 1);
          continue;
        }
        byId.set(event.id, (byId.get(event.id) ?? 0) + 1);
        const commandId = commandIdOf(event);
        if (!commandId) continue;
        commandOf.set(event.id, commandId);
        const carried = byCommand.get(commandId);
        if (carried) carried.push(event.id);
        else byCommand.set(commandId, [event.id]);
      }
      // A command's id is derived from its caller and key (apps/api/src/context/request-context.ts):
      // the events carrying it are exactly those its answer named, and none for a refusal.
      for (const command of commands) {
        const { sub } = jwt.decode<{ sub: string }>(command.token);
        const commandId = nameBasedUuid(`${sub}\u0000${command.key}`);
        const carried = byCommand.get(commandId) ?? [];
        if (command.refused) {
          if (carried.length > 0)
            problem(
              `${command.key}: refused (${command.refused}) yet ${carried.length} events carry its id`,
            );
          continue;
        }
        if (!command.events) continue; // never acknowledged: reported above
        if (command.events.length === 0) problem(`${command.key}: acknowledged without events`);
        if (claims.get(commandId) !== 1)
          problem(
            `${command.key}: its key is claimed ${claims.get(commandId) ?? 0} times, not once`,
          );
        for (const id of command.events) {
          const times = byId.get(id) ?? 0;
          if (times !== 1) problem(`${command.key}: event ${id} is in the store ${times} times`);
          if (commandOf.get(id) !== commandId)
            problem(`${command.key}: event ${id} carries another command id`);
        }
        if ([...carried].sort().join() !== [...command.events].sort().join()) {
          problem(
            `${command.key}: ${carried.length} events carry its command id, its answer named ${command.events.length}`,
          );
        }
      }

      // --- every read model equals a rebuild ---------------------------------------------
      const compare = async (round: number) => {
        const rebuildDir = join(dataDir, `rebuilt-${round}`);
        const liveDir = defaultProjectionsDirectory(dataDir);
        const upcasters = new UpcasterRegistry(HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS);
        const results = [];
        for (const projection of hitosProjections(loadWorkflowPolicy({}))) {
          const rebuilt = await buildProjectionFile({
            store: client,
            projection,
            directory: rebuildDir,
            upcasters,
            streamPrefixes: HITOS_STREAM_PREFIXES,
            file: join(rebuildDir, `${projection.name}.sqlite`),
          });
          const comparison = compareProjectionFiles(
            projectionFile(liveDir, projection.name),
            rebuilt.file,
          );
          results.push({ name: projection.name, comparison });
        }
        return results;
      };
      let compared = await compare(1);
      // The workflow engine may have appended after the lag was read: the live models then end
      // before $all does. A start without the engine only catches up (nothing appends), and the
      // comparison is made again.
      if (compared.some(({ comparison: c }) => !c.equal && c.livePosition !== c.rebuiltPosition)) {
        log('a model stopped short of the end of $all: catching up without the workflow engine');
        await startApi(false);
        await waitForNoLag(base);
        await stopGracefully();
        compared = await compare(2);
      }
      for (const { name, comparison } of compared) {
        const rows = comparison.tables.reduce((sum, t) => sum + t.liveRows, 0);
        report.models.push({ name, equal: comparison.equal, rows });
        if (!comparison.equal) {
          problem(
            `read model ${name} differs from its rebuild (live at ${comparison.livePosition}, rebuilt at ${comparison.rebuiltPosition}): ${[
              ...comparison.schemaDifferences,
              ...comparison.differences.map((d) => JSON.stringify(d)),
            ]
              .slice(0, 3)
              .join('; ')}`,
          );
        }
      }
    } finally {
      await client.close();
    }
    return report;
  } catch (error) {
    problem(`the soak could not go on: ${(error as Error).message}`);
    return report;
  } finally {
    stopping = true;
    await kill(api?.child);
    if (storeUp()) {
      const gone = new Promise((resolve) => store!.once('exit', resolve));
      store!.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([gone, new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
      clearTimeout(timer);
      await kill(store);
    }
    if (report.problems.length === 0 && !options.keep)
      rmSync(dataDir, { recursive: true, force: true });
  }
}

function commandIdOf(event: RecordedEvent): string | undefined {
  const metadata = event.metadata as { commandId?: unknown } | undefined;
  return typeof metadata?.commandId === 'string' ? metadata.commandId : undefined;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Until every projection's lag (hitos_projection_lag_events) reads 0. */
async function waitForNoLag(base: string, timeoutMs = 120_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const text = await fetch(`${base}/metrics`)
      .then((r) => r.text())
      .catch(() => '');
    const lags = text
      .split('\n')
      .filter((line) => line.startsWith('hitos_projection_lag_events{'))
      .map((line) => Number(line.split(' ').pop()));
    if (lags.length > 0 && lags.every((lag) => lag === 0)) return;
    if (performance.now() > until) throw new Error(`the projections did not catch up: ${lags}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
