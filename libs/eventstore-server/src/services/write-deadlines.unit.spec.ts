import { WriteDeadlines } from './write-deadlines';

describe('WriteDeadlines', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('given an outcome before the deadline, then it is to be answered and never expires', async () => {
    const deadlines = new WriteDeadlines();
    const expired: string[] = [];
    const watched = deadlines.watch(Date.now() + 100, () => expired.push('write'));
    await jest.advanceTimersByTimeAsync(99);
    expect(deadlines.settle(watched)).toBe(true);
    await jest.advanceTimersByTimeAsync(200);
    expect(expired).toEqual([]);
  });

  it('given no outcome by the deadline, then it expires then and not before, and its late outcome is dropped', async () => {
    const deadlines = new WriteDeadlines();
    const expired: string[] = [];
    const watched = deadlines.watch(Date.now() + 100, () => expired.push('write'));
    await jest.advanceTimersByTimeAsync(99);
    expect(expired).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(expired).toEqual(['write']);
    expect(deadlines.settle(watched)).toBe(false);
    await jest.advanceTimersByTimeAsync(1000);
    expect(expired).toEqual(['write']);
  });

  it('given a later write with an earlier deadline, then each expires at its own deadline', async () => {
    const deadlines = new WriteDeadlines();
    const expired: string[] = [];
    deadlines.watch(Date.now() + 100, () => expired.push('first'));
    deadlines.watch(Date.now() + 30, () => expired.push('second'));
    const third = deadlines.watch(Date.now() + 60, () => expired.push('third'));
    await jest.advanceTimersByTimeAsync(30);
    expect(expired).toEqual(['second']);
    expect(deadlines.settle(third)).toBe(true);
    await jest.advanceTimersByTimeAsync(69);
    expect(expired).toEqual(['second']);
    await jest.advanceTimersByTimeAsync(1);
    expect(expired).toEqual(['second', 'first']);
  });

  it('given every write settled, then no deadline is left to expire', async () => {
    const deadlines = new WriteDeadlines();
    const expired: string[] = [];
    const all = [10, 20, 30].map((ms) =>
      deadlines.watch(Date.now() + ms, () => expired.push(String(ms))),
    );
    expect(all.map((w) => deadlines.settle(w))).toEqual([true, true, true]);
    await jest.advanceTimersByTimeAsync(100);
    expect(expired).toEqual([]);
  });

  it('given thousands of writes settled around a few still waiting, then only those expire, each at its deadline', async () => {
    const deadlines = new WriteDeadlines();
    const expired: string[] = [];
    const waiting = [500, 100, 300];
    for (let n = 0; n < 3000; n++) {
      if (n % 1000 === 500) {
        const ms = waiting.shift()!;
        deadlines.watch(Date.now() + ms, () => expired.push(`waited ${ms}`));
      }
      const settled = deadlines.watch(Date.now() + 50 + (n % 7), () =>
        expired.push(`settled ${n}`),
      );
      expect(deadlines.settle(settled)).toBe(true);
      expect(deadlines.settle(settled)).toBe(false);
    }
    await jest.advanceTimersByTimeAsync(99);
    expect(expired).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(expired).toEqual(['waited 100']);
    await jest.advanceTimersByTimeAsync(400);
    expect(expired).toEqual(['waited 100', 'waited 300', 'waited 500']);
  });
});
