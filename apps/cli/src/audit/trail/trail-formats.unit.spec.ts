import { csvRecords } from '../../testing/csv';
import { WITHHELD_SUMMARY } from '@hitos/read-models';
import type { TrailRow } from './audit-trail-stream';
import { CSV_COLUMNS, trailWriter } from './trail-formats';

const row = (overrides: Partial<TrailRow> = {}): TrailRow => ({
  position: '1200',
  streamId: 'commitment-calidad-servicios-publicos',
  revision: 3,
  eventId: '00000000-0000-4000-8000-000000001200',
  type: 'MilestoneRescheduled',
  recordedAt: '2026-06-15T15:00:00.012Z',
  occurredAt: '2026-06-15T15:00:00.000Z',
  actor: { id: 'u-mdt-ministro', role: 'institution', organizationId: 'mdt' },
  correlationId: 'corr-1200',
  causationId: 'cmd-1200',
  reason: 'Retraso en la contratación',
  summary: {
    es: 'Se reprogramó el hito h2, «por la consultoría», "con comillas"\ny un salto de línea.',
    en: 'Milestone h2 rescheduled, "quoted", with, commas.',
  },
  withheld: false,
  ...overrides,
});

const withheld = row({
  type: 'ReportSubmitted',
  reason: null,
  summary: { ...WITHHELD_SUMMARY },
  withheld: true,
});

describe('the trail formats', () => {
  it('writes CSV that reads back cell for cell: quotes, commas, line breaks and accents', () => {
    const csv = trailWriter('csv');
    const text = csv.header() + csv.row(row()) + csv.row(withheld);
    const records = csvRecords(text);
    expect(Object.keys(records[0])).toEqual([...CSV_COLUMNS]);
    expect(records[0]).toEqual({
      position: '1200',
      stream_id: 'commitment-calidad-servicios-publicos',
      revision: '3',
      event_id: '00000000-0000-4000-8000-000000001200',
      type: 'MilestoneRescheduled',
      recorded_at: '2026-06-15T15:00:00.012Z',
      occurred_at: '2026-06-15T15:00:00.000Z',
      actor_id: 'u-mdt-ministro',
      actor_role: 'institution',
      actor_organization_id: 'mdt',
      correlation_id: 'corr-1200',
      causation_id: 'cmd-1200',
      reason: 'Retraso en la contratación',
      summary_es: row().summary.es,
      summary_en: row().summary.en,
      withheld: 'false',
    });
    expect(records[1]).toMatchObject({
      type: 'ReportSubmitted',
      reason: '',
      summary_es: WITHHELD_SUMMARY.es,
      summary_en: WITHHELD_SUMMARY.en,
      withheld: 'true',
    });
  });

  it('puts a byte order mark first on request, and defuses cells a spreadsheet would run', () => {
    const csv = trailWriter('csv', { bom: true });
    expect(csv.header().startsWith('\ufeffposition,')).toBe(true);
    const [record] = csvRecords(
      csv.header() + csv.row(row({ summary: { es: '=HYPERLINK("x")', en: '+1' } })),
    );
    expect(record.summary_es).toBe(`'=HYPERLINK("x")`);
    expect(record.summary_en).toBe(`'+1`);
  });

  it('writes one JSON object per line', () => {
    const ndjson = trailWriter('ndjson');
    const text = ndjson.header() + ndjson.row(row()) + ndjson.row(withheld);
    expect(text.split('\n')).toHaveLength(3);
    expect(
      text
        .split('\n')
        .slice(0, 2)
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([row(), withheld]);
  });

  it('writes a table with bilingual headings, the summary in both languages last', () => {
    const table = trailWriter('table', { width: 200 });
    const lines = (table.header() + table.row(row()) + table.row(withheld)).split('\n');
    expect(lines[0]).toMatch(/^POSICIÓN .* RESUMEN$/);
    expect(lines[1]).toMatch(/^POSITION .* SUMMARY$/);
    expect(lines).toHaveLength(6);
    expect(lines[3]).toMatch(
      /^1200 .* institution:mdt .* Se reprogramó el hito h2, .* salto de línea\. \/ Milestone h2/,
    );
    expect(lines[4]).toContain(`${WITHHELD_SUMMARY.es} / ${WITHHELD_SUMMARY.en}`);
  });
});
