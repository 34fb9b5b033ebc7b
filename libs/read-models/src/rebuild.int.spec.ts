import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import {
  COMMITMENT_EVENT_SCHEMA_VERSIONS,
  HITOS_EVENT_UPCASTS,
  type CommitmentEvent,
} from '@hitos/domain';
import { UpcasterRegistry, type AppendOutcome, type EventToAppend } from '@hitos/event-store';
import {
  ProjectionRunner,
  buildProjectionFile,
  compareProjectionFiles,
  projectionFile,
  type RebuildProgress,
} from '@hitos/projections';
import { commitmentHistory, eventToAppend, useEventStore } from '@hitos/testing';
import { tempDirectory, uniquePrefix } from '@hitos/projections/testing/int-helpers';
import { commitmentDetailProjection } from './commitment-detail/commitment-detail.projection';

// Every step: a v1 report goes through v2 (evidence items) to v3 (the narrative's classification).
const upcasters = new UpcasterRegistry(COMMITMENT_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS);

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
      projections: [commitmentDetailProjection],
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
    projection: commitmentDetailProjection,
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
      projectionFile(dir.path, 'commitment-detail'),
      built.file,
    );
    expect(report.differences).toEqual([]);
    expect(report.schemaDifferences).toEqual([]);
    expect(report.equal).toBe(true);
    expect(report.rebuiltPosition).toBe(report.livePosition);
    expect(report.tables).toEqual(
      expect.arrayContaining([
        { table: 'commitment', liveRows: 180, rebuiltRows: 180 },
        { table: 'commitment_milestone', liveRows: 540, rebuiltRows: 540 },
        {
          table: 'commitment_report',
          liveRows: expect.any(Number),
          rebuiltRows: expect.any(Number),
        },
      ]),
    );
    expect(report.tables.every((t) => t.liveRows === t.rebuiltRows)).toBe(true);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress[progress.length - 1]).toMatchObject({ fraction: 1, events: built.events });
    expect(progress.every((p) => p.eventsPerSecond >= 0 && p.endPosition !== null)).toBe(true);
    expect(built.events).toBeGreaterThan(2000);

    // And it finds differences when there are some.
    const db = new Database(built.file);
    db.prepare(`UPDATE commitment SET progress = 99.9 WHERE commitment_id = ?`).run(
      `${prefix.slice('commitment-'.length)}c7`,
    );
    db.prepare(`DELETE FROM commitment_milestone WHERE milestone_id = 'h2'`).run();
    db.close();
    const tampered = compareProjectionFiles(
      projectionFile(dir.path, 'commitment-detail'),
      built.file,
      3,
    );
    expect(tampered.equal).toBe(false);
    expect(tampered.differences).toHaveLength(3);
    expect(tampered.differences[0]).toMatchObject({
      table: 'commitment',
      kind: 'different',
      key: [`${prefix.slice('commitment-'.length)}c7`],
      rebuilt: expect.objectContaining({ progress: 99.9 }),
    });
    expect(tampered.differences[1]).toMatchObject({
      table: 'commitment_milestone',
      kind: 'only-in-live',
    });
  });

  it('swaps a rebuild in under a live runner while events keep arriving', async () => {
    const writing = appendCommitments(20);
    const report = await runner.rebuild('commitment-detail', { pageSize: 250 });
    await writing;
    expect(existsSync(report.file)).toBe(false); // renamed over the live file
    await runner.waitForPosition(last.position!, 30_000);
    const reference = await buildProjectionFile(options());
    const comparison = compareProjectionFiles(
      projectionFile(dir.path, 'commitment-detail'),
      reference.file,
    );
    expect(comparison.differences).toEqual([]);
    expect(comparison.equal).toBe(true);
    expect(comparison.tables[0]).toEqual({
      table: 'commitment',
      liveRows: 200,
      rebuiltRows: 200,
    });
  });
});
