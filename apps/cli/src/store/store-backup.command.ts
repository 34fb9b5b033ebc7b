import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SubCommand } from 'nest-commander';
import { EsdbEventStore, loadEventStoreConfig } from '@hitos/event-store';
import {
  BackupError,
  DataDirectoryLockedError,
  backupEventStore,
  isPublishedConnectionLive,
  readPublishedConnection,
  type BackupManifest,
} from '@hitos/eventstore-server';
import { hitosClock } from '../audit/audit-state.command';
import { badArgument, bilingual, CliError, ExitCode } from '../conventions/cli-error';
import type { Output } from '../conventions/output';
import { progressBar } from '../conventions/progress';
import { StoreCommand, type StoreOptions } from './store-command';

/**
 * `hitos store backup <dir>`: a consistent copy of the embedded event store while the API and
 * the store run. The store's write-ahead log is copied up to the committed position the
 * running store answers over gRPC (or, with no store running, to the end of the recovered log),
 * with a manifest (position, SHA-256 of each file, time, hitos version). See
 * docs/event-store.md, "Backup and restore".
 */
@SubCommand({
  name: 'backup',
  arguments: '<dir>',
  description: bilingual(
    'copia consistente del almacén de eventos embebido en <dir> (nuevo o vacío), con la API en marcha',
    'consistent copy of the embedded event store into <dir> (new or empty), while the API runs',
  ),
})
export class StoreBackupCommand extends StoreCommand {
  protected async execute(
    options: StoreOptions,
    output: Output,
    params: string[],
  ): Promise<ExitCode> {
    const target = params[0];
    if (!target)
      throw badArgument(
        '<dir>',
        'falta el directorio de la copia',
        'the backup directory is missing',
      );
    const storeDir = embeddedStoreDir(options);
    if (!existsSync(storeDir)) {
      throw badArgument(
        options.dataDir !== undefined ? '--data-dir' : 'HITOS_DATA_DIR',
        `no hay almacén de eventos en ${storeDir}`,
        `there is no event store in ${storeDir}`,
      );
    }

    const committedPosition = await committedPositionOfRunningStore(storeDir, output);
    const bar = progressBar(output, bilingual('copia', 'backup'));
    let manifest: BackupManifest;
    try {
      manifest = await backupEventStore({
        dataDir: storeDir,
        target: resolve(target),
        committedPosition,
        hitosVersion: hitosVersion(),
        createdAt: hitosClock(options)(),
        onProgress: (p) =>
          bar.update({ events: p.records, position: BigInt(p.bytes), end: BigInt(p.totalBytes) }),
      });
    } catch (error) {
      throw asCliError(error, storeDir);
    } finally {
      bar.stop();
    }
    if (output.json) output.document({ backup: resolve(target), ...manifest });
    else {
      output.say(
        `copia en ${resolve(target)}: ${manifest.records} registros hasta la posición ${manifest.position} (${manifest.files[0].bytes} bytes, sha256 ${manifest.files[0].sha256})`,
        `backup in ${resolve(target)}: ${manifest.records} records up to position ${manifest.position} (${manifest.files[0].bytes} bytes, sha256 ${manifest.files[0].sha256})`,
      );
    }
    return ExitCode.Ok;
  }
}

/** `<data dir>/eventstore`, refusing an external store (it has its own backups). */
export function embeddedStoreDir(options: StoreOptions): string {
  const env = { ...process.env };
  if (options.dataDir !== undefined) env.HITOS_DATA_DIR = options.dataDir;
  let config: ReturnType<typeof loadEventStoreConfig>;
  try {
    config = loadEventStoreConfig(env);
  } catch (error) {
    throw new CliError(
      `configuración no válida: ${(error as Error).message}`,
      `invalid settings: ${(error as Error).message}`,
    );
  }
  if (options.connection?.trim() || config.connectionString) {
    throw new CliError(
      'la copia es del almacén embebido (sus archivos); un clúster KurrentDB se copia con sus propias herramientas',
      'backups are of the embedded store (its files); a KurrentDB cluster is backed up with its own tools',
    );
  }
  return config.embedded.dataDir;
}

/**
 * The running store's durable end of `$all`, or undefined when no store runs on the
 * directory (the backup then takes the directory itself).
 */
async function committedPositionOfRunningStore(
  storeDir: string,
  output: Output,
): Promise<number | undefined> {
  const published = readPublishedConnection(storeDir);
  if (!published || !isPublishedConnectionLive(storeDir, published)) return undefined;
  const store = EsdbEventStore.connect(published.connectionString);
  try {
    const end = await store.endOfAll();
    output.note(
      `almacén en ejecución (proceso ${published.pid}): se copia hasta su posición confirmada ${end?.commit ?? -1}`,
      `store running (process ${published.pid}): copying up to its committed position ${end?.commit ?? -1}`,
    );
    return end ? Number(end.commit) : -1;
  } catch (error) {
    throw new CliError(
      `el almacén en ejecución (proceso ${published.pid}) no responde: ${(error as Error).message.split('\n')[0]}`,
      `the running store (process ${published.pid}) does not answer: ${(error as Error).message.split('\n')[0]}`,
    );
  } finally {
    await store.close().catch(() => undefined);
  }
}

export function asCliError(error: unknown, storeDir: string): unknown {
  if (error instanceof BackupError) return new CliError(error.es, error.en);
  if (error instanceof DataDirectoryLockedError) {
    return new CliError(
      `el almacén de eventos de ${storeDir} está en uso (proceso ${error.pid}) y no publica su conexión: detenga ese proceso o espere a que publique`,
      `the event store in ${storeDir} is in use (process ${error.pid}) and publishes no connection: stop that process or wait until it publishes`,
    );
  }
  return error;
}

/** The version in hitos's package.json. */
export function hitosVersion(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'hitos' && pkg.version) return pkg.version;
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
