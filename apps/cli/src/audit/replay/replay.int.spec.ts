import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS } from '@hitos/domain';
import { UpcasterRegistry } from '@hitos/event-store';
import { buildProjectionFile, compareProjectionFiles, projectionFile } from '@hitos/projections';
import { HITOS_STREAM_PREFIXES, getCommitmentDetail } from '@hitos/read-models';
import { COMMITMENT_ID, useEventStore } from '@hitos/testing';
import { DEFAULT_WORKFLOW_POLICY, hitosProjections } from '@hitos/workflows';
import { parseMoment } from '../../conventions/moments';
import type { ProgressMark } from '../../conventions/progress';
import { appendWorld, transferredActaWorld, withForwardClock } from '../../testing/trail-world';
import { replayUntil } from './replay';

const upcasters = new UpcasterRegistry(HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS);
const projections = hitosProjections(DEFAULT_WORKFLOW_POLICY);
const auditor = { role: 'auditor' } as const;

describe('audit replay: the read models as of a moment (embedded store, real gRPC)', () => {
  const env = useEventStore();
  const world = { events: withForwardClock(transferredActaWorld().events, '2026-01-02T14:00:00Z') };
  // The middle of the history: the commitment is marked pending transfer, not yet transferred.
  const middle = world.events.findIndex((e) => e.type === 'CommitmentMarkedTransferPending');
  let then: string; // the directory of models captured when the history stopped there
  let middlePosition: bigint;
  const directories: string[] = [];
  const directory = (label: string) => {
    const path = mkdtempSync(join(tmpdir(), `hitos-cli-replay-${label}-`));
    directories.push(path);
    return path;
  };

  beforeAll(async () => {
    const outcomes = await appendWorld(env.store, world.events.slice(0, middle + 1));
    middlePosition = outcomes[outcomes.length - 1].position!.commit;
    // The models as the live ones stood at that position: built while nothing came after it.
    then = directory('then');
    for (const projection of projections) {
      const built = await buildProjectionFile({
        store: env.store,
        projection,
        directory: then,
        file: projectionFile(then, projection.name),
        upcasters,
        streamPrefixes: HITOS_STREAM_PREFIXES,
      });
      expect(built.position).toBe(middlePosition.toString());
    }
    await appendWorld(env.store, world.events.slice(middle + 1));
  });
  afterAll(() => directories.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('rebuilds every model until a position in the middle: each equals the model captured there', async () => {
    const out = directory('replay');
    const marks: ProgressMark[] = [];
    const report = await replayUntil({
      store: env.store,
      projections,
      directory: out,
      until: parseMoment('--until', middlePosition.toString(), 'end'),
      upcasters,
      streamPrefixes: HITOS_STREAM_PREFIXES,
      pageSize: 5,
      onProgress: (mark) => marks.push(mark),
    });
    expect(report.lastEvent).toMatchObject({
      position: middlePosition.toString(),
      type: 'CommitmentMarkedTransferPending',
    });
    expect(report.projections.map((p) => p.projection)).toEqual(projections.map((p) => p.name));
    for (const { projection, file, position } of report.projections) {
      expect(position).toBe(middlePosition.toString());
      const comparison = compareProjectionFiles(projectionFile(then, projection), file);
      expect({ projection, differences: comparison.differences }).toEqual({
        projection,
        differences: [],
      });
      expect(comparison.equal).toBe(true);
    }
    expect(marks.length).toBeGreaterThan(3);
    expect(marks[marks.length - 1].position).toBe(middlePosition);

    // The commitment's detail, as GET /api/commitments/:id read it then: pending transfer.
    const replayed = new Database(projectionFile(out, 'commitment-detail'), { readonly: true });
    const captured = new Database(projectionFile(then, 'commitment-detail'), { readonly: true });
    try {
      const detail = getCommitmentDetail(replayed, COMMITMENT_ID, auditor);
      expect(detail).toEqual(getCommitmentDetail(captured, COMMITMENT_ID, auditor));
      expect(detail?.status).toBe('TransferPending');
      expect(detail?.transfers).toEqual([]);
    } finally {
      replayed.close();
      captured.close();
    }
  });

  it('rebuilds until an instant: every event before the first recorded after it', async () => {
    const out = directory('instant');
    const cutAt = world.events[middle + 1].metadata as { recordedAt: string };
    // One millisecond before the next event was recorded: the same history as the position.
    const until = new Date(Date.parse(cutAt.recordedAt) - 1).toISOString();
    const report = await replayUntil({
      store: env.store,
      projections,
      directory: out,
      until: parseMoment('--until', until, 'end'),
      upcasters,
      streamPrefixes: HITOS_STREAM_PREFIXES,
    });
    expect(report.lastEvent?.position).toBe(middlePosition.toString());
    for (const { projection, file } of report.projections) {
      expect(compareProjectionFiles(projectionFile(then, projection), file).equal).toBe(true);
    }
  });

  it('until the end, it is the whole history: the transfer has happened', async () => {
    const out = directory('end');
    const report = await replayUntil({
      store: env.store,
      projections,
      directory: out,
      until: parseMoment('--until', '2100-01-01', 'end'),
      upcasters,
      streamPrefixes: HITOS_STREAM_PREFIXES,
    });
    expect(report.lastEvent?.type).toBe('ReportSubmitted');
    const db = new Database(projectionFile(out, 'commitment-detail'), { readonly: true });
    try {
      expect(getCommitmentDetail(db, COMMITMENT_ID, auditor)?.transfers).toHaveLength(1);
    } finally {
      db.close();
    }
    expect(
      readdirSync(out)
        .filter((f) => f.endsWith('.sqlite'))
        .sort(),
    ).toEqual(projections.map((p) => `${p.name}.sqlite`).sort());
  });
});
