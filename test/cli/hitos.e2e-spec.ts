import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EsdbEventStore, type EventStore } from '@hitos/event-store';
import { EmbeddedEventStore } from '@hitos/eventstore-server';
import { WITHHELD_NOTE } from '@hitos/read-models';
import { COMMITMENT_ID, RESERVED_URL } from '@hitos/testing';
import { csvRecords } from '../../apps/cli/src/testing/csv';
import { appendWorld, transferredActaWorld } from '../../apps/cli/src/testing/trail-world';
import { hitos, hitosAsync } from './support/run-hitos';

// Each run of the CLI starts Node, ts-node and Nest (seconds), some start a store: generous.
jest.setTimeout(180_000);

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('hitos (bin/hitos.js, as a child process)', () => {
  it('--help lists every command, in Spanish and English, and exits 0', () => {
    const root = hitos(['--help']);
    expect(root.code).toBe(0);
    expect(root.stdout).toContain('Uso / usage: hitos');
    expect(root.stdout).toMatch(/Comandos \/ commands:[\s\S]*audit[\s\S]*projections/);
    expect(root.stdout).toContain('0 ok, 1 the check found a problem, 2 could not run');
    const audit = hitos(['audit', '--help']);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(/trail[\s\S]*replay/);
    const trail = hitos(['audit', 'trail', '--help']);
    expect(trail.stdout).toContain('--as <rol[:id]>');
    expect(trail.stdout).toContain('Opciones / options:');
    // Nothing runnable asked: the help, on stderr, and exit 2.
    const alone = hitos(['audit']);
    expect(alone.code).toBe(2);
    expect(alone.stdout).toBe('');
    expect(alone.stderr).toContain('hitos: falta el subcomando (hitos audit --help)');
  });

  it('refuses an unknown option with one bilingual line naming it, nothing on stdout, exit 2', () => {
    const run = hitos(['audit', 'trail', '--jsno']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe(
      'hitos: opción desconocida --jsno (¿quiso decir --json?) / unknown option --jsno (did you mean --json?) (hitos audit trail --help)',
    );
  });

  it('says a missing data directory in one line, exit 2', () => {
    const run = hitos(['audit', 'trail', '--json', '--data-dir', '/nonexistent/hitos-data']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'hitos: --data-dir: no existe el directorio de datos /nonexistent/hitos-data / the data directory /nonexistent/hitos-data does not exist',
    );
  });

  describe('against a data directory whose store another process holds', () => {
    const world = transferredActaWorld();
    let dataDir: string;
    let running: EmbeddedEventStore;
    let client: EventStore;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'hitos-cli-e2e-'));
      // As the API holds it: the embedded store's launcher, in a process of its own.
      running = await EmbeddedEventStore.start({
        dataDir: join(dataDir, 'eventstore'),
        host: '127.0.0.1',
        port: 0,
        logger: quiet,
        childOutput: 'errors',
      });
      client = EsdbEventStore.connect(running.connectionString);
      await appendWorld(client, world.events);
    });
    afterAll(async () => {
      await client?.close();
      await running?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('audit trail --json streams NDJSON through the running store’s published connection, reserved rows withheld', async () => {
      const run = await hitosAsync(['audit', 'trail', '--json', '--data-dir', dataDir]);
      expect(run.stderr).toContain(`usando el almacén en ejecución (proceso ${running.pid})`);
      expect(run.code).toBe(0);
      const rows = run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, any>);
      expect(rows.map((r) => r.eventId)).toEqual(world.events.map((e) => e.id));
      const withheld = rows.filter((r) => r.withheld);
      expect(withheld.map((r) => r.type)).toEqual([
        'MilestoneProgressReported',
        'ProgressReportReviewed',
        'MilestoneProgressReported',
        'ReportSubmitted',
        'ReportSubmitted',
      ]);
      expect(withheld.every((r) => r.summary.es.endsWith(WITHHELD_NOTE.es))).toBe(true);
      expect(run.stdout).not.toContain(RESERVED_URL);
    });

    it('audit trail --format csv reads back, scoped, and an auditor reads what the public may not', async () => {
      const publicRun = await hitosAsync([
        'audit',
        'trail',
        '--format',
        'csv',
        '--commitment',
        COMMITMENT_ID,
        '--data-dir',
        dataDir,
        '--quiet',
      ]);
      expect(publicRun.code).toBe(0);
      expect(publicRun.stderr).toBe('');
      const records = csvRecords(publicRun.stdout);
      expect(records.length).toBe(
        world.events.filter((e) => e.streamId === `commitment-${COMMITMENT_ID}`).length,
      );
      // Two progress reports, the objection whose reasons inherit the first's classification,
      // and two submitted reports.
      expect(records.filter((r) => r.withheld === 'true')).toHaveLength(5);
      // No person's user id for the public: role and organization only.
      expect(records.every((r) => r.actor_id === '' || r.actor_role === 'system')).toBe(true);
      const auditorRun = await hitosAsync([
        'audit',
        'trail',
        '--format',
        'csv',
        '--commitment',
        COMMITMENT_ID,
        '--as',
        'auditor',
        '--data-dir',
        dataDir,
        '-q',
      ]);
      const audited = csvRecords(auditorRun.stdout);
      expect(audited.map((r) => r.event_id)).toEqual(records.map((r) => r.event_id));
      expect(audited.filter((r) => r.withheld === 'true')).toHaveLength(0);
    });

    it('audit replay rebuilds the models until a position into a new directory, the live ones untouched', async () => {
      const middle = world.events.findIndex((e) => e.type === 'CommitmentMarkedTransferPending');
      const trail = await hitosAsync([
        'audit',
        'trail',
        '--json',
        '--as',
        'auditor',
        '--data-dir',
        dataDir,
        '-q',
      ]);
      const position = (JSON.parse(trail.stdout.split('\n')[middle]) as { position: string })
        .position;
      const out = join(dataDir, 'as-of-then');
      const run = await hitosAsync([
        'audit',
        'replay',
        '--until',
        position,
        '--out',
        out,
        '--data-dir',
        dataDir,
        '--json',
      ]);
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as {
        until: unknown;
        lastEvent: { position: string; type: string };
        projections: { projection: string; file: string; position: string }[];
      };
      expect(report.until).toEqual({ position });
      expect(report.lastEvent).toMatchObject({ position, type: 'CommitmentMarkedTransferPending' });
      expect(report.projections.map((p) => p.projection)).toContain('commitment-detail');
      for (const p of report.projections) {
        expect(existsSync(p.file)).toBe(true);
        expect(p.position).toBe(position);
      }
      expect(statSync(out).mode & 0o777).toBe(0o700); // the models hold reserved content
      expect(existsSync(join(dataDir, 'projections'))).toBe(false);
      // Not over a directory that holds something, nor into the live models' one.
      const again = await hitosAsync([
        'audit',
        'replay',
        '--until',
        position,
        '--out',
        out,
        '--data-dir',
        dataDir,
      ]);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain(`--out: ${out} no está vacío`);
      const live = await hitosAsync([
        'audit',
        'replay',
        '--until',
        position,
        '--out',
        join(dataDir, 'projections'),
        '--data-dir',
        dataDir,
      ]);
      expect(live.code).toBe(2);
      expect(live.stderr).toContain("is inside the live models' directory");
      expect(readdirSync(dataDir).sort()).toEqual(['as-of-then', 'eventstore']);
    });

    it('ignores the connection a killed store left behind, and starts the embedded store itself', async () => {
      process.kill(running.pid, 'SIGKILL');
      await running.whenExited();
      const run = await hitosAsync(['audit', 'trail', '--json', '--data-dir', dataDir]);
      expect(run.stderr).toContain(
        `ignoring the connection published by process ${running.pid}, which no longer runs`,
      );
      expect(run.code).toBe(0);
      expect(run.stdout.trimEnd().split('\n')).toHaveLength(world.events.length);
    });
  });
});
