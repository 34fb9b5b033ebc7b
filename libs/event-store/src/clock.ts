/**
 * The time, for everything outside the pure domain: the `now` of commands, the `recordedAt` of
 * events. Injected so that tests and demos can move time (issue 6's timers need it too).
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  /** `offsetMs` moves the clock forward (or back) from the machine's time, e.g. for a demo. */
  constructor(private readonly offsetMs = 0) {
    super();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}
