import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as yauzl from 'yauzl';
import { HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS } from '@hitos/domain';
import { UpcasterRegistry } from '@hitos/event-store';
import { writeReplayManifest, type ReplayManifest } from '@hitos/projections';
import { HITOS_STREAM_PREFIXES } from '@hitos/read-models';
import { CONFIDENTIAL_URL, RESERVED_URL, useEventStore } from '@hitos/testing';
import { transparencyLogProjection } from '@hitos/transparency';
import { DEFAULT_WORKFLOW_POLICY, hitosProjections } from '@hitos/workflows';
import { parseMoment } from '../../conventions/moments';
import { csvRecords } from '../../testing/csv';
import { appendWorld, transferredActaWorld, withForwardClock } from '../../testing/trail-world';
import { exportReplay, type ExportManifest } from './export';
import { replayManifest, replayUntil } from './replay';

/** Every entry of a zip, as text. */
async function unzip(path: string): Promise<Map<string, string>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true }, (error, file) =>
      error ? reject(error) : resolve(file),
    ),
  );
  const files = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          files.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
          zip.readEntry();
        });
      });
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return files;
}

describe('audit replay --export: every table of every replayed model, one file a table (real store)', () => {
  const env = useEventStore();
  const world = { events: withForwardClock(transferredActaWorld().events, '2026-01-02T14:00:00Z') };
  // Until the commitment is marked pending transfer; SERCOP's reserved report comes later.
  const middle = world.events.findIndex((e) => e.type === 'CommitmentMarkedTransferPending');
  const directories: string[] = [];
  const directory = (label: string) => {
    const path = mkdtempSync(join(tmpdir(), `hitos-cli-export-${label}-`));
    directories.push(path);
    return path;
  };
  let models: string;
  let manifest: ReplayManifest;
  let middlePosition: string;
  /** A table of the replayed models, as SQLite holds it. */
  const rowsOf = (model: string, table: string) => {
    const db = new Database(join(models, `${model}.sqlite`), { readonly: true });
    try {
      return db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    const outcomes = await appendWorld(env.store, world.events);
    middlePosition = outcomes[middle].position!.commit.toString();
    models = directory('models');
    const until = parseMoment('--until', middlePosition, 'end');
    const report = await replayUntil({
      store: env.store,
      projections: hitosProjections(DEFAULT_WORKFLOW_POLICY),
      logs: [transparencyLogProjection],
      directory: models,
      until,
      upcasters: new UpcasterRegistry(HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS),
      streamPrefixes: HITOS_STREAM_PREFIXES,
    });
    manifest = replayManifest(until, report);
    writeReplayManifest(models, manifest);
  });
  afterAll(() => directories.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('as NDJSON into a directory: each table its rows, as the models hold them, and a manifest with the moment and the counts', async () => {
    const path = join(directory('ndjson'), 'as-of-then');
    const written = await exportReplay({ directory: models, manifest, path, format: 'ndjson' });

    expect(statSync(path).mode & 0o777).toBe(0o700); // it holds reserved content
    expect(existsSync(`${path}.partial`)).toBe(false);
    const onDisk = JSON.parse(readFileSync(join(path, 'manifest.json'), 'utf8')) as ExportManifest;
    expect(onDisk).toEqual(written);
    expect(written).toMatchObject({
      format: 'hitos-replay-export/1',
      position: middlePosition,
      tableFormat: 'ndjson',
      replay: { until: { asked: middlePosition, position: middlePosition }, at: manifest.at },
    });
    // Every model, every table but the engine's checkpoint header.
    expect(new Set(written.files.map((f) => f.model))).toEqual(
      new Set(manifest.models.map((m) => m.name)),
    );
    expect(written.files.some((f) => f.table === '_projection')).toBe(false);
    expect(readdirSync(join(path, 'commitment-detail')).length).toBeGreaterThan(5);

    for (const [model, table] of [
      ['commitment-detail', 'commitment_evidence'],
      ['commitment-detail', 'commitment_submitted_report'],
      ['audit-trail', 'audit_event'],
    ]) {
      const file = written.files.find((f) => f.model === model && f.table === table)!;
      const lines = readFileSync(join(path, file.path), 'utf8').trimEnd().split('\n');
      const exported = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(exported).toEqual(rowsOf(model, table));
      expect(file.rows).toBe(exported.length);
      expect(file.columns.map((c) => c.name)).toEqual(Object.keys(exported[0]));
    }
    // As of the moment: SERCOP's reserved report, submitted later, is not there.
    const reports = readFileSync(
      join(path, 'commitment-detail/commitment_submitted_report.ndjson'),
      'utf8',
    );
    expect(reports).not.toContain('inf-sercop');
    const trail = readFileSync(join(path, 'audit-trail/audit_event.ndjson'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { position: string });
    expect(trail.at(-1)?.position).toBe(middlePosition);
  });

  it('says how many rows are reserved: the export is unfiltered, for operators', async () => {
    const path = join(directory('reserved'), 'models');
    const written = await exportReplay({ directory: models, manifest, path, format: 'ndjson' });
    const evidence = rowsOf('commitment-detail', 'commitment_evidence');
    const notPublic = evidence.filter((row) => row.classification !== 'public').length;
    expect(notPublic).toBeGreaterThan(0);
    expect(written.reservedContent.tables).toContainEqual({
      model: 'commitment-detail',
      table: 'commitment_evidence',
      rows: notPublic,
    });
    expect(written.reservedContent.rows).toBe(
      written.reservedContent.tables.reduce((sum, t) => sum + t.rows, 0),
    );
    expect(written.reservedContent.note.en).toContain('unfiltered');
    // …and it holds them whole.
    const text = readFileSync(join(path, 'commitment-detail/commitment_evidence.ndjson'), 'utf8');
    expect(text).toContain(RESERVED_URL);
    expect(text).toContain(CONFIDENTIAL_URL);
  });

  it('as CSV into a zip: a header row and the same rows, the manifest last, nothing left half-written', async () => {
    const path = join(directory('csv'), 'as-of-then.zip');
    const written = await exportReplay({ directory: models, manifest, path, format: 'csv' });

    expect(statSync(path).mode & 0o777).toBe(0o600);
    const files = await unzip(path);
    expect([...files.keys()].at(-1)).toBe('manifest.json');
    expect(JSON.parse(files.get('manifest.json')!)).toEqual(written);
    expect([...files.keys()].sort()).toEqual(
      [...written.files.map((f) => f.path), 'manifest.json'].sort(),
    );
    for (const [model, table] of [
      ['commitment-detail', 'commitment_evidence'],
      ['registry', 'registry_entry'],
    ]) {
      const file = written.files.find((f) => f.model === model && f.table === table)!;
      expect(file.path).toBe(`${model}/${table}.csv`);
      const records = csvRecords(files.get(file.path)!);
      const rows = rowsOf(model, table).map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([name, value]) => [name, value === null ? '' : String(value)]),
        ),
      );
      expect(records).toEqual(rows);
      expect(file.rows).toBe(rows.length);
    }
  });

  it('a failed export leaves nothing behind, under either name', async () => {
    const path = join(directory('broken'), 'x.zip');
    const broken = { ...manifest, models: [{ ...manifest.models[0], file: 'missing.sqlite' }] };
    await expect(
      exportReplay({ directory: models, manifest: broken, path, format: 'csv' }),
    ).rejects.toThrow('missing.sqlite is missing');
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.partial`)).toBe(false);
  });
});
