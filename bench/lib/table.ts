/** Plain-text tables for the benchmark report. */

export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align?: Align;
}

export function renderTable(columns: Column[], rows: string[][]): string {
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const cell = (text: string, i: number): string =>
    (columns[i].align ?? 'right') === 'left' ? text.padEnd(widths[i]) : text.padStart(widths[i]);
  const line = (cells: string[]): string =>
    ' ' + cells.map((text, i) => cell(text ?? '', i)).join(' | ') + ' ';
  const header = ' ' + columns.map((c, i) => c.header.padEnd(widths[i])).join(' | ') + ' ';
  const rule = widths.map((w) => '-'.repeat(w + 2)).join('+');
  return [header, rule, ...rows.map(line)].join('\n');
}

export function heading(text: string): string {
  return `\n${text}\n${'='.repeat(text.length)}`;
}
