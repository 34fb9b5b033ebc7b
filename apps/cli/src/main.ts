/**
 * `hitos`, the operators' and auditors' command line: `hitos --help`. Run through
 * `bin/hitos.js` (`npx hitos …`), or `node -r ts-node/register/transpile-only -r
 * tsconfig-paths/register apps/cli/src/main.ts …`, or compiled, `node dist/apps/cli/src/main.js …`.
 */
import { CommandFactory, CommandRunnerService } from 'nest-commander';
import { CliModule } from './cli.module';
import { bilingual, CliError, ExitCode } from './conventions/cli-error';
import { CommanderExit } from './conventions/command-tree';

/** Runs one command line (`argv` as process.argv has it); resolves with the exit code. */
export async function runCli(argv: string[] = process.argv): Promise<number> {
  let failure: ExitCode | undefined;
  const report = (error: unknown) => {
    if (error instanceof CommanderExit) {
      failure = error.exitCode as ExitCode;
    } else if (error instanceof CliError) {
      process.stderr.write(`hitos: ${error.message}\n`);
      failure = error.exitCode;
    } else {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(
        `hitos: ${bilingual('error inesperado', 'unexpected error')}: ${detail}\n`,
      );
      failure = ExitCode.CouldNotRun;
    }
  };
  process.exitCode = undefined;
  const app = await CommandFactory.createWithoutRunning(CliModule, {
    logger: false,
    cliName: 'hitos',
    serviceErrorHandler: report,
  });
  try {
    await app.get(CommandRunnerService).run(argv);
  } finally {
    await app.close();
  }
  return failure ?? Number(process.exitCode ?? ExitCode.Ok);
}

/** Runs the command line and exits with its code once stdout has been written out. */
export function main(argv: string[] = process.argv): void {
  runCli(argv).then(
    (code) => process.stdout.write('', () => process.exit(code)),
    (error: unknown) => {
      process.stderr.write(`hitos: ${String((error as Error)?.stack ?? error)}\n`);
      process.exit(ExitCode.CouldNotRun);
    },
  );
}

if (require.main === module) main();
