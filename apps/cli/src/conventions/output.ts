import { bilingual, CliError, ExitCode } from './cli-error';

/** The streams a command writes to (process.stdout and process.stderr, or a test's). */
export interface Terminal {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface OutputOptions {
  /** `--json`: stdout carries one JSON document (or NDJSON for a stream) and nothing else. */
  json: boolean;
  /** `--quiet`: no progress and no notes on stderr; errors still go there. */
  quiet: boolean;
}

/**
 * Where every command writes, so that all keep the same conventions: the result on stdout
 * (human lines, or JSON with `--json`), notes and progress on stderr (none with `--quiet`),
 * errors as one bilingual line on stderr. Writes honour backpressure, and a reader that goes
 * away (`| head`) ends the output quietly instead of crashing the command.
 */
export class Output {
  private closed = false;

  constructor(
    readonly options: OutputOptions,
    readonly terminal: Terminal = { stdout: process.stdout, stderr: process.stderr },
  ) {
    terminal.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') this.closed = true;
      else throw error;
    });
  }

  /** False once the reader of stdout has gone away: stop producing. */
  get open(): boolean {
    return !this.closed;
  }

  get json(): boolean {
    return this.options.json;
  }

  /** A line of the result for a person (nothing with `--json`). */
  say(es: string, en: string): void {
    if (!this.options.json) this.raw(`${bilingual(es, en)}\n`);
  }

  /** Text for a person, as is (a table row); nothing with `--json`. */
  text(line: string): void {
    if (!this.options.json) this.raw(`${line}\n`);
  }

  /** The one JSON document of a command's result. */
  document(value: unknown): void {
    this.raw(`${JSON.stringify(value, jsonSafe, 2)}\n`);
  }

  /** Writes a chunk of the result, waiting while the reader is slower; false once it has gone. */
  async write(chunk: string): Promise<boolean> {
    if (this.closed) return false;
    const { stdout } = this.terminal;
    if (!stdout.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          stdout.off('drain', done);
          stdout.off('error', done);
          stdout.off('close', done);
          resolve();
        };
        stdout.on('drain', done);
        stdout.on('error', done);
        stdout.on('close', done);
      });
    }
    return !this.closed;
  }

  /** What is going on, for a person watching: stderr, not with `--quiet`. */
  note(es: string, en: string): void {
    if (!this.options.quiet) this.terminal.stderr.write(`${bilingual(es, en)}\n`);
  }

  /** Reports a failure in one line on stderr; returns the exit code to end with. */
  fail(error: unknown): ExitCode {
    if (error instanceof CliError) {
      this.terminal.stderr.write(`hitos: ${error.message}\n`);
      return error.exitCode;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.terminal.stderr.write(
      `hitos: ${bilingual('error inesperado', 'unexpected error')}: ${detail}\n`,
    );
    return ExitCode.CouldNotRun;
  }

  private raw(text: string): void {
    if (!this.closed) this.terminal.stdout.write(text);
  }
}

/** bigint positions as decimal strings. */
function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
