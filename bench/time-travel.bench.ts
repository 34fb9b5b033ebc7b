/**
 * npm run bench:time-travel — how long a past view takes, against the embedded store in its own
 * process (as the API runs it) holding BENCH_EVENTS hitos events (default 1,000,000):
 *   1. one commitment whose stream holds BENCH_STREAM_EVENTS events (default 10,000: progress
 *      reports and their reviews), as known at the end of the year, at mid-year and at a
 *      position; and the same stream as it happened by mid-year (goal: under 100 ms);
 *   2. a plan's dashboard (BENCH_PLAN_COMMITMENTS commitments of BENCH_PLAN_EVENTS events
 *      each, defaults 12 and 400), as known at the end and at mid-year (goal: under 2 s);
 *   3. a diff of the long commitment across its last 100 events (each attributed to its
 *      fields) and across half of it.
 * Each figure is the first run's, then the median and the worst of BENCH_RUNS more (default 15),
 * reading as the API does (streams kept in memory between requests, StreamHistories) and, for
 * comparison, afresh through the port; the commitment's is split into reading its stream,
 * folding it, and querying the view.
 *
 * The commitment is measured twice: cold, with no fold checkpoint on disk (what a first request
 * costs before the API's background has built any, or with the file deleted), and with
 * checkpoints every BENCH_CHECKPOINT_EVERY events (default 250, the API's default) in a
 * time-travel-folds.sqlite built beforehand by FoldCheckpointing, the code the API's background
 * runs after its live projections advance (the bench calls it directly, timed, instead of
 * starting the API). Each "first" there is a new process's first request: nothing in memory,
 * the file on disk (in the page cache). Its worst case is a cut one event before a checkpoint.
 *
 * The rest of the store is other plans' commitments: a past view reads its own streams only, so
 * their number should not matter. Recording times rise with the `$all` position, from January
 * (the other plans) to December, as they do when hitos records them.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS } from '@hitos/domain';
import { EsdbEventStore, UpcasterRegistry } from '@hitos/event-store';
import { EmbeddedEventStore } from '@hitos/eventstore-server';
import { EventStoreDBClient, jsonEvent } from '@hitos/event-store/esdb-client';
import { ProjectionStore, applyToStore } from '@hitos/projections';
import {
  commitmentDetailProjection,
  commitmentDiff,
  commitmentAsOf,
  foldInMemory,
  getCommitmentDetail,
  knownAfter,
  knownHistory,
  PUBLIC_READER,
  planDashboardAsOf,
  FoldCache,
  FoldCheckpointFile,
  FoldCheckpointing,
  StreamHistories,
  foldCheckpointsFile,
  foldOf,
  isWithin,
  type KnowledgeCut,
} from '@hitos/read-models';
import {
  actaSigned,
  actionPlanRegistered,
  administratorDesignated,
  commitmentDraftedData,
  counterpartSigned,
  evidence,
  fundacionAlianzaRegistered,
  institutionSigned,
  milestones,
  ministerioDelTrabajoRegistered,
} from '@hitos/testing/fixtures';
import { heading, renderTable } from './lib/table';
import { envNumber, fmtInt, fmtMs, summarize } from './lib/util';

const EVENTS = envNumber('BENCH_EVENTS', 1_000_000);
const STREAM_EVENTS = envNumber('BENCH_STREAM_EVENTS', 10_000);
const PLAN_COMMITMENTS = envNumber('BENCH_PLAN_COMMITMENTS', 12);
const PLAN_EVENTS = envNumber('BENCH_PLAN_EVENTS', 400);
const RUNS = envNumber('BENCH_RUNS', 15);
const EVERY = envNumber('BENCH_CHECKPOINT_EVERY', 250);

const upcasters = new UpcasterRegistry(HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS);
const PLAN = 'plan-bench';
const LONG = 'long-history';

/** Recording times rise with each append: January–March for the other plans, then to December. */
const clock = {
  at: Date.parse('2026-01-01T13:00:00.000Z'),
  step: 0,
  advance() {
    this.at += this.step;
    return new Date(this.at).toISOString();
  },
};

const event = (type: string, data: unknown, recordedAt: string) =>
  jsonEvent({
    type,
    data: data as never,
    metadata: {
      schemaVersion: HITOS_EVENT_SCHEMA_VERSIONS[type as keyof typeof HITOS_EVENT_SCHEMA_VERSIONS],
      actor: { id: 'bench', role: 'institution', organizationId: 'mdt' },
      occurredAt: recordedAt,
      recordedAt,
    } as never,
  });

function opening(id: string, planId: string, number: number, at: string) {
  return [
    event('CommitmentDrafted', { ...commitmentDraftedData, commitmentId: id, planId, number }, at),
    ...Object.values(milestones).map((m) => event('MilestonePlanned', m.data, at)),
    event('AdministratorDesignated', administratorDesignated.data, at),
    event('ActaSignatureAdded', institutionSigned.data, at),
    event('ActaSignatureAdded', counterpartSigned.data, at),
    event('ActaSigned', actaSigned.data, at),
  ];
}

/** Reports and their reviews, `count` events, on the three milestones in turn. */
function reports(id: string, from: number, count: number, at: string) {
  const out = [];
  for (let k = from; out.length < count; k++) {
    const milestoneId = ['h1', 'h2', 'h3'][k % 3];
    const day = at.slice(0, 10);
    out.push(
      event(
        'MilestoneProgressReported',
        {
          reportId: `r-${k}`,
          milestoneId,
          percent: Math.min(100, k % 100),
          narrative:
            'Avance del hito con participación de la contraparte en talleres territoriales.',
          evidence: [evidence({ url: `https://www.trabajo.gob.ec/evidencia/${id}/${k}.pdf` })],
          reportedOn: day,
        },
        at,
      ),
    );
    if (out.length < count) {
      out.push(
        event(
          'ProgressReportReviewed',
          { reportId: `r-${k}`, milestoneId, verdict: 'endorsed', reviewedOn: day },
          at,
        ),
      );
    }
  }
  return out;
}

async function seed(client: EventStoreDBClient): Promise<{ total: number; planIds: string[] }> {
  const register = [
    [`plan-${PLAN}`, 'ActionPlanRegistered', { ...actionPlanRegistered.data, planId: PLAN }],
    ['plan-other', 'ActionPlanRegistered', { ...actionPlanRegistered.data, planId: 'other' }],
    ['institution-mdt', 'InstitutionRegistered', ministerioDelTrabajoRegistered.data],
    [
      'organization-fundacion-alianza-estrategica',
      'OrganizationRegistered',
      fundacionAlianzaRegistered.data,
    ],
  ] as const;
  let total = 0;
  for (const [stream, type, data] of register) {
    await client.appendToStream(stream, event(type, data, clock.advance()));
    total++;
  }
  // Other plans' commitments, 400 events each, recorded January to March.
  const mine = PLAN_COMMITMENTS * PLAN_EVENTS + STREAM_EVENTS;
  const others = Math.max(0, EVENTS - total - mine);
  clock.step = Math.max(1, Math.floor((90 * 86_400_000) / Math.max(1, others / 50)));
  for (let c = 0, written = 0; written < others; c++) {
    const id = `other-${c}`;
    const at = clock.advance();
    const first = opening(id, 'other', c + 1, at);
    await client.appendToStream(`commitment-${id}`, first);
    written += first.length;
    for (let r = 0; r < 392 && written < others; r += 50) {
      const batch = reports(id, r, Math.min(50, others - written), clock.advance());
      await client.appendToStream(`commitment-${id}`, batch);
      written += batch.length;
    }
    if (c % 50 === 0) process.stdout.write(`\r  seeded ${fmtInt(total + written)} events`);
  }
  total += others;
  // The plan under test and the long commitment, in turns, April to December.
  clock.at = Date.parse('2026-04-01T13:00:00.000Z');
  const planIds = Array.from({ length: PLAN_COMMITMENTS }, (_, c) => `bench-${c}`);
  // A stream's opening (8 events), then batches of 50 reports and reviews.
  const batchesOf = (target: number) => 1 + Math.ceil(Math.max(0, target - 8) / 50);
  const rounds = batchesOf(Math.max(PLAN_EVENTS, STREAM_EVENTS));
  clock.step = Math.floor((270 * 86_400_000) / rounds);
  const written = new Map<string, number>();
  const streams = [
    ...planIds.map((id) => [id, PLAN_EVENTS] as const),
    [LONG, STREAM_EVENTS] as const,
  ];
  // Each stream's batches spread over the rounds, so that every stream grows all year.
  const strideOf = (target: number) => Math.max(1, Math.floor(rounds / batchesOf(target)));
  for (let round = 0; round < rounds; round++) {
    const at = clock.advance();
    for (const [id, target] of streams) {
      const done = written.get(id) ?? 0;
      if (done >= target || round % strideOf(target) !== 0) continue;
      const batch =
        done === 0
          ? opening(id, id === LONG ? 'other' : PLAN, planIds.indexOf(id) + 1, at)
          : reports(id, done, Math.min(50, target - done), at);
      await client.appendToStream(`commitment-${id}`, batch);
      written.set(id, done + batch.length);
      total += batch.length;
    }
  }
  process.stdout.write(`\r  seeded ${fmtInt(total)} events\n`);
  return { total, planIds };
}

/** The first run (what kept streams and folds are built by), then RUNS more. */
async function timed<T>(run: () => Promise<T>): Promise<{ first: number; ms: number[]; last: T }> {
  let started = performance.now();
  let last = await run();
  const first = performance.now() - started;
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    started = performance.now();
    last = await run();
    ms.push(performance.now() - started);
  }
  return { first, ms, last };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hitos-bench-time-travel-'));
  const server = await EmbeddedEventStore.start({ dataDir, host: '127.0.0.1', port: 0 });
  const client = EventStoreDBClient.connectionString(server.connectionString);
  const store = EsdbEventStore.connect(server.connectionString);
  try {
    console.log(heading('time travel'));
    console.log(
      `  store: ${fmtInt(EVENTS)} events; a commitment of ${fmtInt(STREAM_EVENTS)} events; ` +
        `a plan of ${PLAN_COMMITMENTS} commitments × ${fmtInt(PLAN_EVENTS)} events; ${RUNS} runs`,
    );
    const seeded = await seed(client);
    const end: KnowledgeCut = { recordedBy: new Date('2027-01-01T04:59:59.999Z') };
    const mid: KnowledgeCut = { recordedBy: new Date('2026-08-16T04:59:59.999Z') };
    const stream = `commitment-${LONG}`;
    const known = await knownHistory(store, [stream], end);
    const endPosition = BigInt(known.position!);
    const rows: string[][] = [];
    const row = (what: string, result: { first: number; ms: number[] }, note: string) => {
      const s = summarize(result.ms)!;
      rows.push([what, fmtMs(result.first), fmtMs(s.p50Ms), fmtMs(s.maxMs), note]);
    };

    // As the API reads, cold (no checkpoint on disk): streams and folds kept in memory between
    // requests (StreamHistories, FoldCache), then read and folded afresh.
    const kept = new StreamHistories(store, 50_000);
    const folds = new FoldCache(16, 1_000);
    for (const [label, source, cut, happenedBy] of [
      ['commitment as known on 2026-12-31, no checkpoint', kept, end, undefined],
      ['commitment as known on 2026-08-15, no checkpoint', kept, mid, undefined],
      [
        'commitment as known at its last position, no checkpoint',
        kept,
        { position: endPosition },
        undefined,
      ],
      ['commitment as happened by 2026-08-15', kept, {}, '2026-08-15'],
      ['commitment as known on 2026-12-31, read afresh', store, end, undefined],
      ['commitment as known on 2026-08-15, read afresh', store, mid, undefined],
    ] as const) {
      const result = await timed(() =>
        commitmentAsOf(
          source,
          LONG,
          { cut, happenedBy },
          PUBLIC_READER,
          null,
          upcasters,
          source === kept ? folds : undefined,
        ),
      );
      row(
        label,
        result,
        `${fmtInt(result.last.scope.events)} events, ${fmtInt(
          result.last.view?.milestones.reduce((n, m) => n + m.reports.length, 0),
        )} reports`,
      );
    }
    // With fold checkpoints on disk, built as the API's background builds them.
    const checkpointsDir = join(dataDir, 'projections');
    const fold = foldOf(commitmentDetailProjection);
    const file = FoldCheckpointFile.open(foldCheckpointsFile(checkpointsDir), [fold]);
    const building = new FoldCheckpointing({ store, file, upcasters, every: EVERY });
    const started = performance.now();
    const lengths: Array<[string, number]> = [
      [stream, known.events.length],
      ...seeded.planIds.map((id): [string, number] => [`commitment-${id}`, PLAN_EVENTS]),
    ];
    for (;;) {
      const made = await building.catchUp(lengths, 2);
      if (made.stillDue === 0 || made.built === 0) break;
    }
    const buildMs = performance.now() - started;
    const size = file.size();
    const fileName = foldCheckpointsFile(checkpointsDir);
    const onDisk = [fileName, `${fileName}-wal`]
      .map((name) => (existsSync(name) ? statSync(name).size : 0))
      .reduce((a, b) => a + b, 0);
    const marks = file.marks(fold, stream);
    // A cut one event before a checkpoint: the most events read and applied after one.
    const beforeMark = marks.find((mark) => mark.count < known.events.length - 1)!;
    const worstCount = beforeMark.count + EVERY - 1;
    const worst: KnowledgeCut = { position: BigInt(known.events[worstCount - 1].at.commit) };
    const justAfter: KnowledgeCut = {
      position: BigInt(known.events[beforeMark.count].at.commit),
    };
    for (const [label, cut] of [
      ['commitment as known on 2026-12-31', end],
      ['commitment as known on 2026-08-15', mid],
      ['commitment as known at its last position', { position: endPosition }],
      [`commitment at ${fmtInt(worstCount)} events (${EVERY - 1} after a checkpoint)`, worst],
      [`commitment at ${fmtInt(beforeMark.count + 1)} events (1 after a checkpoint)`, justAfter],
    ] as const) {
      // A new process's first request: nothing kept in memory, the file on disk.
      const folds = new FoldCache(16, EVERY, file);
      const streams = new StreamHistories(store, 50_000);
      const result = await timed(() =>
        commitmentAsOf(streams, LONG, { cut }, PUBLIC_READER, null, upcasters, folds),
      );
      row(
        `${label}, checkpoints on disk`,
        result,
        `${fmtInt(result.last.scope.events)} events, position ${result.last.scope.position}`,
      );
      await folds.settled();
      folds.close();
    }
    // The worst cut's parts: open the checkpoint, read what follows it, apply it.
    const mark = marks.find((m) => isWithin(m, worst))!;
    const next = marks.filter((m) => m.count > mark.count).pop();
    row(
      `  open its checkpoint (${fmtInt(mark.count)} events: gunzip, deserialize)`,
      await timed(async () =>
        ProjectionStore.deserialize(commitmentDetailProjection, file.image(mark)!).close(),
      ),
      `${fmtInt(Math.round(file.image(mark)!.length / 1024))} KiB image`,
    );
    const after = await knownAfter(store, mark, worst, next?.count);
    row(
      `  read the ${after!.events.length} events after it (port, gRPC)`,
      await timed(() => knownAfter(store, mark, worst, next?.count)),
      `${next ? next.count - mark.count + 1 : 'to the end:'} asked`,
    );
    const opened = ProjectionStore.deserialize(commitmentDetailProjection, file.image(mark)!);
    row(
      `  apply them in a savepoint`,
      await timed(async () => {
        opened.db.exec('SAVEPOINT bench');
        const position = opened.position;
        applyToStore(opened, after!.events, upcasters);
        opened.db.exec('ROLLBACK TO bench');
        opened.db.exec('RELEASE bench');
        opened.position = position;
      }),
      '',
    );
    opened.close();
    file.close();

    // The commitment's parts: read, fold, query.
    row(
      '  read its stream (port, gRPC)',
      await timed(() => knownHistory(store, [stream], end)),
      '',
    );
    row(
      '  fold it in memory',
      await timed(async () =>
        foldInMemory(commitmentDetailProjection, known.events, upcasters).close(),
      ),
      '',
    );
    const folded = foldInMemory(commitmentDetailProjection, known.events, upcasters);
    row(
      '  getCommitmentDetail on it',
      await timed(async () => getCommitmentDetail(folded.db, LONG, PUBLIC_READER)),
      'what the present GET costs too',
    );
    folded.close();

    for (const [label, cut] of [
      ['plan dashboard as known on 2026-12-31', end],
      ['plan dashboard as known on 2026-08-15', mid],
    ] as const) {
      row(
        `${label}, read afresh`,
        await timed(() => planDashboardAsOf(store, PLAN, seeded.planIds, { cut }, upcasters)),
        '',
      );
      const result = await timed(() =>
        planDashboardAsOf(kept, PLAN, seeded.planIds, { cut }, upcasters),
      );
      row(
        label,
        result,
        `${fmtInt(result.last.scope.events)} events, ${result.last.dashboard?.commitments} commitments`,
      );
    }

    const last100 = { position: BigInt(known.events[known.events.length - 101].at.commit) };
    const diffRecent = await timed(() =>
      commitmentDiff(kept, LONG, last100, end, PUBLIC_READER, null, upcasters, folds),
    );
    row(
      'diff of the commitment, last 100 events',
      diffRecent,
      `${diffRecent.last?.changes.length} changes, attributed: ${diffRecent.last?.attributed}`,
    );
    const diffHalf = await timed(() =>
      commitmentDiff(kept, LONG, mid, end, PUBLIC_READER, null, upcasters, folds),
    );
    row(
      'diff of the commitment, mid-year to end',
      diffHalf,
      `${fmtInt(diffHalf.last?.events.length)} events, attributed: ${diffHalf.last?.attributed}`,
    );

    console.log(
      renderTable(
        [
          { header: 'past view', align: 'left' },
          { header: 'first' },
          { header: 'p50' },
          { header: 'max' },
          { header: 'what it folded', align: 'left' },
        ],
        rows,
      ),
    );
    console.log(`  store holds ${fmtInt(seeded.total)} events`);
    console.log(
      `  fold checkpoints every ${fmtInt(EVERY)} events: ${fmtInt(size.checkpoints)} for ` +
        `${size.streams} stream(s), built in ${fmtMs(buildMs)} by FoldCheckpointing (two a turn); ` +
        `images ${fmtInt(Math.round(size.bytesOnDisk / 1024))} KiB gzipped ` +
        `(${fmtInt(Math.round(size.bytes / 1024))} KiB as SQLite), ` +
        `file and WAL ${fmtInt(Math.round(onDisk / 1024))} KiB`,
    );
    folds.close();
  } finally {
    await store.close();
    await client.dispose();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
