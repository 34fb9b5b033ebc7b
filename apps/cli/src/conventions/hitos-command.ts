import { CommandRunner, Option } from 'nest-commander';
import { bilingual, CliError, ExitCode } from './cli-error';
import { Output } from './output';

/** The options every command takes. */
export interface CommonOptions {
  json?: boolean;
  quiet?: boolean;
}

/**
 * What every hitos command is: it takes `--json` and `--quiet`, does its work in `execute`
 * through an {@link Output} (stdout for the result, stderr for notes and progress), and ends
 * with one of the {@link ExitCode}s; a {@link CliError} thrown anywhere becomes one bilingual
 * line on stderr and its exit code. Extend it (or {@link StoreCommand}) and decorate the class
 * with `@SubCommand`; see docs/cli.md, "Adding a command".
 */
export abstract class HitosCommand<O extends CommonOptions = CommonOptions> extends CommandRunner {
  @Option({
    flags: '--json',
    description: bilingual(
      'salida legible por máquina en stdout (JSON, o NDJSON si es un flujo), y nada más',
      'machine-readable output on stdout (JSON, or NDJSON for a stream), and nothing else',
    ),
  })
  parseJson(): boolean {
    return true;
  }

  @Option({
    flags: '-q, --quiet',
    description: bilingual('sin progreso ni notas en stderr', 'no progress or notes on stderr'),
  })
  parseQuiet(): boolean {
    return true;
  }

  async run(params: string[], options?: Record<string, unknown>): Promise<void> {
    const opts = (options ?? {}) as O;
    const output = new Output({ json: opts.json === true, quiet: opts.quiet === true });
    try {
      process.exitCode = await this.execute(opts, output, params);
    } catch (error) {
      process.exitCode = output.fail(error);
    }
  }

  /** The command's work; returns its exit code. */
  protected abstract execute(options: O, output: Output, params: string[]): Promise<ExitCode>;
}

/**
 * A command that only groups sub-commands (`hitos audit`): run alone it shows its help on
 * stderr and exits 2.
 */
export abstract class GroupCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.outputHelp({ error: true });
    const path = [this.command.parent?.name(), this.command.name()].filter(Boolean).join(' ');
    const error = new CliError(
      `falta el subcomando (${path} --help)`,
      `missing sub-command (${path} --help)`,
    );
    process.stderr.write(`hitos: ${error.message}\n`);
    process.exitCode = error.exitCode;
    return Promise.resolve();
  }
}
