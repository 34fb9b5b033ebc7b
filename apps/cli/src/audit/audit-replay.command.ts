import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { Option, SubCommand } from 'nest-commander';
import { HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS } from '@hitos/domain';
import { UpcasterRegistry } from '@hitos/event-store';
import { defaultProjectionsDirectory, writeReplayManifest } from '@hitos/projections';
import { HITOS_STREAM_PREFIXES } from '@hitos/read-models';
import { transparencyLogProjection } from '@hitos/transparency';
import { hitosProjections } from '@hitos/workflows';
import { badArgument, bilingual, ExitCode } from '../conventions/cli-error';
import { momentJson, parseMoment, type Moment } from '../conventions/moments';
import type { Output } from '../conventions/output';
import { progressBar } from '../conventions/progress';
import { appSettings } from '../store/settings';
import { openStore } from '../store/store-access';
import { StoreCommand, type StoreOptions } from '../store/store-command';
import {
  EXPORT_FORMATS,
  exportReplay,
  type ExportFormat,
  type ExportManifest,
} from './replay/export';
import { replayManifest, replayUntil, type ReplayReport } from './replay/replay';
import {
  SERVE_DEFAULTS,
  announceServing,
  parsePort,
  serveUntilStopped,
  startReplayServer,
} from './replay/serve';

interface ReplayCommandOptions extends StoreOptions {
  until: Moment;
  out?: string;
  serve?: boolean;
  port?: number;
  host?: string;
  export?: string;
  format?: ExportFormat;
}

/**
 * `hitos audit replay --until <moment> --out <dir>`: every read model the API keeps (and the
 * transparency log), rebuilt as it stood at that moment, into a directory of its own (the live
 * models are never touched), with `replay.json` saying what it is. `--serve` then serves the
 * read API over it, frozen and read only; `--export <path>` writes its tables out. Reads only:
 * works while the API runs.
 */
@SubCommand({
  name: 'replay',
  description: bilingual(
    'reconstruye todos los modelos de lectura tal como estaban en un momento, en otro directorio; puede servirlos (--serve) o exportarlos (--export) (funciona con la API en marcha)',
    'rebuilds every read model as it stood at a moment, into another directory; can serve them (--serve) or export them (--export) (works while the API runs)',
  ),
})
export class AuditReplayCommand extends StoreCommand<ReplayCommandOptions> {
  @Option({
    flags: '--until <fecha|posición>',
    required: true,
    description: bilingual(
      'hasta (incluida): posición de $all, fecha y hora ISO, o fecha AAAA-MM-DD = el final de ese día en Guayaquil (UTC−5)',
      'until (inclusive): $all position, ISO date-time, or YYYY-MM-DD date = the end of that day in Guayaquil (UTC−5)',
    ),
  })
  parseUntil(value: string): Moment {
    return parseMoment('--until', value, 'end');
  }

  @Option({
    flags: '--out <dir>',
    description: bilingual(
      'directorio nuevo o vacío para los modelos (nunca el de los vigentes); sin él, con --serve o --export, uno temporal que se borra al terminar',
      'a new or empty directory for the models (never the live ones’); without it, with --serve or --export, a temporary one removed at the end',
    ),
  })
  parseOut(value: string): string {
    return value;
  }

  @Option({
    flags: '--serve',
    description: bilingual(
      'luego sirve la API de lectura sobre esos modelos, congelada en ese momento y de solo lectura, hasta Ctrl-C (como hitos audit serve)',
      'then serves the read API over those models, frozen at that moment and read only, until Ctrl-C (as hitos audit serve)',
    ),
  })
  parseServe(): boolean {
    return true;
  }

  @Option({
    flags: '--port <n>',
    description: bilingual(
      'con --serve: el puerto (por omisión 0: uno libre, que se imprime)',
      'with --serve: the port (default 0: a free one, printed)',
    ),
  })
  parsePort(value: string): number {
    return parsePort(value);
  }

  @Option({
    flags: '--host <dirección>',
    description: bilingual(
      'con --serve: la dirección donde escucha (por omisión 127.0.0.1, solo esta máquina)',
      'with --serve: the address it listens on (default 127.0.0.1, this machine only)',
    ),
  })
  parseHost(value: string): string {
    return value;
  }

  @Option({
    flags: '--export <ruta>',
    description: bilingual(
      'escribe cada tabla de cada modelo, un archivo por tabla y manifest.json, en un directorio o en un zip (si termina en .zip); SIN FILTRAR: incluye el contenido reservado, es para operadores',
      'writes every table of every model, one file a table and manifest.json, into a directory or a zip (if it ends in .zip); UNFILTERED: it holds reserved content, for operators',
    ),
  })
  parseExport(value: string): string {
    return value;
  }

  @Option({
    flags: '--format <ndjson|csv>',
    description: bilingual(
      'con --export: ndjson (por omisión, un objeto JSON por fila) o csv',
      'with --export: ndjson (default, one JSON object a row) or csv',
    ),
  })
  parseFormat(value: string): ExportFormat {
    if (!(EXPORT_FORMATS as readonly string[]).includes(value)) {
      throw badArgument(
        '--format',
        `«${value}» no es ndjson ni csv`,
        `"${value}" is neither ndjson nor csv`,
      );
    }
    return value as ExportFormat;
  }

  protected async execute(options: ReplayCommandOptions, output: Output): Promise<ExitCode> {
    checkCombination(options);
    const settings = appSettings(options);
    const live = defaultProjectionsDirectory(settings.dataDir);
    const exportPath = options.export === undefined ? undefined : resolve(options.export);
    if (exportPath !== undefined) checkExportPath(exportPath);
    // Without --out, a private temporary directory, removed when the command ends.
    const temporary = options.out === undefined;
    const out = temporary ? mkdtempSync(join(tmpdir(), 'hitos-replay-')) : resolve(options.out!);
    if (!temporary) checkOutDirectory(out, live);
    const opened = await openStore(options, 'read', output).catch((error: unknown) => {
      if (temporary) rmSync(out, { recursive: true, force: true });
      throw error;
    });
    const created = temporary || !existsSync(out);
    try {
      // The models hold reserved content: a directory made here is its owner's only.
      mkdirSync(out, { recursive: true, mode: 0o700 });
      const bar = progressBar(output, bilingual('reconstrucción', 'replay'));
      let report: ReplayReport;
      try {
        report = await replayUntil({
          store: opened.store,
          projections: hitosProjections(settings.workflowPolicy),
          logs: [transparencyLogProjection],
          directory: out,
          until: options.until,
          upcasters: new UpcasterRegistry(HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS),
          streamPrefixes: HITOS_STREAM_PREFIXES,
          onProgress: (mark) => bar.update(mark),
        });
      } catch (error) {
        // Never half a replay: what was written goes.
        if (created) rmSync(out, { recursive: true, force: true });
        else for (const file of readdirSync(out)) rmSync(resolve(out, file), { force: true });
        throw error;
      } finally {
        bar.stop();
      }
      const manifest = replayManifest(options.until, report);
      writeReplayManifest(out, manifest);
      const exported =
        exportPath === undefined
          ? undefined
          : await exportReplay({
              directory: out,
              manifest,
              path: exportPath,
              format: options.format ?? 'ndjson',
            });
      const document = {
        until: momentJson(options.until),
        ...report,
        ...(temporary ? { directory: null } : {}),
        ...(exported ? { export: { path: exportPath, ...exportSummary(exported) } } : {}),
      };
      if (!options.serve) {
        if (output.json) output.document(document);
        else tell(output, options, report, out, temporary, exportPath, exported);
        return ExitCode.Ok;
      }
      if (!output.json) tell(output, options, report, out, temporary, exportPath, exported);
      const server = await startReplayServer({
        directory: out,
        connectionString: opened.connectionString,
        dataDir: opened.dataDir,
        port: options.port ?? SERVE_DEFAULTS.port,
        host: options.host ?? SERVE_DEFAULTS.host,
        log: output.options.quiet ? undefined : process.stderr,
      });
      announceServing(output, manifest, temporary ? null : out, server, document);
      await serveUntilStopped(server);
      return ExitCode.Ok;
    } finally {
      await opened.close();
      if (temporary) rmSync(out, { recursive: true, force: true });
    }
  }
}

function tell(
  output: Output,
  options: ReplayCommandOptions,
  report: ReplayReport,
  out: string,
  temporary: boolean,
  exportPath: string | undefined,
  exported: ExportManifest | undefined,
): void {
  const last = report.lastEvent;
  output.say(
    temporary
      ? `Modelos de lectura hasta ${options.until.text}, en un directorio temporal (${out}) que se borra al terminar:`
      : `Modelos de lectura hasta ${options.until.text}, en ${out}:`,
    temporary
      ? `Read models until ${options.until.text}, in a temporary directory (${out}) removed at the end:`
      : `Read models until ${options.until.text}, in ${out}:`,
  );
  for (const p of report.projections) {
    output.text(
      `  ${p.projection.padEnd(20)} ${p.file}  (posición / position ${p.position ?? '—'})`,
    );
  }
  output.say(
    last
      ? `${report.events} eventos leídos; el último aplicado: ${last.type} en la posición ${last.position}, registrado ${last.recordedAt}`
      : `${report.events} eventos leídos; ningún evento de hitos hasta ese momento`,
    last
      ? `${report.events} events read; the last applied: ${last.type} at position ${last.position}, recorded ${last.recordedAt}`
      : `${report.events} events read; no hitos event until then`,
  );
  if (exported && exportPath) {
    const { files, rows, reservedRows } = exportSummary(exported);
    output.say(
      `Exportado en ${exportPath}: ${files} tablas, ${rows} filas (${exported.tableFormat}), manifest.json`,
      `Exported to ${exportPath}: ${files} tables, ${rows} rows (${exported.tableFormat}), manifest.json`,
    );
    if (reservedRows > 0) {
      output.say(
        `  ATENCIÓN: ${reservedRows} filas de contenido reservado o confidencial, sin filtrar; no lo publique tal cual`,
        `  WARNING: ${reservedRows} rows of reserved or confidential content, unfiltered; do not publish it as is`,
      );
    }
  }
}

function exportSummary(exported: ExportManifest) {
  return {
    format: exported.tableFormat,
    files: exported.files.length,
    rows: exported.files.reduce((sum, f) => sum + f.rows, 0),
    reservedRows: exported.reservedContent.rows,
  };
}

/** --out, --serve or --export; --port and --host go with --serve, --format with --export. */
function checkCombination(options: ReplayCommandOptions): void {
  if (options.out === undefined && !options.serve && options.export === undefined) {
    throw badArgument(
      '--out',
      'falta: indique dónde reconstruir (--out <dir>), o --serve o --export',
      'missing: say where to rebuild (--out <dir>), or --serve or --export',
    );
  }
  for (const [flag, given] of [
    ['--port', options.port !== undefined],
    ['--host', options.host !== undefined],
  ] as const) {
    if (given && !options.serve) {
      throw badArgument(flag, 'va con --serve', 'goes with --serve');
    }
  }
  if (options.format !== undefined && options.export === undefined) {
    throw badArgument('--format', 'va con --export', 'goes with --export');
  }
}

/** The export's target: new, in a directory that exists. */
function checkExportPath(path: string): void {
  if (existsSync(path)) {
    throw badArgument('--export', `${path} ya existe`, `${path} already exists`);
  }
  if (!existsSync(dirname(path))) {
    throw badArgument('--export', `no existe ${dirname(path)}`, `${dirname(path)} does not exist`);
  }
}

/** A new or empty directory, outside the live models' directory. */
function checkOutDirectory(out: string, live: string): void {
  const inside = relative(live, out);
  if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
    throw badArgument(
      '--out',
      `${out} está en el directorio de los modelos vigentes (${live}); elija otro`,
      `${out} is inside the live models' directory (${live}); choose another`,
    );
  }
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) {
    throw badArgument('--out', `${out} no es un directorio`, `${out} is not a directory`);
  }
  if (readdirSync(out).length > 0) {
    throw badArgument(
      '--out',
      `${out} no está vacío; elija un directorio nuevo o vacío`,
      `${out} is not empty; choose a new or empty directory`,
    );
  }
}
