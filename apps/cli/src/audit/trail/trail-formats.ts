import { stringify } from 'csv-stringify/sync';
import type { TrailRow } from './audit-trail-stream';

export const TRAIL_FORMATS = ['csv', 'ndjson', 'table'] as const;
export type TrailFormat = (typeof TRAIL_FORMATS)[number];

/** Turns rows into text, one row at a time (nothing is buffered: the trail may be long). */
export interface TrailWriter {
  /** What comes before the first row ('' when nothing). */
  header(): string;
  row(row: TrailRow): string;
}

/** The CSV columns, in order: one row per event, as `hitos audit trail --format csv` writes it. */
export const CSV_COLUMNS = [
  'position',
  'stream_id',
  'revision',
  'event_id',
  'type',
  'recorded_at',
  'occurred_at',
  'actor_id',
  'actor_role',
  'actor_organization_id',
  'correlation_id',
  'causation_id',
  'reason',
  'summary_es',
  'summary_en',
  'withheld',
] as const;

export function trailWriter(
  format: TrailFormat,
  options: { bom?: boolean; width?: number } = {},
): TrailWriter {
  switch (format) {
    case 'ndjson':
      return { header: () => '', row: (row) => `${JSON.stringify(row)}\n` };
    case 'csv':
      return csvWriter(options.bom === true);
    case 'table':
      return tableWriter(options.width ?? 160);
  }
}

/**
 * RFC 4180 through csv-stringify (quotes, commas and line breaks inside a summary), UTF-8,
 * with a byte order mark on request for spreadsheets that need one to read accents. A cell
 * that a spreadsheet would take for a formula (=, +, -, @ first) is escaped with a leading '.
 */
function csvWriter(bom: boolean): TrailWriter {
  const line = (cells: readonly (string | number | null)[]) =>
    stringify([cells.map((cell) => (cell === null ? '' : String(cell)))], {
      escape_formulas: true,
    });
  return {
    header: () => `${bom ? '\ufeff' : ''}${line(CSV_COLUMNS)}`,
    row: (row) =>
      line([
        row.position,
        row.streamId,
        row.revision,
        row.eventId,
        row.type,
        row.recordedAt,
        row.occurredAt,
        row.actor.id,
        row.actor.role,
        row.actor.organizationId,
        row.correlationId,
        row.causationId,
        row.reason,
        row.summary.es,
        row.summary.en,
        row.withheld ? 'true' : 'false',
      ]),
  };
}

const COLUMNS = [
  { es: 'POSICIÓN', en: 'POSITION', width: 12 },
  { es: 'REGISTRADO (UTC)', en: 'RECORDED (UTC)', width: 24 },
  { es: 'TIPO', en: 'TYPE', width: 32 },
  { es: 'FLUJO@REVISIÓN', en: 'STREAM@REVISION', width: 44 },
  { es: 'ACTOR', en: 'ACTOR', width: 28 },
] as const;

/**
 * For a person at a terminal: headings in Spanish, then English; fixed columns (a stream cannot
 * be measured before it is read), long values cut with '…'; the summary last, in both
 * languages, on one line.
 */
function tableWriter(width: number): TrailWriter {
  const cell = (text: string, size: number) =>
    text.length > size ? `${text.slice(0, size - 1)}…` : text.padEnd(size);
  const fixed = (values: string[]) => values.map((v, i) => cell(v, COLUMNS[i].width)).join(' ');
  const used = COLUMNS.reduce((sum, c) => sum + c.width + 1, 0);
  const rest = Math.max(width - used, 40);
  return {
    header: () =>
      `${fixed(COLUMNS.map((c) => c.es))} RESUMEN\n` +
      `${fixed(COLUMNS.map((c) => c.en))} SUMMARY\n` +
      `${'-'.repeat(Math.min(width, used + rest))}\n`,
    row: (row) => {
      const actor = row.withheld
        ? '—'
        : [row.actor.role, row.actor.organizationId ?? row.actor.id].filter(Boolean).join(':');
      const summary = `${row.withheld ? '🔒 ' : ''}${row.summary.es} / ${row.summary.en}`.replace(
        /\s+/g,
        ' ',
      );
      return `${fixed([
        row.position,
        row.recordedAt,
        row.type,
        `${row.streamId}@${row.revision}`,
        actor,
      ])} ${summary}\n`;
    },
  };
}
