import { existsSync, readdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import {
  COMMITMENT_EVENT_SCHEMA_VERSIONS,
  upcastMilestoneProgressReportedV1toV2,
  type CommitmentEvent,
} from '@hitos/domain';
import { UpcasterRegistry, type AppendOutcome, type EventToAppend } from '@hitos/event-store';
import { eventToAppend, useEventStore } from '@hitos/testing';
import { commitmentSummaryProjection } from './commitment-summary/commitment-summary.projection';
import { compareProjectionFiles } from './compare';
import { ProjectionHandlerError } from './errors';
import { ProjectionRunner } from './projection-runner';
import { projectionFile } from './projection-store';
import { buildProjectionFile, rebuildProjection, type RebuildProgress } from './rebuild';
import { commitmentHistory } from './testing/commitment-history';
import { eventLogProjection } from './testing/event-log.projection';
import { appendNumbered, tempDirectory, uniquePrefix } from './testing/int-helpers';

const upcasters = new UpcasterRegistry(COMMITMENT_EVENT_SCHEMA_VERSIONS, [
  {
    type: 'MilestoneProgressReported',
    fromVersion: 1,
    upcast: upcastMilestoneProgressReportedV1toV2,
  },
]);

/** Stores some progress reports as schema v1 (bare URLs), as the first version wrote them. */
function stored(event: CommitmentEvent, asV1: boolean): EventToAppend {
  if (asV1 && event.type === 'MilestoneProgressReported') {
    const { evidence, ...rest } = event.data;
    return eventToAppend(
      event.type,
      { ...rest, evidenceUrls: evidence.map((item) => item.url) },
      { schemaVersion: 1, recordedAt: '2026-06-01T00:00:00.000Z' },
    );
  }
  return eventToAppend(event.type, event.data, {
    schemaVersion: COMMITMENT_EVENT_SCHEMA_VERSIONS[event.type],
    recordedAt: '2026-06-01T00:00:00.000Z',
  });
}

describe('rebuild and compare (embedded server, real gRPC)', () => {
  const env = useEventStore();
  let dir: ReturnType<typeof tempDirectory>;
  let prefix: string;
  let runner: ProjectionRunner;
  let commitments = 0;
  let last: AppendOutcome;

  /** Appends the histories of `count` more commitments, interleaved step by step. */
  async function appendCommitments(count: number): Promise<number> {
    const histories = Array.from({ length: count }, (_, k) => commitmentHistory(commitments + k));
    const first = commitments;
    commitments += count;
    let events = 0;
    for (let step = 0; histories.some((h) => step < h.length); step++) {
      for (let k = 0; k < histories.length; k++) {
        const event = histories[k][step];
        if (!event) continue;
        last = await env.store.appendToStream(
          `${prefix}c${first + k}`,
          [stored(event, (first + k) % 4 === 0)],
          'any',
        );
        events++;
      }
    }
    return events;
  }

  beforeAll(async () => {
    dir = tempDirectory('rebuild');
    prefix = `commitment-${uniquePrefix('r')}`;
    const events = await appendCommitments(180);
    expect(events).toBeGreaterThan(2000);
    runner = new ProjectionRunner({
      store: env.store,
      directory: dir.path,
      projections: [commitmentSummaryProjection],
      streamPrefixes: [prefix],
      upcasters,
    });
    runner.start();
    await runner.waitForPosition(last.position!, 30_000);
  });
  afterAll(async () => {
    await runner?.stop();
    dir.remove();
  });

  const options = () => ({
    store: env.store,
    projection: commitmentSummaryProjection,
    directory: dir.path,
    upcasters,
    streamPrefixes: [prefix],
  });

  it('rebuilds a model equal to the live one, row by row, reporting progress', async () => {
    const progress: RebuildProgress[] = [];
    const built = await buildProjectionFile({
      ...options(),
      pageSize: 300,
      onProgress: (p) => progress.push(p),
      progressIntervalMs: 0,
    });
    const report = compareProjectionFiles(
      projectionFile(dir.path, 'commitment-summary'),
      built.file,
    );
    expect(report.differences).toEqual([]);
    expect(report.schemaDifferences).toEqual([]);
    expect(report.equal).toBe(true);
    expect(report.rebuiltPosition).toBe(report.livePosition);
    expect(report.tables).toEqual([
      { table: 'commitment_summary', liveRows: 180, rebuiltRows: 180 },
      { table: 'commitment_summary_milestone', liveRows: 540, rebuiltRows: 540 },
      {
        table: 'commitment_summary_report',
        liveRows: expect.any(Number),
        rebuiltRows: expect.any(Number),
      },
    ]);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress[progress.length - 1]).toMatchObject({ fraction: 1, events: built.events });
    expect(progress.every((p) => p.eventsPerSecond >= 0 && p.endPosition !== null)).toBe(true);
    expect(built.events).toBeGreaterThan(2000);

    // And it finds differences when there are some.
    const db = new Database(built.file);
    db.prepare(`UPDATE commitment_summary SET progress = 99.9 WHERE commitment_id = ?`).run(
      `${prefix.slice('commitment-'.length)}c7`,
    );
    db.prepare(`DELETE FROM commitment_summary_milestone WHERE milestone_id = 'h2'`).run();
    db.close();
    const tampered = compareProjectionFiles(
      projectionFile(dir.path, 'commitment-summary'),
      built.file,
      3,
    );
    expect(tampered.equal).toBe(false);
    expect(tampered.differences).toHaveLength(3);
    expect(tampered.differences[0]).toMatchObject({
      table: 'commitment_summary',
      kind: 'different',
      key: [`${prefix.slice('commitment-'.length)}c7`],
      rebuilt: expect.objectContaining({ progress: 99.9 }),
    });
    expect(tampered.differences[1]).toMatchObject({
      table: 'commitment_summary_milestone',
      kind: 'only-in-live',
    });
  });

  it('swaps a rebuild in under a live runner while events keep arriving', async () => {
    const writing = appendCommitments(20);
    const report = await runner.rebuild('commitment-summary', { pageSize: 250 });
    await writing;
    expect(existsSync(report.file)).toBe(false); // renamed over the live file
    await runner.waitForPosition(last.position!, 30_000);
    const reference = await buildProjectionFile(options());
    const comparison = compareProjectionFiles(
      projectionFile(dir.path, 'commitment-summary'),
      reference.file,
    );
    expect(comparison.differences).toEqual([]);
    expect(comparison.equal).toBe(true);
    expect(comparison.tables[0]).toEqual({
      table: 'commitment_summary',
      liveRows: 200,
      rebuiltRows: 200,
    });
  });

  it('leaves the live model alone when a rebuild fails, and deletes its half-built file', async () => {
    const logPrefix = uniquePrefix('fail');
    const projection = eventLogProjection();
    await appendNumbered(env.store, `${logPrefix}a`, 0, 3);
    await appendNumbered(env.store, `${logPrefix}a`, 3, 1, 'Boom', { boom: true });
    const failDir = tempDirectory('rebuild-fail');
    try {
      await expect(
        rebuildProjection({
          store: env.store,
          projection,
          directory: failDir.path,
          streamPrefixes: [logPrefix],
        }),
      ).rejects.toBeInstanceOf(ProjectionHandlerError);
      expect(readdirSync(failDir.path)).toEqual([]);
    } finally {
      failDir.remove();
    }
  });
});
