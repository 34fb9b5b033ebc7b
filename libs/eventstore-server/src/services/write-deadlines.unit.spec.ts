import { WriteDeadlines } from './write-deadlines';

describe('WriteDeadlines', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  const pending = <T>() => {
    let resolve!: (value: T) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };

  it('given an outcome before the deadline, answers the outcome', async () => {
    const deadlines = new WriteDeadlines();
    const write = pending<string>();
    const raced = deadlines.race(write.promise, Date.now() + 100);
    write.resolve('written');
    await expect(raced).resolves.toBe('written');
    jest.advanceTimersByTime(200);
    await expect(raced).resolves.toBe('written');
  });

  it('given no outcome by the deadline, answers timeout then, and not before', async () => {
    const deadlines = new WriteDeadlines();
    const write = pending<string>();
    let answer: string | undefined;
    void deadlines.race(write.promise, Date.now() + 100).then((a) => (answer = a));
    await jest.advanceTimersByTimeAsync(99);
    expect(answer).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    expect(answer).toBe('timeout');
    write.resolve('written late');
    await jest.advanceTimersByTimeAsync(0);
    expect(answer).toBe('timeout');
  });

  it('given a later write with an earlier deadline, times each out at its own deadline', async () => {
    const deadlines = new WriteDeadlines();
    const answers: string[] = [];
    void deadlines
      .race(pending<string>().promise, Date.now() + 100)
      .then((a) => answers.push(`first ${a}`));
    void deadlines
      .race(pending<string>().promise, Date.now() + 30)
      .then((a) => answers.push(`second ${a}`));
    const third = pending<string>();
    void deadlines.race(third.promise, Date.now() + 60).then((a) => answers.push(`third ${a}`));
    await jest.advanceTimersByTimeAsync(30);
    expect(answers).toEqual(['second timeout']);
    third.resolve('written');
    await jest.advanceTimersByTimeAsync(69);
    expect(answers).toEqual(['second timeout', 'third written']);
    await jest.advanceTimersByTimeAsync(1);
    expect(answers).toEqual(['second timeout', 'third written', 'first timeout']);
  });

  it('given a failed write, passes its error on', async () => {
    const deadlines = new WriteDeadlines();
    const write = pending<string>();
    const raced = deadlines.race(write.promise, Date.now() + 100);
    write.reject(new Error('the disk is full'));
    await expect(raced).rejects.toThrow('the disk is full');
  });
});
