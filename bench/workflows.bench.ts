/**
 * npm run bench:workflows — in one run, against the embedded store through the official client:
 *   1. a redesign hitting BENCH_COMMITMENTS (default 1,000) commitments: time from the
 *      `InstitutionRedesigned` append until the workflow has moved all of them to TransferPending,
 *      beside the same transitions sent as direct commands (same concurrency, cold caches) in
 *      the same run (goal: ratio ≤ 1.5×);
 *   2. timers: BENCH_MILESTONES (default 100,000) scheduled milestones — time to build the
 *      timers model from `$all`, then the time and memory to load it at a restart;
 *   3. notices (bench/notices-phase.ts): BENCH_NOTICE_DEADLINES (10,000) deadlines falling due
 *      at once, delivered to a local SMTP server and webhook receiver, beside the store's own
 *      append rate for those deadlines.
 *
 * Env: BENCH_COMMITMENTS, BENCH_MILESTONES, BENCH_CONCURRENCY (16), BENCH_NOTICE_DEADLINES,
 * BENCH_PHASES (default `redesign,timers,notices`: a subset runs only those).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  commitmentDecider,
  commitmentStreamName,
  type CommandMetadata,
  type CommitmentCommand,
} from '@hitos/domain';
import { HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS } from '@hitos/domain';
import { HITOS_STREAM_PREFIXES } from '@hitos/read-models';
import {
  CommandHandling,
  EsdbEventStore,
  UpcasterRegistry,
  mapLimit,
  nameBasedUuid,
  type CommandContext,
} from '@hitos/event-store';
import {
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  jsonEvent,
} from '@hitos/event-store/esdb-client';
import { startEventStoreServer } from '@hitos/eventstore-server';
import { ProjectionRunner } from '@hitos/projections';
import {
  actaSigned,
  administratorDesignated,
  commitmentDraftedData,
  counterpartSigned,
  institutionSigned,
  milestones,
} from '@hitos/testing/fixtures';
import {
  DEFAULT_WORKFLOW_POLICY,
  WORKFLOWS_PROJECTION,
  WorkflowEngine,
  workflowsProjection,
} from '@hitos/workflows';
import { noticesPhase } from './notices-phase';
import { heading, renderTable } from './lib/table';
import { envNumber, fmtInt, fmtMB, fmtMs, sleep } from './lib/util';

const hitosUpcasters = new UpcasterRegistry(HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS);

const COMMITMENTS = envNumber('BENCH_COMMITMENTS', 1_000);
const MILESTONES = envNumber('BENCH_MILESTONES', 100_000);
const CONCURRENCY = envNumber('BENCH_CONCURRENCY', 16);
/** Before any deadline of the fixture's milestones: the timers phase loads, it does not fire. */
const NOW = new Date('2026-02-02T12:00:00.000Z');

const event = (type: string, data: unknown) =>
  jsonEvent({
    type,
    data: data as never,
    metadata: {
      schemaVersion: 1,
      actor: { id: 'bench', role: 'institution', organizationId: 'bench' },
      occurredAt: NOW.toISOString(),
      recordedAt: NOW.toISOString(),
    } as never,
  });

/** Signed commitments of `institutionId`, each with the fixture's three milestones. */
async function seedCommitments(client: EventStoreDBClient, institutionId: string, count: number) {
  const ids = Array.from({ length: count }, (_, i) => `${institutionId}-${i}`);
  await mapLimit(ids, 32, async (id) => {
    await client.appendToStream(commitmentStreamName(id), [
      event('CommitmentDrafted', {
        ...commitmentDraftedData,
        commitmentId: id,
        responsible: { ...commitmentDraftedData.responsible, institutionId },
      }),
      ...Object.values(milestones).map((m) => event('MilestonePlanned', m.data)),
      event('AdministratorDesignated', administratorDesignated.data),
      event('ActaSignatureAdded', institutionSigned.data),
      event('ActaSignatureAdded', counterpartSigned.data),
      event('ActaSigned', actaSigned.data),
    ]);
  });
  return ids;
}

async function streamTypes(client: EventStoreDBClient, stream: string): Promise<string[]> {
  const types: string[] = [];
  try {
    for await (const resolved of client.readStream(stream, {
      direction: FORWARDS,
      fromRevision: START,
    }))
      if (resolved.event) types.push(resolved.event.type);
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return types;
}

/** Command handling as a process has it: its own cache (cold) and context storage. */
function commandHandling(client: EventStoreDBClient) {
  const storage = new AsyncLocalStorage<CommandContext>();
  const commands = new CommandHandling(
    new EsdbEventStore(client),
    hitosUpcasters,
    () => storage.getStore() as CommandContext,
    () => NOW,
    { cacheSize: COMMITMENTS * 2 + 100 },
  );
  return { commands, storage };
}

async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

async function redesignPhase(client: EventStoreDBClient, dir: string) {
  const redesignedId = 'bench-merged';
  const directId = 'bench-direct';
  process.stdout.write(`seeding 2 × ${fmtInt(COMMITMENTS)} commitments…\n`);
  await seedCommitments(client, redesignedId, COMMITMENTS);
  const directIds = await seedCommitments(client, directId, COMMITMENTS);

  const { commands, storage } = commandHandling(client);
  const runner = new ProjectionRunner({
    store: new EsdbEventStore(client),
    directory: join(dir, 'redesign'),
    projections: [workflowsProjection(DEFAULT_WORKFLOW_POLICY)],
    upcasters: hitosUpcasters,
    streamPrefixes: HITOS_STREAM_PREFIXES,
  });
  const engine = new WorkflowEngine({
    runner,
    commands,
    now: () => NOW,
    runAs: (context, task) => storage.run(context, task),
    concurrency: CONCURRENCY,
  });
  runner.start();
  await waitFor(() => runner.caughtUp, 'the workflows model to catch up', 600_000);
  engine.start();
  await engine.idle();

  // 1. Through the workflow: one event, the engine does the rest.
  const started = performance.now();
  const appended = await client.appendToStream(
    `institution-${redesignedId}`,
    event('InstitutionRedesigned', {
      institutionId: redesignedId,
      kind: 'merged',
      legalInstrument: 'Decreto Ejecutivo No. 1',
      effectiveOn: '2026-02-01',
      successorIds: ['bench-successor'],
    }),
  );
  let redesignEventId = '';
  for await (const resolved of client.readStream(`institution-${redesignedId}`, {
    direction: FORWARDS,
    fromRevision: START,
  }))
    redesignEventId = resolved.event?.id ?? redesignEventId;
  await waitFor(
    async () =>
      (await streamTypes(client, `redesignhandling-${redesignEventId}`)).includes(
        'RedesignHandlingCompleted',
      ),
    'the redesign to be handled',
    600_000,
  );
  const workflowMs = performance.now() - started;
  await engine.stop();
  await runner.stop();
  const marked = (
    await Promise.all(
      Array.from({ length: COMMITMENTS }, (_, i) =>
        streamTypes(client, commitmentStreamName(`${redesignedId}-${i}`)),
      ),
    )
  ).filter(
    (types) => types.filter((t) => t === 'CommitmentMarkedTransferPending').length === 1,
  ).length;

  // 2. The same transitions as direct commands, from another cold process-like handler.
  const direct = commandHandling(client);
  const directStarted = performance.now();
  await mapLimit(directIds, CONCURRENCY, async (id) => {
    const commandId = nameBasedUuid(`direct:${id}`);
    await direct.storage.run(
      {
        commandId,
        correlationId: commandId,
        causationId: commandId,
        actor: { id: 'bench', role: 'system' },
        now: NOW.toISOString(),
      },
      () =>
        direct.commands.handle(commitmentStreamName(id), commitmentDecider, (state, metadata) =>
          commitmentDecider.decide(
            {
              type: 'MarkTransferPending',
              data: {
                institutionId: directId,
                redesign: {
                  eventId: 'direct',
                  kind: 'merged',
                  legalInstrument: 'Decreto Ejecutivo No. 1',
                  effectiveOn: '2026-02-01',
                  successorIds: ['bench-successor'],
                },
              },
              metadata: metadata as CommandMetadata,
            } as CommitmentCommand,
            state,
          ),
        ),
    );
  });
  const directMs = performance.now() - directStarted;
  return { workflowMs, directMs, marked, position: appended.position };
}

async function timersPhase(client: EventStoreDBClient, dir: string) {
  const perCommitment = Object.keys(milestones).length;
  const count = Math.ceil(MILESTONES / perCommitment);
  process.stdout.write(
    `seeding ${fmtInt(count)} commitments with ${fmtInt(count * perCommitment)} milestones…\n`,
  );
  await seedCommitments(client, 'bench-timers', count);
  const directory = join(dir, 'timers');
  const projection = workflowsProjection(DEFAULT_WORKFLOW_POLICY);

  const build = new ProjectionRunner({
    store: new EsdbEventStore(client),
    directory,
    projections: [projection],
    upcasters: hitosUpcasters,
    streamPrefixes: HITOS_STREAM_PREFIXES,
  });
  const buildStarted = performance.now();
  build.start();
  await waitFor(() => build.caughtUp, 'the timers model to be built', 1_800_000);
  const buildMs = performance.now() - buildStarted;
  const db = build.database(WORKFLOWS_PROJECTION);
  // This phase's commitments only: the redesign phase's share the store.
  const mine = "commitment_id LIKE 'bench-timers-%'";
  const countWhere = (where: string) =>
    (db.prepare(`SELECT count(*) AS n FROM timer WHERE ${where}`).get() as { n: number }).n;
  const timers = countWhere(mine);
  const milestoneTimers = countWhere(`${mine} AND kind LIKE 'milestone-%'`);
  await build.stop();

  // A restart: open the model and run the engine's first pass (nothing is due yet).
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const loadStarted = performance.now();
  const { commands, storage } = commandHandling(client);
  const runner = new ProjectionRunner({
    store: new EsdbEventStore(client),
    directory,
    projections: [projection],
    upcasters: hitosUpcasters,
    streamPrefixes: HITOS_STREAM_PREFIXES,
  });
  const engine = new WorkflowEngine({
    runner,
    commands,
    now: () => NOW,
    runAs: (context, task) => storage.run(context, task),
  });
  runner.start();
  await waitFor(() => runner.caughtUp, 'the restarted runner', 600_000);
  const report = await engine.pass();
  const loadMs = performance.now() - loadStarted;
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  const rssAfter = process.memoryUsage().rss;
  // The due-timer query a pass makes, on a day when a tenth of the milestones fall due soon.
  const queryStarted = performance.now();
  const dueSoon = (
    runner
      .database(WORKFLOWS_PROJECTION)
      .prepare('SELECT count(*) AS n FROM timer WHERE fires_on <= ?')
      .get('2026-06-15') as { n: number }
  ).n;
  const queryMs = performance.now() - queryStarted;
  await runner.stop();
  return {
    count,
    timers,
    milestoneTimers,
    buildMs,
    loadMs,
    heapDelta: heapAfter - heapBefore,
    rssAfter,
    fired: report.timersFired,
    dueSoon,
    queryMs,
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'hitos-bench-workflows-'));
  const server = await startEventStoreServer({
    dataDir: join(dir, 'eventstore'),
    host: '127.0.0.1',
    port: 0,
  });
  const client = EventStoreDBClient.connectionString(server.connectionString);
  const phases = new Set((process.env.BENCH_PHASES ?? 'redesign,timers,notices').split(','));
  try {
    if (phases.has('redesign') || phases.has('timers')) await classicPhases(client, dir, phases);
    if (phases.has('notices')) await reportNotices(client, dir);
  } finally {
    await client.dispose();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function reportNotices(client: EventStoreDBClient, dir: string) {
  const n = await noticesPhase(new EsdbEventStore(client), dir);
  const perSecond = (count: number, ms: number) => fmtInt((count / ms) * 1000);
  process.stdout.write(
    heading(
      `Notices (${fmtInt(n.deadlines)} deadlines at once → ${fmtInt(n.deadlines)} e-mails + ${fmtInt(n.deadlines)} webhooks)`,
    ) + '\n',
  );
  process.stdout.write(
    renderTable(
      [{ header: 'measure', align: 'left' }, { header: 'time' }, { header: 'per second' }],
      [
        [
          'store alone: as many one-event appends (the floor)',
          fmtMs(n.floorMs),
          perSecond(n.deadlines, n.floorMs),
        ],
        [
          'the deadlines appended (notices sending meanwhile)',
          fmtMs(n.appendMs),
          perSecond(n.deadlines, n.appendMs),
        ],
        [
          'last e-mail accepted by the SMTP server',
          fmtMs(n.lastMailMs),
          perSecond(n.mailAccepted, n.lastMailMs),
        ],
        [
          'last webhook accepted by the receiver',
          fmtMs(n.lastWebhookMs),
          perSecond(n.webhooksAccepted, n.lastWebhookMs),
        ],
        [
          'last delivery (both channels)',
          fmtMs(n.lastDeliveryMs),
          perSecond(n.deliveries, n.lastDeliveryMs),
        ],
      ],
    ) + '\n',
  );
  process.stdout.write(
    `delivered ${fmtInt(n.mailAccepted)} e-mails and ${fmtInt(n.webhooksAccepted)} webhooks, ${n.duplicates} duplicates; each delivery appends ${n.storeEventsPerDelivery} events (claim, outcome)\n`,
  );
}

async function classicPhases(client: EventStoreDBClient, dir: string, phases: Set<string>) {
  {
    if (!phases.has('redesign') || !phases.has('timers')) {
      throw new Error('BENCH_PHASES: redesign and timers run together');
    }
    const redesign = await redesignPhase(client, dir);
    const timers = await timersPhase(client, dir);
    const ratio = redesign.workflowMs / redesign.directMs;

    process.stdout.write(
      heading(
        `Redesign → TransferPending (${fmtInt(COMMITMENTS)} commitments, concurrency ${CONCURRENCY})`,
      ) + '\n',
    );
    process.stdout.write(
      renderTable(
        [
          { header: 'path', align: 'left' },
          { header: 'time' },
          { header: 'commitments/s' },
          { header: 'vs direct' },
        ],
        [
          [
            'direct commands',
            fmtMs(redesign.directMs),
            fmtInt((COMMITMENTS / redesign.directMs) * 1000),
            '1.00×',
          ],
          [
            'workflow (event → all pending)',
            fmtMs(redesign.workflowMs),
            fmtInt((COMMITMENTS / redesign.workflowMs) * 1000),
            `${ratio.toFixed(2)}×`,
          ],
        ],
      ) + '\n',
    );
    process.stdout.write(
      `goal ≤ 1.50×: ${ratio <= 1.5 ? 'met' : 'MISSED'}; marked once: ${fmtInt(redesign.marked)} of ${fmtInt(COMMITMENTS)}\n`,
    );

    process.stdout.write(
      heading(`Timers (${fmtInt(timers.count * 3)} scheduled milestones)`) + '\n',
    );
    process.stdout.write(
      renderTable(
        [{ header: 'measure', align: 'left' }, { header: 'value' }],
        [
          ['timer rows of these commitments (all kinds)', fmtInt(timers.timers)],
          ['milestone timers (due soon + overdue)', fmtInt(timers.milestoneTimers)],
          ['build the model from $all', fmtMs(timers.buildMs)],
          ['load at restart (open + catch-up check + first pass)', fmtMs(timers.loadMs)],
          ['JS heap added by the load', fmtMB(timers.heapDelta)],
          ['process RSS after the load', fmtMB(timers.rssAfter)],
          ['timers fired at load (none due)', fmtInt(timers.fired)],
          [`due-by-day query (${fmtInt(timers.dueSoon)} rows due)`, fmtMs(timers.queryMs)],
        ],
      ) + '\n',
    );
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
