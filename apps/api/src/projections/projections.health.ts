import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Clock } from '@hitos/event-store';
import { ProjectionRunner, type ProjectionLag } from '@hitos/projections';

/** How long lag may fail to shrink before the read side is reported down. */
const STALL_MS = 60_000;

/**
 * The read side's health: every projection running (the read models' and the transparency
 * log's), and its lag measured against the live end of `$all` (not a mark taken once, which
 * would read healthy while falling behind). Lag that is not zero and has neither shrunk nor
 * moved for a minute is a stall, reported down with the projection's name.
 */
@Injectable()
export class ProjectionsHealthIndicator {
  private readonly worst = new Map<
    string,
    { events: number; progress: string | null; since: number }
  >();
  /** This process's runners: the read models' first, then those {@link include}d. */
  private readonly runners: ProjectionRunner[];

  constructor(
    runner: ProjectionRunner,
    private readonly indicator: HealthIndicatorService,
    private readonly clock: Clock,
  ) {
    this.runners = [runner];
  }

  /** Another runner of this process (the transparency log's), reported beside the read models. */
  include(runner: ProjectionRunner): void {
    this.runners.push(runner);
  }

  /** Every projection of this process, each runner's lag measured as its own. */
  async lag(): Promise<ProjectionLag[]> {
    const lags = await Promise.all(this.runners.map((runner) => runner.lag()));
    return lags.flat();
  }

  private failures(): string[] {
    return this.runners.flatMap((runner) =>
      runner
        .status()
        .filter((s) => s.failure)
        .map((s) => `${s.name}: ${s.failure!.message}`),
    );
  }

  async check(key = 'projections') {
    const indicator = this.indicator.check(key);
    try {
      const lags = await this.lag();
      const now = this.clock.now().getTime();
      const details = Object.fromEntries(
        lags.map((lag) => {
          const stalled = this.stalled(lag, now);
          return [
            lag.name,
            {
              lagEvents: lag.events,
              lagEventsCapped: lag.capped,
              lagSeconds: Math.round(lag.seconds * 10) / 10,
              position: lag.position,
              endPosition: lag.endPosition,
              failed: lag.failed,
              stalled,
            },
          ];
        }),
      );
      const bad = lags.filter((lag) => lag.failed || details[lag.name].stalled).map((l) => l.name);
      const failures = this.failures();
      return bad.length
        ? indicator.down({ ...details, failing: bad, errors: failures })
        : indicator.up(details);
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  /**
   * True when the lag has stayed above zero for STALL_MS with neither the count shrinking nor
   * the runner moving for this projection (a count past the scan limit is a lower bound that
   * may rise and fall while a long catch-up advances; a projection ahead of the others waits,
   * its own checkpoint still, while the runner catches them up).
   */
  private stalled(lag: ProjectionLag, now: number): boolean {
    if (lag.events === 0) {
      this.worst.delete(lag.name);
      return false;
    }
    const seen = this.worst.get(lag.name);
    if (!seen || lag.events < seen.events || lag.progress !== seen.progress) {
      this.worst.set(lag.name, { events: lag.events, progress: lag.progress, since: now });
      return false;
    }
    return now - seen.since > STALL_MS;
  }
}
