/**
 * The exit codes every hitos command keeps. They are a contract with scripts (docs/cli.md):
 * never renumber one.
 */
export const ExitCode = {
  /** Done, and (for a check) nothing wrong found. */
  Ok: 0,
  /** It ran, and the check found a problem (verify-like commands: differences, a broken chain). */
  Problem: 1,
  /** It could not run: a bad argument, an unreachable store, a missing data directory. */
  CouldNotRun: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** One line in Spanish and English, as the rest of hitos speaks: `es / en`. */
export const bilingual = (es: string, en: string): string => `${es} / ${en}`;

/** A failure told to the person in one bilingual line, with the exit code it ends with. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    readonly es: string,
    readonly en: string,
    readonly exitCode: ExitCode = ExitCode.CouldNotRun,
  ) {
    super(bilingual(es, en));
  }
}

/** A bad value for an option: the line starts with the option's name. */
export function badArgument(argument: string, es: string, en: string): CliError {
  return new CliError(`${argument}: ${es}`, en);
}
