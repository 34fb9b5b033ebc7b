import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ProjectionRunner, type ProjectionLag } from '@hitos/projections';

/** How long lag may fail to shrink before the read side is reported down. */
const STALL_MS = 60_000;

/**
 * The read side's health: every projection running, and its lag measured against the live
 * end of `$all` (not a mark taken once, which would read healthy while falling behind). Lag
 * that is not zero and has not shrunk for a minute is a stall, reported down with the
 * projection's name.
 */
@Injectable()
export class ProjectionsHealthIndicator {
  private readonly worst = new Map<string, { events: number; since: number }>();

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly indicator: HealthIndicatorService,
  ) {}

  lag(): Promise<ProjectionLag[]> {
    return this.runner.lag();
  }

  async check(key = 'projections') {
    const indicator = this.indicator.check(key);
    try {
      const lags = await this.runner.lag();
      const now = Date.now();
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
      const failures = this.runner
        .status()
        .filter((s) => s.failure)
        .map((s) => `${s.name}: ${s.failure!.message}`);
      return bad.length
        ? indicator.down({ ...details, failing: bad, errors: failures })
        : indicator.up(details);
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  /** True when the lag has stayed above zero without shrinking for STALL_MS. */
  private stalled(lag: ProjectionLag, now: number): boolean {
    if (lag.events === 0) {
      this.worst.delete(lag.name);
      return false;
    }
    const seen = this.worst.get(lag.name);
    if (!seen || lag.events < seen.events) {
      this.worst.set(lag.name, { events: lag.events, since: now });
      return false;
    }
    return now - seen.since > STALL_MS;
  }
}
