import { performance } from 'node:perf_hooks';
import type { NextFunction, Request, Response } from 'express';
import type { LimitsConfig } from '@hitos/config';
import { ProblemException } from '../../problem/problem.exception';
import { problemBody } from '../../problem/problem-details.filter';
import { isLiveFeed, isProbe } from './exempt';
import { countRefusal } from './refusals';

/** How often the event loop's delay is sampled. */
const SAMPLE_MS = 100;
/** What an overloaded process asks a client to wait before it tries again. */
export const SHED_RETRY_AFTER_SECONDS = 1;

/**
 * How late the event loop runs: a timer due every {@link SAMPLE_MS} notes how late it fired.
 * After a long turn the timer fires in the timers phase, before the I/O that queued during the
 * turn is read, so the requests that waited are measured against the delay they waited through.
 * (`perf_hooks.monitorEventLoopDelay` records the same into a histogram, read only afterwards.)
 * The delay reported is the lesser of the last two samples: a lone stall (a collection, a large
 * export, the start) sheds nothing; a loop that stays late, turn after turn, does.
 */
export class EventLoopLag {
  private timer?: NodeJS.Timeout;
  private last = 0;
  private previous = 0;
  private expected = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The lesser lateness of the last two samples, in milliseconds. */
  get current(): number {
    return Math.min(this.last, this.previous);
  }

  start(): this {
    this.expected = this.now() + SAMPLE_MS;
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.timer.unref();
    return this;
  }

  /** One sample: how late the timer due now fired (the timer calls it). */
  sample(): void {
    const now = this.now();
    this.previous = this.last;
    this.last = Math.max(0, now - this.expected);
    this.expected = now + SAMPLE_MS;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * Load shedding, before any other work on a request (no body read, no token verified): when
 * more than `shedMaxInFlight` requests are under way, or the event loop runs later than
 * `shedEventLoopDelayMs`, a new request is answered at once 503 OVERLOADED with
 * `Retry-After`, instead of queueing behind the others for tens of seconds. Probes (`/health`,
 * `/metrics`) and live feeds (their own caps) are neither shed nor counted.
 */
export function loadShedding(
  limits: Pick<LimitsConfig, 'shedMaxInFlight' | 'shedEventLoopDelayMs'>,
  lag: { readonly current: number } | null,
) {
  let inFlight = 0;
  const maxInFlight = limits.shedMaxInFlight || Infinity;
  const maxDelay = limits.shedEventLoopDelayMs || Infinity;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (isProbe(req) || isLiveFeed(req)) return next();
    const busy =
      inFlight >= maxInFlight ? 'in_flight' : lag && lag.current > maxDelay ? 'event_loop' : null;
    if (busy) {
      countRefusal(busy === 'in_flight' ? 'shed_in_flight' : 'shed_event_loop');
      const problem = new ProblemException(
        503,
        'OVERLOADED',
        {
          es: `El servidor está sobrecargado; vuelva a intentarlo en ${SHED_RETRY_AFTER_SECONDS} s.`,
          en: `The server is overloaded; try again in ${SHED_RETRY_AFTER_SECONDS} s.`,
        },
        { retryAfterSeconds: SHED_RETRY_AFTER_SECONDS },
      );
      // The body is not read: the connection closes after the answer.
      res.setHeader('Connection', 'close');
      res.setHeader('Retry-After', String(SHED_RETRY_AFTER_SECONDS));
      res
        .status(503)
        .type('application/problem+json')
        .send(JSON.stringify(problemBody(problem, req)));
      return;
    }
    inFlight++;
    let done = false;
    res.once('close', () => {
      if (!done) inFlight--;
      done = true;
    });
    next();
  };
}
