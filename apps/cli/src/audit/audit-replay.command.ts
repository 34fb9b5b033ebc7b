import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { Option, SubCommand } from 'nest-commander';
import { HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS } from '@hitos/domain';
import { UpcasterRegistry } from '@hitos/event-store';
import { defaultProjectionsDirectory } from '@hitos/projections';
import { HITOS_STREAM_PREFIXES } from '@hitos/read-models';
import { hitosProjections } from '@hitos/workflows';
import { badArgument, bilingual, ExitCode } from '../conventions/cli-error';
import { momentJson, parseMoment, type Moment } from '../conventions/moments';
import type { Output } from '../conventions/output';
import { progressBar } from '../conventions/progress';
import { appSettings } from '../store/settings';
import { openStore } from '../store/store-access';
import { StoreCommand, type StoreOptions } from '../store/store-command';
import { replayUntil } from './replay/replay';

interface ReplayCommandOptions extends StoreOptions {
  until: Moment;
  out: string;
}

/**
 * `hitos audit replay --until <moment> --out <dir>`: every read model the API keeps, rebuilt as
 * it stood at that moment, into a directory of its own (the live models are never touched).
 * Reads only: works while the API runs.
 */
@SubCommand({
  name: 'replay',
  description: bilingual(
    'reconstruye todos los modelos de lectura tal como estaban en un momento, en otro directorio (funciona con la API en marcha)',
    'rebuilds every read model as it stood at a moment, into another directory (works while the API runs)',
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
    required: true,
    description: bilingual(
      'directorio nuevo o vacío para los modelos (nunca el de los vigentes)',
      'a new or empty directory for the models (never the live ones’)',
    ),
  })
  parseOut(value: string): string {
    return value;
  }

  protected async execute(options: ReplayCommandOptions, output: Output): Promise<ExitCode> {
    const settings = appSettings(options);
    const out = resolve(options.out);
    const live = defaultProjectionsDirectory(settings.dataDir);
    checkOutDirectory(out, live);
    const opened = await openStore(options, 'read', output);
    const created = !existsSync(out);
    // The models hold reserved content: a directory made here is its owner's only.
    mkdirSync(out, { recursive: true, mode: 0o700 });
    const bar = progressBar(output, bilingual('reconstrucción', 'replay'));
    let report;
    try {
      report = await replayUntil({
        store: opened.store,
        projections: hitosProjections(settings.workflowPolicy),
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
      await opened.close();
    }
    if (output.json) {
      output.document({ until: momentJson(options.until), ...report });
      return ExitCode.Ok;
    }
    const last = report.lastEvent;
    output.say(
      `Modelos de lectura hasta ${options.until.text}, en ${out}:`,
      `Read models until ${options.until.text}, in ${out}:`,
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
    return ExitCode.Ok;
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
