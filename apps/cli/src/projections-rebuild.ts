/**
 * Rebuilds the read models from zero: replays `$all` into fresh files while the live ones stay
 * in place, checks each rebuilt model against the live one row by row, then swaps it in.
 *
 *   npm run projections:rebuild -- [--projection NAME] [--check-only]
 *
 * Uses HITOS_DATA_DIR (default ./data) and the event store the API would use
 * (EVENTSTORE_CONNECTION_STRING, or the embedded one on the data directory). With the embedded
 * store the API must be stopped: it holds the store's data directory, and its runner writes the
 * live files. With an external store, stop the API first as well, for the same reason.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import {
  EventStoreConnection,
  UpcasterRegistry,
  loadEventStoreConfig,
  type EventStore,
} from '@hitos/event-store';
import { EmbeddedEventStore, EmbeddedEventStoreStartError } from '@hitos/eventstore-server';
import {
  buildProjectionFile,
  compareProjectionFiles,
  defaultProjectionsDirectory,
  projectionFile,
  swapIn,
  type Projection,
} from '@hitos/projections';
import { loadAppConfig } from '@hitos/config';
import { HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS } from '@hitos/domain';
import { HITOS_STREAM_PREFIXES } from '@hitos/read-models';
import { hitosProjections } from '@hitos/workflows';

// The settings as the API reads them: the rebuilt timers model must mean what the API's means.
const config = loadAppConfig();
const APP_PROJECTIONS = hitosProjections(config.workflowPolicy);

const USAGE = `Uso / usage: npm run projections:rebuild -- [--projection NOMBRE] [--check-only]

  --projection  solo esta proyección / only this projection (${APP_PROJECTIONS.map((p) => p.name).join(', ')})
  --check-only  reconstruir y comparar con la vigente, sin reemplazarla / rebuild and compare, keep the live one`;

class CliError extends Error {}

async function connect(): Promise<EventStoreConnection> {
  const config = loadEventStoreConfig();
  try {
    return await EventStoreConnection.open(config, (embedded) =>
      EmbeddedEventStore.start({
        ...embedded,
        logger: {
          log: () => undefined,
          warn: (message) => process.stderr.write(`${message}\n`),
          error: (message) => process.stderr.write(`${message}\n`),
        },
      }),
    );
  } catch (error) {
    if (error instanceof EmbeddedEventStoreStartError && error.reason === 'data-dir-locked') {
      throw new CliError(
        `El almacén de eventos de ${config.embedded.dataDir} está en uso (proceso ${error.ownerPid}): detenga la API antes de reconstruir.\n` +
          `The event store in ${config.embedded.dataDir} is in use (process ${error.ownerPid}): stop the API before rebuilding.`,
      );
    }
    throw error;
  }
}

async function rebuildOne(
  store: EventStore,
  directory: string,
  projection: Projection,
  checkOnly: boolean,
): Promise<boolean> {
  const bar = new SingleBar(
    {
      format: `${projection.name.padEnd(22)} [{bar}] {percentage}% | {events} eventos/events | {rate} ev/s`,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 2000,
    },
    Presets.shades_classic,
  );
  bar.start(100, 0, { events: 0, rate: 0 });
  const report = await buildProjectionFile({
    store,
    projection,
    directory,
    upcasters: new UpcasterRegistry(HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS),
    streamPrefixes: HITOS_STREAM_PREFIXES,
    onProgress: (p) =>
      bar.update(Math.round(p.fraction * 100), {
        events: p.events,
        rate: Math.round(p.eventsPerSecond),
      }),
  });
  bar.update(100, { events: report.events, rate: Math.round(report.eventsPerSecond) });
  bar.stop();
  const live = projectionFile(directory, projection.name);
  let equal = true;
  if (existsSync(live)) {
    const comparison = compareProjectionFiles(live, report.file);
    equal = comparison.equal;
    const rows = comparison.tables.map((t) => `${t.table} ${t.rebuiltRows}`).join(', ');
    process.stdout.write(
      equal
        ? `  igual a la vigente, fila por fila / equal to the live model, row by row (${rows})\n`
        : `  DIFERENTE de la vigente / DIFFERENT from the live model (live at ${comparison.livePosition}, rebuilt at ${comparison.rebuiltPosition}):\n` +
            [
              ...comparison.schemaDifferences,
              ...comparison.differences.map((d) => JSON.stringify(d)),
            ]
              .map((line) => `    ${line}`)
              .join('\n') +
            '\n',
    );
  } else {
    process.stdout.write('  no había modelo vigente / there was no live model\n');
  }
  if (checkOnly) {
    const { rmSync } = await import('node:fs');
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${report.file}${suffix}`, { force: true });
  } else {
    swapIn(report.file, live);
    process.stdout.write(`  reemplazado / swapped in: ${live}\n`);
  }
  process.stdout.write(
    `  ${report.events} eventos en ${report.seconds.toFixed(2)} s (${Math.round(report.eventsPerSecond)} ev/s), posición ${report.position ?? '—'}\n`,
  );
  return equal;
}

async function main(argv: string[]): Promise<number> {
  let values: { projection?: string; 'check-only'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        projection: { type: 'string' },
        'check-only': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const chosen = values.projection
    ? APP_PROJECTIONS.filter((p) => p.name === values.projection)
    : [...APP_PROJECTIONS];
  if (chosen.length === 0) {
    process.stderr.write(
      `No existe la proyección / no projection "${values.projection}"\n\n${USAGE}\n`,
    );
    return 2;
  }
  const directory = defaultProjectionsDirectory(config.dataDir);
  const connection = await connect();
  try {
    let allEqual = true;
    for (const projection of chosen) {
      allEqual =
        (await rebuildOne(
          connection.store,
          directory,
          projection,
          values['check-only'] ?? false,
        )) && allEqual;
    }
    // Differences are reported, not an error: the rebuilt model is what the events say.
    return values['check-only'] && !allEqual ? 1 : 0;
  } finally {
    await connection.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof CliError ? error.message : error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
