import { bilingual, CliError, ExitCode } from './cli-error';

/**
 * What this file needs of a commander (v11, nest-commander's) command: typed here rather than
 * imported, since the top-level `commander` package in node_modules is another major version.
 */
export interface CommanderCommand {
  name(): string;
  name(name: string): this;
  description(text: string): this;
  readonly parent: CommanderCommand | null;
  readonly commands: readonly CommanderCommand[];
  exitOverride(callback: (error: CommanderErrorLike) => void): this;
  configureOutput(configuration: {
    outputError?: (text: string, write: (text: string) => void) => void;
  }): this;
  configureHelp(configuration: { formatHelp?: (command: any, helper: any) => string }): this;
  helpOption(flags: string, description: string): this;
  addHelpCommand(nameAndArgs: string, description: string): this;
  showSuggestionAfterError(show?: boolean): this;
  outputHelp(context?: { error: boolean }): void;
}

/** A CommanderError, as the exit callback receives it. */
export interface CommanderErrorLike {
  exitCode: number;
  code: string;
  message: string;
}

/** Thrown from the exit callback instead of letting commander call process.exit. */
export class CommanderExit extends Error {
  override readonly name = 'CommanderExit';

  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

export const HELP_FLAGS = '-h, --help';
export const HELP_DESCRIPTION = bilingual('muestra esta ayuda', 'show this help');

/**
 * Puts every command of the tree under the CLI's conventions: bilingual help; parse errors
 * (an unknown option, a missing value…) become one bilingual line naming the argument, with
 * exit code 2; help exits 0; nothing calls process.exit behind the command's back.
 */
export function applyConventions(command: CommanderCommand): void {
  command
    .helpOption(HELP_FLAGS, HELP_DESCRIPTION)
    .showSuggestionAfterError(true)
    .configureHelp({ formatHelp: bilingualHelp })
    // Commander's own line is in English: the exit callback says it in both languages.
    .configureOutput({ outputError: () => undefined })
    .exitOverride((error) => {
      const failure = translateCommanderError(error, commandPath(command));
      throw failure ?? new CommanderExit(ExitCode.Ok);
    });
  if (command.commands.length > 0) {
    command.addHelpCommand(
      'help [comando]',
      bilingual('ayuda de un subcomando', 'help for a sub-command'),
    );
  }
  for (const child of command.commands) applyConventions(child);
}

/** `hitos audit trail`. */
export function commandPath(command: CommanderCommand): string {
  const names: string[] = [];
  for (let c: CommanderCommand | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * A commander error as the CLI reports it: null for help and version (exit 0), a CliError
 * (exit 2) naming the argument for everything else.
 */
export function translateCommanderError(error: CommanderErrorLike, path: string): CliError | null {
  const { code, message } = error;
  if (code === 'commander.helpDisplayed' || code === 'commander.version') return null;
  if (code === 'commander.help') {
    // Help written because nothing runnable was asked (`hitos` alone): it could not run.
    return error.exitCode === 0
      ? null
      : new CliError(
          `falta el subcomando (${path} --help)`,
          `missing sub-command (${path} --help)`,
        );
  }
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const parts = quoted.split(/[ ,]+/);
  const flag =
    parts.find((part) => part.startsWith('--')) ??
    parts.find((part) => part.startsWith('-')) ??
    quoted;
  const suggestion = /\(Did you mean ([^?]+)\?\)/.exec(message)?.[1];
  const hint = (es: string, en: string) =>
    new CliError(
      `${es}${suggestion ? ` (¿quiso decir ${suggestion}?)` : ''}`,
      `${en}${suggestion ? ` (did you mean ${suggestion}?)` : ''} (${path} --help)`,
    );
  switch (code) {
    case 'commander.unknownOption':
      return hint(`opción desconocida ${flag}`, `unknown option ${flag}`);
    case 'commander.unknownCommand':
      return hint(`comando desconocido «${quoted}»`, `unknown command "${quoted}"`);
    case 'commander.optionMissingArgument':
      return hint(`${flag}: falta su valor`, `${flag}: its value is missing`);
    case 'commander.missingMandatoryOptionValue':
      return hint(`${flag}: opción obligatoria`, `${flag}: required option`);
    case 'commander.missingArgument':
      return hint(`falta el argumento ${quoted}`, `missing argument ${quoted}`);
    case 'commander.excessArguments':
      return hint('sobran argumentos', 'too many arguments');
    default:
      return new CliError(
        message.replace(/^error: /, ''),
        `${message.replace(/^error: /, '')} (${path} --help)`,
      );
  }
}

const HEADINGS: [RegExp, string][] = [
  [/^Usage: /m, 'Uso / usage: '],
  [/^Arguments:$/m, 'Argumentos / arguments:'],
  [/^Options:$/m, 'Opciones / options:'],
  [/^Commands:$/m, 'Comandos / commands:'],
  [/\(default: /g, '(por omisión / default: '],
  [/\(env: /g, '(variable / env: '],
];

/** Commander's own layout, with its headings in both languages. */
function bilingualHelp(command: unknown, helper: { formatHelp: unknown }): string {
  const standard = (Object.getPrototypeOf(helper) as { formatHelp: typeof bilingualHelp })
    .formatHelp;
  let text = standard.call(helper, command, helper);
  for (const [pattern, replacement] of HEADINGS) text = text.replace(pattern, replacement);
  return text;
}
