import { Option } from 'nest-commander';
import { bilingual } from '../conventions/cli-error';
import { HitosCommand, type CommonOptions } from '../conventions/hitos-command';
import type { StoreSelection } from './store-access';

export type StoreOptions = CommonOptions & StoreSelection;

/**
 * A command that works on hitos's data: it also takes `--data-dir` and `--connection`, and
 * opens the store with `openStore(options, use, output)` (see store-access.ts for the order).
 */
export abstract class StoreCommand<O extends StoreOptions = StoreOptions> extends HitosCommand<O> {
  @Option({
    flags: '--data-dir <dir>',
    description: bilingual(
      'directorio de datos de hitos (HITOS_DATA_DIR; si no, ./data)',
      'hitos data directory (HITOS_DATA_DIR; else ./data)',
    ),
  })
  parseDataDir(value: string): string {
    return value;
  }

  @Option({
    flags: '--connection <esdb>',
    description: bilingual(
      'almacén de eventos a usar (EVENTSTORE_CONNECTION_STRING); si no, el que corre sobre el directorio de datos, o el embebido',
      'event store to use (EVENTSTORE_CONNECTION_STRING); else the one running on the data directory, or the embedded one',
    ),
  })
  parseConnection(value: string): string {
    return value;
  }
}
