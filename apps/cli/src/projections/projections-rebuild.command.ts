import { existsSync, rmSync } from 'node:fs';
import { Option, SubCommand } from 'nest-commander';
import { UpcasterRegistry, type EventStore } from '@hitos/event-store';
import {
  buildProjectionFile,
  compareProjectionFiles,
  defaultProjectionsDirectory,
  projectionFile,
  swapIn,
  type Projection,
} from '@hitos/projections';
import { HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS } from '@hitos/domain';
import { HITOS_READ_MODELS, HITOS_STREAM_PREFIXES } from '@hitos/read-models';
import { WORKFLOWS_PROJECTION, hitosProjections } from '@hitos/workflows';
import { badArgument, bilingual, ExitCode } from '../conventions/cli-error';
import type { Output } from '../conventions/output';
import { progressBar } from '../conventions/progress';
import { openStore } from '../store/store-access';
import { StoreCommand, type StoreOptions } from '../store/store-command';
import { appSettings } from '../store/settings';

interface RebuildOptions extends StoreOptions {
  projection?: string;
  checkOnly?: boolean;
}

/** What one projection's rebuild found and did, as `--json` prints it. */
interface RebuildResult {
  projection: string;
  /** Equal to the live model row by row; null when there was no live model to compare with. */
  equalToLive: boolean | null;
  differences: string[];
  swappedIn: boolean;
  /** The live model's file, when the rebuilt one was swapped in. */
  file: string | null;
  events: number;
  position: string | null;
  seconds: number;
  eventsPerSecond: number;
}

const PROJECTION_NAMES = [...HITOS_READ_MODELS.map((p) => p.name), WORKFLOWS_PROJECTION];

/**
 * `hitos projections rebuild`: replays `$all` into fresh files while the live ones stay in
 * place, compares each with the live model row by row, then swaps it in (`--check-only`
 * keeps the live one, and exits 1 when they differ). It rewrites what the API keeps, so it
 * refuses while a store runs on the data directory: stop the API first. With an external
 * store (`--connection`), stop the API first as well, for the same reason.
 */
@SubCommand({
  name: 'rebuild',
  description: bilingual(
    'reconstruye los modelos de lectura desde $all y los compara con los vigentes (API detenida)',
    'rebuilds the read models from $all and compares them with the live ones (API stopped)',
  ),
})
export class ProjectionsRebuildCommand extends StoreCommand<RebuildOptions> {
  @Option({
    flags: '--projection <nombre>',
    description:
      bilingual('solo esta proyección', 'only this projection') +
      ` (${PROJECTION_NAMES.join(', ')})`,
  })
  parseProjection(value: string): string {
    return value;
  }

  @Option({
    flags: '--check-only',
    description: bilingual(
      'reconstruir y comparar, sin reemplazar la vigente (sale con 1 si difieren)',
      'rebuild and compare, keep the live one (exits 1 when they differ)',
    ),
  })
  parseCheckOnly(): boolean {
    return true;
  }

  protected async execute(options: RebuildOptions, output: Output): Promise<ExitCode> {
    const settings = appSettings(options);
    const all = hitosProjections(settings.workflowPolicy);
    const chosen = options.projection ? all.filter((p) => p.name === options.projection) : all;
    if (chosen.length === 0) {
      throw badArgument(
        '--projection',
        `no existe la proyección «${options.projection}» (${PROJECTION_NAMES.join(', ')})`,
        `no projection "${options.projection}" (${PROJECTION_NAMES.join(', ')})`,
      );
    }
    const checkOnly = options.checkOnly === true;
    const opened = await openStore(options, 'exclusive', output);
    const results: RebuildResult[] = [];
    try {
      const directory = defaultProjectionsDirectory(opened.dataDir);
      for (const projection of chosen) {
        results.push(await rebuildOne(opened.store, directory, projection, checkOnly, output));
      }
    } finally {
      await opened.close();
    }
    const allEqual = results.every((r) => r.equalToLive !== false);
    if (output.json) output.document({ checkOnly, equal: allEqual, projections: results });
    // Differences are reported, not an error: the rebuilt model is what the events say.
    return checkOnly && !allEqual ? ExitCode.Problem : ExitCode.Ok;
  }
}

async function rebuildOne(
  store: EventStore,
  directory: string,
  projection: Projection,
  checkOnly: boolean,
  output: Output,
): Promise<RebuildResult> {
  const bar = progressBar(output, projection.name.padEnd(22));
  let report;
  try {
    report = await buildProjectionFile({
      store,
      projection,
      directory,
      upcasters: new UpcasterRegistry(HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS),
      streamPrefixes: HITOS_STREAM_PREFIXES,
      onProgress: (p) =>
        bar.update({
          events: p.events,
          position: BigInt(p.position ?? 0),
          end: BigInt(p.endPosition ?? 0),
        }),
    });
  } finally {
    bar.stop();
  }
  output.text(`${projection.name}`);
  const live = projectionFile(directory, projection.name);
  let equalToLive: boolean | null = null;
  let differences: string[] = [];
  if (existsSync(live)) {
    const comparison = compareProjectionFiles(live, report.file);
    equalToLive = comparison.equal;
    differences = [
      ...comparison.schemaDifferences,
      ...comparison.differences.map((d) => JSON.stringify(d)),
    ];
    const rows = comparison.tables.map((t) => `${t.table} ${t.rebuiltRows}`).join(', ');
    if (equalToLive) {
      output.say(
        `  igual a la vigente, fila por fila (${rows})`,
        `equal to the live model, row by row (${rows})`,
      );
    } else {
      output.say(
        `  DIFERENTE de la vigente (vigente en ${comparison.livePosition}, reconstruida en ${comparison.rebuiltPosition})`,
        `DIFFERENT from the live model (live at ${comparison.livePosition}, rebuilt at ${comparison.rebuiltPosition})`,
      );
      for (const line of differences) output.text(`    ${line}`);
    }
  } else {
    output.say('  no había modelo vigente', 'there was no live model');
  }
  if (checkOnly) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${report.file}${suffix}`, { force: true });
  } else {
    swapIn(report.file, live);
    output.say(`  reemplazado: ${live}`, `swapped in: ${live}`);
  }
  output.say(
    `  ${report.events} eventos en ${report.seconds.toFixed(2)} s (${Math.round(report.eventsPerSecond)} ev/s), posición ${report.position ?? '—'}`,
    `${report.events} events in ${report.seconds.toFixed(2)} s, position ${report.position ?? '—'}`,
  );
  return {
    projection: projection.name,
    equalToLive,
    differences,
    swappedIn: !checkOnly,
    file: checkOnly ? null : live,
    events: report.events,
    position: report.position,
    seconds: report.seconds,
    eventsPerSecond: Math.round(report.eventsPerSecond),
  };
}
