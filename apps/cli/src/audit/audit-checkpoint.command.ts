import { Option, SubCommand } from 'nest-commander';
import { SystemClock } from '@hitos/event-store';
import { resolveLogIdentity, type LogIdentity } from '@hitos/transparency';
import { badArgument, bilingual, CliError, ExitCode } from '../conventions/cli-error';
import type { Output } from '../conventions/output';
import { appSettings, remoteToken } from '../store/settings';
import { openStore } from '../store/store-access';
import { StoreCommand, type StoreOptions } from '../store/store-command';
import {
  apiBase,
  openLog,
  remoteCheckpoint,
  signCheckpointNow,
  type CheckpointAnswer,
} from './transparency/transparency-client';

interface CheckpointCommandOptions extends StoreOptions {
  url?: string;
  token?: string;
}

/**
 * `hitos audit checkpoint [--data-dir …]`: signs a checkpoint of the transparency log now, as
 * the API does on demand; or, with `--url` and `--token`, asks a remote hitos to
 * (`POST /api/transparency/checkpoints`). Prints the checkpoint note.
 */
@SubCommand({
  name: 'checkpoint',
  description: bilingual(
    'firma ya un punto de control del registro de transparencia (del directorio de datos, o de un hitos remoto con --url)',
    'signs a checkpoint of the transparency log now (of the data directory, or of a remote hitos with --url)',
  ),
})
export class AuditCheckpointCommand extends StoreCommand<CheckpointCommandOptions> {
  @Option({
    flags: '--url <https://hitos…>',
    description: bilingual(
      'pedirlo a ese hitos (POST /api/transparency/checkpoints) en vez de firmar aquí',
      'ask that hitos (POST /api/transparency/checkpoints) instead of signing here',
    ),
  })
  parseUrl(value: string): string {
    return apiBase(value);
  }

  @Option({
    flags: '--token <token>',
    description: bilingual(
      'con --url: token de auditor o de la Presidencia (si no, HITOS_TOKEN)',
      'with --url: an auditor or Presidency token (else HITOS_TOKEN)',
    ),
  })
  parseToken(value: string): string {
    return value.trim();
  }

  protected async execute(options: CheckpointCommandOptions, output: Output): Promise<ExitCode> {
    const answer = options.url
      ? await this.remote(options.url, remoteToken(options.token))
      : await this.local(options, output);
    if (output.json) {
      output.document(answer);
      return ExitCode.Ok;
    }
    const { checkpoint } = answer;
    output.note(
      answer.signed
        ? `punto de control nuevo: ${checkpoint.treeSize} hojas, posición ${checkpoint.position}`
        : `el árbol no creció desde el último punto de control (${checkpoint.treeSize} hojas): es este`,
      answer.signed
        ? `new checkpoint: ${checkpoint.treeSize} leaves, position ${checkpoint.position}`
        : `the tree has not grown since the last checkpoint (${checkpoint.treeSize} leaves): this one`,
    );
    await output.write(checkpoint.note);
    return ExitCode.Ok;
  }

  private async remote(base: string, token: string | undefined): Promise<CheckpointAnswer> {
    if (!token) {
      throw badArgument(
        '--token',
        'con --url hace falta un token de auditor o de la Presidencia (--token o HITOS_TOKEN)',
        'with --url an auditor or Presidency token is needed (--token or HITOS_TOKEN)',
      );
    }
    return remoteCheckpoint(base, token);
  }

  private async local(
    options: CheckpointCommandOptions,
    output: Output,
  ): Promise<CheckpointAnswer> {
    if (options.token) {
      throw badArgument('--token', 'solo va con --url', 'goes with --url only');
    }
    const settings = appSettings(options);
    const opened = await openStore(options, 'read', output);
    try {
      let identity: LogIdentity;
      try {
        identity = resolveLogIdentity(
          { key: settings.transparencyKey, origin: settings.transparencyOrigin },
          opened.dataDir,
        );
      } catch (error) {
        throw new CliError(
          `la clave de firma del registro (HITOS_TRANSPARENCY_KEY o ${opened.dataDir}/transparency-key) no sirve: ${(error as Error).message}`,
          `the log's signing key (HITOS_TRANSPARENCY_KEY or ${opened.dataDir}/transparency-key) is not usable: ${(error as Error).message}`,
        );
      }
      const log = await openLog(opened.store, opened.dataDir);
      try {
        const { source } = log;
        if (source.kind === 'projection') {
          output.note(
            `árbol de ${source.file} (al día, posición ${source.position ?? '—'})`,
            `tree from ${source.file} (up to date, position ${source.position ?? '—'})`,
          );
        } else {
          const why = {
            missing: { es: 'no existe', en: 'is missing' },
            behind: { es: 'está atrasado', en: 'is behind' },
            mismatch: { es: 'es de otra versión', en: 'is of another version' },
          }[source.reason];
          output.note(
            `${source.file} ${why.es}: árbol construido leyendo $all (${source.events} eventos)`,
            `${source.file} ${why.en}: tree built by reading $all (${source.events} events)`,
          );
        }
        const clock = new SystemClock({
          offsetMs: settings.clockOffsetMs,
          startAt: settings.clockStartAt,
        });
        return await signCheckpointNow({
          store: opened.store,
          log: log.store,
          identity,
          now: () => clock.now(),
        });
      } finally {
        log.close();
      }
    } finally {
      await opened.close();
    }
  }
}
