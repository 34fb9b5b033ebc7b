import { existsSync, readdirSync, rmdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SubCommand } from 'nest-commander';
import { requireFresh, restoreEventStore } from '@hitos/eventstore-server';
import { badArgument, bilingual, ExitCode } from '../conventions/cli-error';
import { HitosCommand, type CommonOptions } from '../conventions/hitos-command';
import type { Output } from '../conventions/output';
import { progressBar } from '../conventions/progress';
import { asCliError } from './store-backup.command';

/**
 * `hitos store restore <backup> <data-dir>`: checks the backup's manifest (every file's size
 * and SHA-256) first, then restores the event store into `<data-dir>/eventstore` and builds
 * its index, so a store (the API with HITOS_DATA_DIR=<data-dir>) starts on it at once. Only
 * into a new or empty directory: nothing is ever overwritten.
 */
@SubCommand({
  name: 'restore',
  arguments: '<backup> <data-dir>',
  description: bilingual(
    'restaura una copia (hitos store backup) en <data-dir>/eventstore, comprobando antes sus sumas; <data-dir> nuevo o vacío',
    'restores a backup (hitos store backup) into <data-dir>/eventstore, checking its checksums first; <data-dir> new or empty',
  ),
})
export class StoreRestoreCommand extends HitosCommand {
  protected async execute(
    _options: CommonOptions,
    output: Output,
    params: string[],
  ): Promise<ExitCode> {
    const [backup, dataDir] = params;
    if (!backup || !dataDir) {
      throw badArgument(
        '<backup> <data-dir>',
        'faltan la copia y el directorio de datos',
        'the backup and the data directory are missing',
      );
    }
    const root = resolve(dataDir);
    const storeDir = join(root, 'eventstore');
    const verifying = progressBar(output, bilingual('comprobación', 'verification'));
    const copying = progressBar(output, bilingual('restauración', 'restore'));
    const rootExisted = existsSync(root);
    try {
      requireFresh(root);
      const { manifest, head } = await restoreEventStore({
        backup: resolve(backup),
        dataDir: storeDir,
        onProgress: (p) =>
          (p.step === 'verify' ? verifying : copying).update({
            events: 0,
            position: BigInt(p.bytes),
            end: BigInt(p.totalBytes),
          }),
      });
      verifying.stop();
      copying.stop();
      if (output.json) output.document({ dataDir: root, eventStore: storeDir, head, manifest });
      else {
        output.say(
          `restaurado en ${storeDir}: ${manifest.records} registros hasta la posición ${head}, copia del ${manifest.createdAt} (hitos ${manifest.hitosVersion}); inicie hitos con HITOS_DATA_DIR=${root}`,
          `restored into ${storeDir}: ${manifest.records} records up to position ${head}, backup of ${manifest.createdAt} (hitos ${manifest.hitosVersion}); start hitos with HITOS_DATA_DIR=${root}`,
        );
      }
      return ExitCode.Ok;
    } catch (error) {
      // Nothing is left behind: the store's directory is gone already, and so is the data
      // directory if this command made it.
      if (!rootExisted && existsSync(root) && readdirSync(root).length === 0) rmdirSync(root);
      throw asCliError(error, storeDir);
    } finally {
      verifying.stop();
      copying.stop();
    }
  }
}
