import { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import Database from 'better-sqlite3';
import { stringify } from 'csv-stringify';
import {
  AUDIT_TRAIL_CSV_COLUMNS,
  auditTrailCsvRecord,
  auditTrailRows,
  type AuditEntry,
  type AuditEntryWithLeaf,
  type AuditTrailScope,
  type Reader,
} from '@hitos/read-models';
import type { TrailFormat } from './read-query.dto';

/** The format asked for: `?format=` first, then the Accept header; JSON pages by default. */
export function trailFormatOf(format: TrailFormat | undefined, accept?: string): TrailFormat {
  if (format) return format;
  if (!accept) return 'json';
  if (/\bapplication\/x-ndjson\b/i.test(accept)) return 'ndjson';
  if (/\btext\/csv\b/i.test(accept)) return 'csv';
  return 'json';
}

/**
 * Every row of the trail, streamed: read from a read-only connection of its own (the live one
 * stays free for the projection's writes; the export reads one consistent snapshot), one row at
 * a time, written as the client takes it (`pipe` waits for the socket to drain), closed when
 * the last row is written or the client goes away.
 */
export function streamTrail(options: {
  live: Database.Database;
  scope: AuditTrailScope;
  reader: Reader;
  format: Exclude<TrailFormat, 'json'>;
  filename: string;
  withLeaf: (entry: AuditEntry) => AuditEntryWithLeaf;
  res: Response;
}): StreamableFile {
  const { live, scope, reader, format, withLeaf, res } = options;
  function* rows(): Generator<AuditEntryWithLeaf> {
    const db = new Database(live.name, { readonly: true, fileMustExist: true });
    try {
      for (const entry of auditTrailRows(db, scope, reader)) yield withLeaf(entry);
    } finally {
      db.close();
    }
  }
  const source = Readable.from(rows());
  const body =
    format === 'ndjson'
      ? source.map((row: AuditEntryWithLeaf) => `${JSON.stringify(row)}\n`)
      : source
          .map((row: AuditEntryWithLeaf) => auditTrailCsvRecord(row))
          .pipe(
            stringify({
              header: true,
              columns: [...AUDIT_TRAIL_CSV_COLUMNS],
              escape_formulas: true,
            }),
          );
  // A client that leaves early ends the read (and frees the connection).
  res.once('close', () => {
    source.destroy();
    body.destroy();
  });
  return new StreamableFile(body, {
    type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    disposition: `attachment; filename="${options.filename}.${format}"`,
  });
}
