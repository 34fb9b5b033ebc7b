import { performance } from 'node:perf_hooks';
import { Presets, SingleBar } from 'cli-progress';
import type { Output } from './output';

/** How far a long run through `$all` has gone. */
export interface ProgressMark {
  /** Events read so far. */
  events: number;
  /** The commit position reached, and the one the run goes to. */
  position: bigint;
  end: bigint;
}

export interface Progress {
  update(mark: ProgressMark): void;
  stop(): void;
}

const NO_PROGRESS: Progress = { update: () => undefined, stop: () => undefined };

/**
 * A progress bar on stderr for a run through `$all`: how far (by position), events read,
 * events per second and the time left. Only for a person watching: off with `--quiet`, when
 * stderr is not a terminal, and when the result itself is streaming to the same terminal
 * (`streamsToStdout`), where the bar would tear the rows apart.
 */
export function progressBar(
  output: Output,
  label: string,
  options: { streamsToStdout?: boolean } = {},
): Progress {
  const { stdout, stderr } = output.terminal;
  const enabled =
    !output.options.quiet && stderr.isTTY === true && !(options.streamsToStdout && stdout.isTTY);
  if (!enabled) return NO_PROGRESS;
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {events} eventos/events | {rate} ev/s | ETA {eta_formatted}`,
      stream: stderr as NodeJS.WriteStream,
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    },
    Presets.shades_classic,
  );
  const started = performance.now();
  let running = false;
  return {
    update({ events, position, end }) {
      const total = Math.max(Number(end), 1);
      const value = Math.min(Number(position), total);
      const seconds = (performance.now() - started) / 1000;
      const payload = { events, rate: seconds > 0 ? Math.round(events / seconds) : 0 };
      if (!running) {
        bar.start(total, value, payload);
        running = true;
      } else {
        bar.setTotal(total);
        bar.update(value, payload);
      }
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
