import { HealthIndicatorService } from '@nestjs/terminus';
import { Clock } from '@hitos/event-store';
import type { ProjectionLag, ProjectionRunner } from '@hitos/projections';
import { ProjectionsHealthIndicator } from './projections.health';

class SteppedClock extends Clock {
  ms = Date.UTC(2026, 11, 3, 12, 0, 0);
  now(): Date {
    return new Date(this.ms);
  }
}

/** A runner reduced to what the indicator reads: its lag and its projections' failures. */
function fakeRunner(lags: ProjectionLag[]): ProjectionRunner & { lags: ProjectionLag[] } {
  const runner = {
    lags,
    lag: async () => runner.lags,
    status: () => runner.lags.map((l) => ({ name: l.name, failure: null })),
  };
  return runner as unknown as ProjectionRunner & { lags: ProjectionLag[] };
}

const lag = (
  name: string,
  events: number,
  position: string | null,
  progress = position,
): ProjectionLag => ({
  name,
  events,
  capped: events > 0,
  seconds: events > 0 ? 5 : 0,
  position,
  progress,
  endPosition: '9000',
  failed: false,
});

describe('ProjectionsHealthIndicator', () => {
  it('reports another runner (the transparency log) beside the read models', async () => {
    const clock = new SteppedClock();
    const health = new ProjectionsHealthIndicator(
      fakeRunner([lag('commitment-detail', 0, '9000')]),
      new HealthIndicatorService(),
      clock,
    );
    health.include(fakeRunner([lag('transparency-log', 3, '8000')]));

    const result = await health.check();

    expect(result.projections.status).toBe('up');
    expect(Object.keys(result.projections)).toEqual(
      expect.arrayContaining(['commitment-detail', 'transparency-log']),
    );
    expect((await health.lag()).map((l) => l.name)).toEqual([
      'commitment-detail',
      'transparency-log',
    ]);
  });

  it('is down once a lag has neither shrunk nor moved for a minute, and not while the position moves', async () => {
    const clock = new SteppedClock();
    const runner = fakeRunner([lag('notices-outbox', 120, '1000')]);
    const health = new ProjectionsHealthIndicator(runner, new HealthIndicatorService(), clock);
    expect((await health.check()).projections.status).toBe('up');

    // Given a capped count that rises while the catch-up advances: not a stall.
    for (const [count, position] of [
      [150, '2000'],
      [300, '3000'],
      [200, '4000'],
    ] as const) {
      clock.ms += 40_000;
      runner.lags = [lag('notices-outbox', count, position)];
      expect((await health.check()).projections.status).toBe('up');
    }

    // When the same count stays at the same position for over a minute: down, named.
    clock.ms += 30_000;
    expect((await health.check()).projections.status).toBe('up');
    clock.ms += 31_000;
    const stalled = await health.check();
    expect(stalled.projections.status).toBe('down');
    expect(stalled.projections).toMatchObject({ failing: ['notices-outbox'] });
  });

  it('does not call a projection stalled while it waits for the runner to catch the others up', async () => {
    const clock = new SteppedClock();
    // Given: commitment-detail is at 9000 with 4 events to apply; the runner, catching up a
    // projection added later (the notices' outbox) from the start, has not reached 9000 yet.
    const runner = fakeRunner([
      lag('commitment-detail', 4, '9000', '1000'),
      lag('notices-outbox', 10_001, '1000'),
    ]);
    const health = new ProjectionsHealthIndicator(runner, new HealthIndicatorService(), clock);
    expect((await health.check()).projections.status).toBe('up');

    // When: two minutes pass with commitment-detail's checkpoint still, the runner moving on.
    for (const progress of ['3000', '5000', '7000']) {
      clock.ms += 40_000;
      runner.lags = [
        lag('commitment-detail', 4, '9000', progress),
        lag('notices-outbox', 10_001, progress),
      ];
      // Then: up.
      expect((await health.check()).projections.status).toBe('up');
    }

    // And once the runner itself stops moving for over a minute: down, both named.
    clock.ms += 61_000;
    const stalled = await health.check();
    expect(stalled.projections.status).toBe('down');
    expect(stalled.projections).toMatchObject({
      failing: ['commitment-detail', 'notices-outbox'],
    });
  });
});
