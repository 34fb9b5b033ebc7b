import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import { stringify } from 'csv-stringify/sync';
import { ZipFile } from 'yazl';
import type { ReplayManifest } from '@hitos/projections';
import { CliError } from '../../conventions/cli-error';

export const EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The export's own manifest, `manifest.json` beside the tables. */
export interface ExportManifest {
  format: 'hitos-replay-export/1';
  /** The replay exported: what `replay.json` says of its moment and its history's end. */
  replay: Pick<ReplayManifest, 'until' | 'at' | 'end' | 'lastEvent' | 'events'>;
  /** The $all position the models stand at (the end of the history replayed). */
  position: string | null;
  /** `ndjson` (one JSON object a row) or `csv` (RFC 4180, a header row). */
  tableFormat: ExportFormat;
  /**
   * The rows the models mark as not public (a `classification` column other than `public`):
   * the export holds them whole. Counted, so that nobody publishes it unaware.
   */
  reservedContent: {
    rows: number;
    tables: { model: string; table: string; rows: number }[];
    note: { es: string; en: string };
  };
  files: {
    path: string;
    model: string;
    table: string;
    rows: number;
    columns: { name: string; type: string }[];
    bytes: number;
    sha256: string;
  }[];
}

export interface ExportOptions {
  /** The replay's directory (`replay.json` and the models' files). */
  directory: string;
  manifest: ReplayManifest;
  /** Where to write: a `.zip` file, or else a directory; it must not exist. */
  path: string;
  format: ExportFormat;
}

const RESERVED_NOTE = {
  es: 'Exportación sin filtrar de los modelos de lectura, para operadores: incluye el contenido reservado o confidencial tal como lo guardan los modelos. No la publique tal cual; para el público, sirva la réplica (hitos audit serve) y léala sin token.',
  en: 'An unfiltered export of the read models, for operators: it holds reserved or confidential content as the models keep it. Do not publish it as is; for the public, serve the replay (hitos audit serve) and read it without a token.',
};

/** Rows a chunk of the output carries: a few hundred, so that a table never sits in memory. */
const ROWS_PER_CHUNK = 256;

/**
 * Writes every table of every model of a replay, one file a table (`<model>/<table>.ndjson` or
 * `.csv`), and `manifest.json` last: the moment, the position, each file's rows, columns and
 * SHA-256, and how many rows are reserved. Streamed: each table is read row by row as the file
 * (or the zip) takes it, so memory stays flat whatever the size. Written under
 * `<path>.partial` (its owner's only: the models hold reserved content) and renamed when whole.
 */
export async function exportReplay(options: ExportOptions): Promise<ExportManifest> {
  const partial = `${options.path}.partial`;
  const zip = options.path.toLowerCase().endsWith('.zip');
  try {
    const manifest = zip
      ? await writeZip(options, partial)
      : await writeDirectory(options, partial);
    renameSync(partial, options.path);
    return manifest;
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

interface Table {
  model: string;
  table: string;
  file: string;
  path: string;
  columns: { name: string; type: string }[];
}

/** Every table of the replay's models (the engine's `_projection` header aside), in order. */
function tablesOf(options: ExportOptions): Table[] {
  const extension = options.format;
  return options.manifest.models.flatMap((model) => {
    const file = join(options.directory, model.file);
    if (!existsSync(file)) {
      throw new CliError(
        `falta ${file}: ${options.directory} no es una reconstrucción completa`,
        `${file} is missing: ${options.directory} is not a whole replay`,
      );
    }
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const names = db
        .prepare(
          `SELECT name FROM sqlite_master
           WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_projection'
           ORDER BY name`,
        )
        .pluck()
        .all() as string[];
      return names.map((table) => ({
        model: model.name,
        table,
        file,
        path: `${model.name}/${table}.${extension}`,
        columns: (
          db.prepare(`SELECT name, type FROM pragma_table_info(?) ORDER BY cid`).all(table) as {
            name: string;
            type: string;
          }[]
        ).map(({ name, type }) => ({ name, type })),
      }));
    } finally {
      db.close();
    }
  });
}

interface Counted {
  rows: number;
  reserved: number;
}

/** A table's text, a chunk at a time, counting its rows and its reserved ones as they pass. */
function tableText(table: Table, format: ExportFormat, counted: Counted): Readable {
  const names = table.columns.map((c) => c.name);
  const classification = names.indexOf('classification');
  async function* chunks(): AsyncGenerator<string> {
    const db = new Database(table.file, { readonly: true, fileMustExist: true });
    try {
      const rows = db
        .prepare(`SELECT * FROM "${table.table.replace(/"/g, '""')}"`)
        .raw(true)
        .safeIntegers(true)
        .iterate() as IterableIterator<unknown[]>;
      let chunk = format === 'csv' ? csvLine(names) : '';
      let inChunk = 0;
      for (const raw of rows) {
        const values = raw.map(plain);
        counted.rows++;
        if (classification >= 0 && values[classification] !== 'public') counted.reserved++;
        chunk +=
          format === 'csv'
            ? csvLine(values)
            : `${JSON.stringify(Object.fromEntries(names.map((name, i) => [name, values[i]])))}\n`;
        if (++inChunk >= ROWS_PER_CHUNK) {
          yield chunk;
          chunk = '';
          inChunk = 0;
          // Let the file (or the zip) take it before the next rows are read.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
      if (chunk) yield chunk;
    } finally {
      db.close();
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** A SQLite value as JSON and CSV can carry it: big integers as text, blobs as base64. */
function plain(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  }
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return value as string | number;
}

/** One RFC 4180 line; a text cell a spreadsheet would run (=, +, -, @ first) gets a leading '. */
function csvLine(cells: readonly (string | number | null)[]): string {
  return stringify([cells.map((cell) => cell ?? '')], { escape_formulas: true });
}

/** Passes a file's bytes through, hashing and counting them. */
function hashed(): { tap: PassThrough; done: () => { sha256: string; bytes: number } } {
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new PassThrough();
  tap.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  return { tap, done: () => ({ sha256: hash.digest('hex'), bytes }) };
}

function exportManifest(
  options: ExportOptions,
  files: ExportManifest['files'],
  reserved: ExportManifest['reservedContent']['tables'],
): ExportManifest {
  const { until, at, end, lastEvent, events } = options.manifest;
  return {
    format: 'hitos-replay-export/1',
    replay: { until, at, end, lastEvent, events },
    position: end?.commit ?? null,
    tableFormat: options.format,
    reservedContent: {
      rows: reserved.reduce((sum, t) => sum + t.rows, 0),
      tables: reserved,
      note: RESERVED_NOTE,
    },
    files,
  };
}

const manifestText = (manifest: ExportManifest) => `${JSON.stringify(manifest, null, 2)}\n`;

async function writeDirectory(options: ExportOptions, partial: string): Promise<ExportManifest> {
  const tables = tablesOf(options);
  mkdirSync(partial, { mode: 0o700 });
  const files: ExportManifest['files'] = [];
  const reserved: ExportManifest['reservedContent']['tables'] = [];
  for (const table of tables) {
    const counted: Counted = { rows: 0, reserved: 0 };
    const target = join(partial, table.path);
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    const { tap, done } = hashed();
    await pipeline(
      tableText(table, options.format, counted),
      tap,
      createWriteStream(target, { mode: 0o600 }),
    );
    files.push(fileEntry(table, counted, done()));
    if (counted.reserved > 0) {
      reserved.push({ model: table.model, table: table.table, rows: counted.reserved });
    }
  }
  const manifest = exportManifest(options, files, reserved);
  await pipeline(
    Readable.from([manifestText(manifest)]),
    createWriteStream(join(partial, 'manifest.json'), { mode: 0o600 }),
  );
  return manifest;
}

async function writeZip(options: ExportOptions, partial: string): Promise<ExportManifest> {
  const tables = tablesOf(options);
  const zip = new ZipFile();
  const mtime = zipTime(options.manifest.at);
  const failed = new Promise<never>((_, reject) => zip.on('error', reject));
  failed.catch(() => undefined);
  const out: Writable = createWriteStream(partial, { mode: 0o600 });
  const written = pipeline(zip.outputStream, out);
  const entries = tables.map((table) => {
    const counted: Counted = { rows: 0, reserved: 0 };
    const finished = new Promise<ExportManifest['files'][number]>((resolve, reject) => {
      // Made when the zip reaches it: one table read at a time.
      zip.addReadStreamLazy(table.path, { mtime, compress: true }, (callback) => {
        const { tap, done } = hashed();
        const source = tableText(table, options.format, counted);
        source.on('error', (error: Error) => {
          reject(error);
          tap.destroy(error);
        });
        tap.on('end', () => resolve(fileEntry(table, counted, done())));
        source.pipe(tap);
        callback(null, tap);
      });
    });
    return { table, counted, finished };
  });
  try {
    const files = await Promise.race([Promise.all(entries.map((e) => e.finished)), failed]);
    const reserved = entries
      .filter((e) => e.counted.reserved > 0)
      .map((e) => ({ model: e.table.model, table: e.table.table, rows: e.counted.reserved }));
    const manifest = exportManifest(options, files, reserved);
    zip.addBuffer(Buffer.from(manifestText(manifest)), 'manifest.json', { mtime, compress: true });
    zip.end();
    await Promise.race([written, failed]);
    return manifest;
  } catch (error) {
    out.destroy();
    await written.catch(() => undefined);
    throw error;
  }
}

function fileEntry(
  table: Table,
  counted: Counted,
  content: { sha256: string; bytes: number },
): ExportManifest['files'][number] {
  return {
    path: table.path,
    model: table.model,
    table: table.table,
    rows: counted.rows,
    columns: table.columns,
    ...content,
  };
}

/** Zip entries carry the replay's moment (a zip's clock starts in 1980). */
function zipTime(at: string): Date {
  const moment = new Date(at);
  const earliest = new Date('1980-01-02T00:00:00Z');
  return moment < earliest ? earliest : moment;
}
