import { performance } from 'node:perf_hooks';

/**
 * The time, for everything outside the pure domain: the `now` of commands, the `recordedAt` of
 * events. Injected so that tests and demos can move time (issue 6's timers need it too).
 */
export abstract class Clock {
  abstract now(): Date;
}

export interface SystemClockOptions {
  /** Moves the clock forward (or back) from the machine's time, e.g. for a demo. */
  offsetMs?: number;
  /**
   * The clock reads this instant when it is made, then runs at the machine's monotonic pace,
   * whatever the machine's calendar says: a suite or a demo that lives on one day, any day.
   */
  startAt?: Date;
}

export class SystemClock extends Clock {
  private readonly read: () => number;

  constructor({ offsetMs = 0, startAt }: SystemClockOptions = {}) {
    super();
    if (startAt) {
      const origin = startAt.getTime() + offsetMs - performance.now();
      this.read = () => origin + performance.now();
    } else {
      this.read = () => Date.now() + offsetMs;
    }
  }

  now(): Date {
    return new Date(this.read());
  }
}

/** A clock that does not move: the moment a replay of the history stands at. */
export class FixedClock extends Clock {
  private readonly at: number;

  constructor(at: Date) {
    super();
    this.at = at.getTime();
  }

  now(): Date {
    return new Date(this.at);
  }
}
