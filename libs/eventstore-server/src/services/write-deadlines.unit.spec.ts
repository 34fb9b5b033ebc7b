import { WriteDeadlines } from './write-deadlines';

describe('WriteDeadlines', () => {
  const fail = (error: unknown) => {
    throw error;
  };
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

  /** What `race` answers, as a promise for the test to await. */
  const raced = <T>(deadlines: WriteDeadlines, write: Promise<T>, deadline: number) =>
    new Promise<T | 'timeout'>((resolve, reject) =>
      deadlines.race(write, deadline, resolve, reject),
    );

  it('given an outcome before the deadline, answers the outcome', async () => {
    const deadlines = new WriteDeadlines();
    const write = pending<string>();
    const answers: string[] = [];
    deadlines.race(write.promise, Date.now() + 100, (a) => answers.push(a), fail);
    write.resolve('written');
    await jest.advanceTimersByTimeAsync(0);
    expect(answers).toEqual(['written']);
    await jest.advanceTimersByTimeAsync(200);
    expect(answers).toEqual(['written']);
  });

  it('given no outcome by the deadline, answers timeout then, and not before', async () => {
    const deadlines = new WriteDeadlines();
    const write = pending<string>();
    let answer: string | undefined;
    deadlines.race(write.promise, Date.now() + 100, (a) => (answer = a), fail);
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
    const answerAs = (name: string) => (a: string) => answers.push(`${name} ${a}`);
    deadlines.race(pending<string>().promise, Date.now() + 100, answerAs('first'), fail);
    deadlines.race(pending<string>().promise, Date.now() + 30, answerAs('second'), fail);
    const third = pending<string>();
    deadlines.race(third.promise, Date.now() + 60, answerAs('third'), fail);
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
    const answered = raced(deadlines, write.promise, Date.now() + 100);
    write.reject(new Error('the disk is full'));
    await expect(answered).rejects.toThrow('the disk is full');
  });

  it('given a write that fails after its deadline, answers timeout alone', async () => {
    const deadlines = new WriteDeadlines();
    const write = pending<string>();
    const answers: string[] = [];
    deadlines.race(
      write.promise,
      Date.now() + 100,
      (a) => answers.push(a),
      (e) => answers.push(String(e)),
    );
    await jest.advanceTimersByTimeAsync(100);
    write.reject(new Error('the disk is full'));
    await jest.advanceTimersByTimeAsync(0);
    expect(answers).toEqual(['timeout']);
  });
});
