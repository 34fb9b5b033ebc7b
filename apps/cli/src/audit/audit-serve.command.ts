import { resolve } from 'node:path';
import { Option, SubCommand } from 'nest-commander';
import { readReplayManifest, type ReplayManifest } from '@hitos/projections';
import { badArgument, bilingual, CliError, ExitCode } from '../conventions/cli-error';
import type { Output } from '../conventions/output';
import { openStore } from '../store/store-access';
import { StoreCommand, type StoreOptions } from '../store/store-command';
import {
  SERVE_DEFAULTS,
  announceServing,
  parsePort,
  serveUntilStopped,
  startReplayServer,
} from './replay/serve';

interface ServeCommandOptions extends StoreOptions {
  port?: number;
  host?: string;
}

/**
 * `hitos audit serve <dir>`: the hitos read API over a replay that `hitos audit replay --out`
 * wrote earlier (replay once, serve as often as needed): the same GET routes, with the same
 * readers' rules, frozen at the replay's moment; every command refused. Until Ctrl-C.
 */
@SubCommand({
  name: 'serve',
  arguments: '<dir>',
  argsDescription: {
    dir: bilingual(
      'un directorio que escribió hitos audit replay --out',
      'a directory hitos audit replay --out wrote',
    ),
  },
  description: bilingual(
    'sirve la API de lectura sobre una reconstrucción (hitos audit replay), congelada en su momento y de solo lectura, hasta Ctrl-C',
    'serves the read API over a replay (hitos audit replay), frozen at its moment and read only, until Ctrl-C',
  ),
})
export class AuditServeCommand extends StoreCommand<ServeCommandOptions> {
  @Option({
    flags: '--port <n>',
    description: bilingual(
      'el puerto (por omisión 0: uno libre, que se imprime)',
      'the port (default 0: a free one, printed)',
    ),
  })
  parsePort(value: string): number {
    return parsePort(value);
  }

  @Option({
    flags: '--host <dirección>',
    description: bilingual(
      'la dirección donde escucha (por omisión 127.0.0.1, solo esta máquina)',
      'the address it listens on (default 127.0.0.1, this machine only)',
    ),
  })
  parseHost(value: string): string {
    return value;
  }

  protected async execute(
    options: ServeCommandOptions,
    output: Output,
    params: string[],
  ): Promise<ExitCode> {
    const directory = resolve(params[0]);
    let manifest: ReplayManifest;
    try {
      manifest = readReplayManifest(directory);
    } catch (error) {
      throw badArgument(
        '<dir>',
        `${directory} no es una reconstrucción de hitos audit replay: ${(error as Error).message}`,
        `${directory} is not a replay of hitos audit replay: ${(error as Error).message}`,
      );
    }
    const opened = await openStore(options, 'read', output);
    try {
      // The API reads the store up to the replay's end: it must hold that history.
      const end = (await opened.store.endOfAll())?.commit ?? null;
      const needed = manifest.end ? BigInt(manifest.end.commit) : null;
      if (needed !== null && (end === null || end < needed)) {
        throw new CliError(
          `este almacén llega hasta la posición ${end ?? '—'}, y la reconstrucción hasta ${needed}: no es la historia de la que se hizo`,
          `this store ends at position ${end ?? '—'}, the replay at ${needed}: it is not the history the replay was made from`,
        );
      }
      const server = await startReplayServer({
        directory,
        connectionString: opened.connectionString,
        dataDir: opened.dataDir,
        port: options.port ?? SERVE_DEFAULTS.port,
        host: options.host ?? SERVE_DEFAULTS.host,
        log: output.options.quiet ? undefined : process.stderr,
      });
      announceServing(output, manifest, directory, server);
      await serveUntilStopped(server);
      return ExitCode.Ok;
    } finally {
      await opened.close();
    }
  }
}
