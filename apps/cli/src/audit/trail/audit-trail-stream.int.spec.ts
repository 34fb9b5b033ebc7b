import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS } from '@hitos/domain';
import { UpcasterRegistry } from '@hitos/event-store';
import { buildProjectionFile } from '@hitos/projections';
import {
  HITOS_STREAM_PREFIXES,
  PUBLIC_READER,
  WITHHELD_NOTE,
  auditTrail,
  auditTrailProjection,
  type AuditTrailScope,
  type Reader,
} from '@hitos/read-models';
import {
  COMMITMENT_ID,
  CONFIDENTIAL_URL,
  FAE_ID,
  MDT_ID,
  OTHER_INSTITUTION_ID,
  PLAN_ID,
  RESERVED_REPORT_TITLE,
  RESERVED_URL,
  useEventStore,
} from '@hitos/testing';
import { parseMoment } from '../../conventions/moments';
import {
  SERCOP_RESERVED_REPORT,
  appendWorld,
  transferredActaWorld,
} from '../../testing/trail-world';
import { auditTrailRows, type TrailOptions, type TrailRow } from './audit-trail-stream';

const upcasters = new UpcasterRegistry(HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS);

describe('the audit trail streamed from $all (embedded store, real gRPC)', () => {
  const env = useEventStore();
  const world = transferredActaWorld();
  let readModel: Database.Database;
  let directory: string;

  beforeAll(async () => {
    await appendWorld(env.store, world.events);
    // The API's read model of the same store, to hold the CLI to the read side's rules.
    directory = mkdtempSync(join(tmpdir(), 'hitos-cli-trail-'));
    const built = await buildProjectionFile({
      store: env.store,
      projection: auditTrailProjection,
      directory,
      upcasters,
      streamPrefixes: HITOS_STREAM_PREFIXES,
    });
    readModel = new Database(built.file, { readonly: true });
  });
  afterAll(() => {
    readModel?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const trail = async (options: Partial<TrailOptions>): Promise<TrailRow[]> => {
    const rows: TrailRow[] = [];
    for await (const row of auditTrailRows(env.store, {
      scope: { all: true },
      reader: PUBLIC_READER,
      upcasters,
      pageSize: 7, // many pages, even for a small world
      ...options,
    })) {
      rows.push(row);
    }
    return rows;
  };

  const scopes: [string, AuditTrailScope][] = [
    ['commitment', { commitmentId: COMMITMENT_ID }],
    ['plan', { planId: PLAN_ID }],
    ['institution (before the transfer)', { institutionId: MDT_ID }],
    ['institution (after the transfer)', { institutionId: OTHER_INSTITUTION_ID }],
    ['organization', { organizationId: FAE_ID }],
    ['correlation', { correlationId: 'corr-1000' }],
    ['whole', { all: true }],
  ];
  const readers: [string, Reader][] = [
    ['the public', PUBLIC_READER],
    ['the Core Group', { role: 'core-group' }],
    ['the institution responsible before', { role: 'institution', organizationId: MDT_ID }],
    [
      'the institution responsible now',
      { role: 'institution', organizationId: OTHER_INSTITUTION_ID },
    ],
    ['another institution', { role: 'institution', organizationId: 'senescyt' }],
    ['the counterpart', { role: 'counterpart', organizationId: FAE_ID }],
    ['another organization', { role: 'counterpart', organizationId: 'grupo-faro' }],
    ['an auditor', { role: 'auditor' }],
    ['the Presidency', { role: 'presidency' }],
  ];

  describe.each(scopes)('a %s trail', (_name, scope) => {
    it.each(readers)('is, row for row, what the read model lists for %s', async (_who, reader) => {
      const rows = await trail({ scope, reader });
      const listed = auditTrail(readModel, scope, reader, {}, { limit: 500 });
      expect(listed.total).toBeGreaterThan(0);
      expect(listed.total).toBeLessThan(500);
      // Every event of the scope, in $all order, no gap; withheld or not as the read side says.
      expect(rows).toEqual(
        listed.items.map((e) => ({
          position: e.position,
          streamId: e.streamId,
          revision: e.revision,
          eventId: e.eventId,
          type: e.type,
          recordedAt: e.recordedAt,
          occurredAt: e.occurredAt,
          actor: e.actor,
          correlationId: e.correlationId,
          causationId: e.causationId,
          reason: e.reason,
          summary: e.summary,
          withheld: e.withheld,
        })),
      );
    });
  });

  it('withholds reserved content from the public as a row that says so, in its place, without the content', async () => {
    const rows = await trail({ scope: { commitmentId: COMMITMENT_ID } });
    const withheld = rows.filter((r) => r.withheld);
    expect(withheld.map((r) => r.type)).toEqual([
      'MilestoneProgressReported',
      // The objection's reasons inherit the reserved report's classification.
      'ProgressReportReviewed',
      'MilestoneProgressReported',
      'ReportSubmitted',
      'ReportSubmitted',
    ]);
    for (const row of withheld) {
      expect(row).toMatchObject({ reason: null, actor: { id: null } });
      expect(row.summary.es.endsWith(WITHHELD_NOTE.es)).toBe(true);
      expect(row.position).toMatch(/^\d+$/);
    }
    const text = JSON.stringify(rows);
    for (const secret of [
      RESERVED_URL,
      CONFIDENTIAL_URL,
      RESERVED_REPORT_TITLE,
      SERCOP_RESERVED_REPORT.data.title,
    ]) {
      expect(text).not.toContain(secret);
    }
    // An auditor reads them all.
    const audited = await trail({
      scope: { commitmentId: COMMITMENT_ID },
      reader: { role: 'auditor' },
    });
    expect(audited.filter((r) => r.withheld)).toEqual([]);
    expect(audited.length).toBe(rows.length);
  });

  it('reads the whole history with no scope: every hitos event once, in $all order', async () => {
    const rows = await trail({ reader: { role: 'auditor' } });
    expect(rows.map((r) => r.eventId)).toEqual(world.events.map((e) => e.id));
    expect(rows.every((r) => !r.withheld)).toBe(true);
    const positions = rows.map((r) => BigInt(r.position));
    expect([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(positions);
  });

  it('keeps to --from and --to, as positions or as recording times, both inclusive', async () => {
    const all = await trail({ reader: { role: 'auditor' } });
    const [third, sixth] = [all[2], all[5]];
    const between = await trail({
      reader: { role: 'auditor' },
      from: parseMoment('--from', third.position, 'start'),
      to: parseMoment('--to', sixth.position, 'end'),
    });
    expect(between.map((r) => r.eventId)).toEqual(all.slice(2, 6).map((r) => r.eventId));
    const at = all[10].recordedAt;
    const fromTime = await trail({
      reader: { role: 'auditor' },
      from: parseMoment('--from', at, 'start'),
    });
    expect(fromTime.map((r) => r.eventId)).toEqual(
      all.filter((r) => Date.parse(r.recordedAt) >= Date.parse(at)).map((r) => r.eventId),
    );
    const byDay = await trail({
      reader: { role: 'auditor' },
      to: parseMoment('--to', '2026-01-01', 'end'),
    });
    expect(byDay).toEqual([]);
  });

  it('reports its progress page by page, over two passes when the parties of today are needed', async () => {
    const marks: { pass: number; passes: number; events: number }[] = [];
    await trail({
      scope: { institutionId: OTHER_INSTITUTION_ID },
      onProgress: ({ pass, passes, events }) => marks.push({ pass, passes, events }),
    });
    expect(marks[0]).toMatchObject({ pass: 1, passes: 2 });
    expect(marks[marks.length - 1]).toMatchObject({ pass: 2, passes: 2 });
    expect(marks.filter((m) => m.pass === 2).length).toBeGreaterThan(3);
  });
});
