import { CliError } from './cli-error';
import { translateCommanderError } from './command-tree';

const translate = (code: string, message: string, exitCode = 1) =>
  translateCommanderError({ code, message, exitCode }, 'hitos audit trail');

describe('commander errors, as the CLI reports them', () => {
  it('names the unknown option, with commander’s suggestion, in both languages: exit 2', () => {
    const error = translate(
      'commander.unknownOption',
      "error: unknown option '--jsno'\n(Did you mean --json?)",
    );
    expect(error).toBeInstanceOf(CliError);
    expect(error!.exitCode).toBe(2);
    expect(error!.message).toBe(
      'opción desconocida --jsno (¿quiso decir --json?) / unknown option --jsno (did you mean --json?) (hitos audit trail --help)',
    );
  });

  it.each([
    [
      'commander.optionMissingArgument',
      "error: option '--until <fecha|posición>' argument missing",
      '--until: falta su valor / --until: its value is missing (hitos audit trail --help)',
    ],
    [
      'commander.missingMandatoryOptionValue',
      "error: required option '--out <dir>' not specified",
      '--out: opción obligatoria / --out: required option (hitos audit trail --help)',
    ],
    [
      'commander.unknownCommand',
      "error: unknown command 'trial'\n(Did you mean trail?)",
      'comando desconocido «trial» (¿quiso decir trail?) / unknown command "trial" (did you mean trail?) (hitos audit trail --help)',
    ],
    [
      'commander.excessArguments',
      "error: too many arguments for 'trail'. Expected 0 arguments but got 1.",
      'sobran argumentos / too many arguments (hitos audit trail --help)',
    ],
  ])('%s names the argument', (code, message, expected) => {
    expect(translate(code, message)!.message).toBe(expected);
  });

  it('prefers the long flag when an option has two', () => {
    expect(
      translate(
        'commander.optionMissingArgument',
        "error: option '-o, --out <dir>' argument missing",
      )!.message,
    ).toMatch(/^--out: /);
  });

  it('lets help and version through (exit 0), but help for want of a sub-command is exit 2', () => {
    expect(translate('commander.helpDisplayed', '(outputHelp)', 0)).toBeNull();
    expect(translate('commander.version', '0.1.0', 0)).toBeNull();
    expect(translate('commander.help', '(outputHelp)', 0)).toBeNull();
    const missing = translate('commander.help', '(outputHelp)', 1);
    expect(missing!.exitCode).toBe(2);
    expect(missing!.message).toContain('falta el subcomando');
  });
});
