import { SystemClock } from './clock';

describe('SystemClock', () => {
  it('started at an instant, reads that instant and then moves forward, whatever the machine date', async () => {
    const start = new Date('2031-01-01T00:00:00.000Z');
    const clock = new SystemClock({ startAt: start });
    const first = clock.now().getTime();
    expect(first).toBeGreaterThanOrEqual(start.getTime());
    expect(first - start.getTime()).toBeLessThan(60_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(clock.now().getTime()).toBeGreaterThan(first);
  });

  it('adds its offset to the instant it started at', () => {
    const clock = new SystemClock({
      startAt: new Date('2026-11-24T15:00:00.000Z'),
      offsetMs: 90 * 86_400_000,
    });
    expect(clock.now().toISOString().slice(0, 10)).toBe('2027-02-22');
  });
});
