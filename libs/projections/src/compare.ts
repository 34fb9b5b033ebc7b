import Database, { type Database as SqliteDatabase } from 'better-sqlite3';

export interface RowDifference {
  table: string;
  /** Primary key values of the row (all columns for a table without one). */
  key: unknown[];
  kind: 'only-in-live' | 'only-in-rebuilt' | 'different';
  live?: Record<string, unknown>;
  rebuilt?: Record<string, unknown>;
}

export interface ComparisonReport {
  equal: boolean;
  livePosition: string | null;
  rebuiltPosition: string | null;
  tables: { table: string; liveRows: number; rebuiltRows: number }[];
  /** Tables or schemas present on one side only, or defined differently. */
  schemaDifferences: string[];
  /** The first differences found, at most `maxDifferences`. */
  differences: RowDifference[];
}

/**
 * Compares two projection files table by table and row by row, both read in primary-key
 * order and merged like a sorted join, so memory stays flat whatever the size. The
 * checkpoint row is left out of the rows and reported beside them: two equal models may have
 * been taken at different positions.
 */
export function compareProjectionFiles(
  liveFile: string,
  rebuiltFile: string,
  maxDifferences = 10,
): ComparisonReport {
  const live = new Database(liveFile, { readonly: true });
  const rebuilt = new Database(rebuiltFile, { readonly: true });
  try {
    const liveSchema = schemaOf(live);
    const rebuiltSchema = schemaOf(rebuilt);
    const schemaDifferences: string[] = [];
    for (const [name, sql] of liveSchema) {
      if (!rebuiltSchema.has(name)) schemaDifferences.push(`${name}: only in live`);
      else if (rebuiltSchema.get(name) !== sql)
        schemaDifferences.push(`${name}: defined differently`);
    }
    for (const name of rebuiltSchema.keys()) {
      if (!liveSchema.has(name)) schemaDifferences.push(`${name}: only in rebuilt`);
    }
    const tables: ComparisonReport['tables'] = [];
    const differences: RowDifference[] = [];
    for (const table of tablesOf(live)) {
      if (!rebuiltSchema.has(`table ${table}`)) continue;
      const keys = keyColumns(live, table);
      const order = keys.map((k) => `"${k}"`).join(', ');
      const rowsOf = (db: SqliteDatabase) =>
        db.prepare(`SELECT * FROM "${table}" ORDER BY ${order}`).iterate() as IterableIterator<
          Record<string, unknown>
        >;
      const a = rowsOf(live);
      const b = rowsOf(rebuilt);
      let x = a.next();
      let y = b.next();
      let liveRows = 0;
      let rebuiltRows = 0;
      while (!x.done || !y.done) {
        const keyX = x.done ? null : keys.map((k) => x.value[k]);
        const keyY = y.done ? null : keys.map((k) => y.value[k]);
        const order = keyX === null ? 1 : keyY === null ? -1 : compareTuples(keyX, keyY);
        const record = (difference: RowDifference) => {
          if (differences.length < maxDifferences) differences.push(difference);
        };
        if (order < 0) {
          record({ table, key: keyX!, kind: 'only-in-live', live: x.value });
          liveRows++;
          x = a.next();
        } else if (order > 0) {
          record({ table, key: keyY!, kind: 'only-in-rebuilt', rebuilt: y.value });
          rebuiltRows++;
          y = b.next();
        } else {
          if (!sameRow(x.value, y.value)) {
            record({ table, key: keyX!, kind: 'different', live: x.value, rebuilt: y.value });
          }
          liveRows++;
          rebuiltRows++;
          x = a.next();
          y = b.next();
        }
      }
      tables.push({ table, liveRows, rebuiltRows });
    }
    const positionOf = (db: SqliteDatabase) =>
      ((db.prepare(`SELECT commit_position FROM _projection WHERE id = 1`).get() as any)
        ?.commit_position ?? null) as string | null;
    return {
      equal: schemaDifferences.length === 0 && differences.length === 0,
      livePosition: positionOf(live),
      rebuiltPosition: positionOf(rebuilt),
      tables,
      schemaDifferences,
      differences,
    };
  } finally {
    live.close();
    rebuilt.close();
  }
}

function schemaOf(db: SqliteDatabase): Map<string, string | null> {
  const rows = db
    .prepare(
      `SELECT type, name, sql FROM sqlite_master
       WHERE name NOT LIKE 'sqlite_%' AND name <> '_projection' ORDER BY type, name`,
    )
    .all() as { type: string; name: string; sql: string | null }[];
  return new Map(rows.map((row) => [`${row.type} ${row.name}`, row.sql]));
}

function tablesOf(db: SqliteDatabase): string[] {
  return (
    db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table'
         AND name NOT LIKE 'sqlite_%' AND name <> '_projection' ORDER BY name`,
      )
      .all() as { name: string }[]
  ).map((row) => row.name);
}

function keyColumns(db: SqliteDatabase, table: string): string[] {
  const columns = db.prepare(`SELECT name, pk FROM pragma_table_info(?)`).all(table) as {
    name: string;
    pk: number;
  }[];
  const keys = columns.filter((c) => c.pk > 0).sort((p, q) => p.pk - q.pk);
  return (keys.length ? keys : columns).map((c) => c.name);
}

/** SQLite's own order for the default BINARY collation: NULL < numbers < text < blobs. */
function compareValues(a: unknown, b: unknown): number {
  const rank = (v: unknown) =>
    v === null
      ? 0
      : typeof v === 'number' || typeof v === 'bigint'
        ? 1
        : typeof v === 'string'
          ? 2
          : 3;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  if (ra === 1) return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  // Text compares by UTF-8 bytes in SQLite, not by UTF-16 units as JavaScript does.
  const bytes = (v: unknown) => (Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'utf8'));
  return Buffer.compare(bytes(a), bytes(b));
}

function compareTuples(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    const order = compareValues(a[i], b[i]);
    if (order !== 0) return order;
  }
  return 0;
}

function sameRow(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => key in b && compareValues(a[key], b[key]) === 0);
}
