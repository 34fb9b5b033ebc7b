import type { Request, Response } from 'express';
import type { LimitsConfig } from '@hitos/config';
import { ProblemException } from '../problem/problem.exception';
import { countRefusal } from '../http/throttling/refusals';

/** What a client turned away from a live feed is asked to wait. */
export const LIVE_FEED_RETRY_AFTER_SECONDS = 10;

/**
 * Caps on live feeds (SSE), which hold a connection each for as long as their reader: at most
 * `sseMaxPerClient` at once from one client address (beyond: 429 TOO_MANY_LIVE_FEEDS) and
 * `sseMax` in all (beyond: 503 LIVE_FEEDS_FULL), both with `Retry-After`. A feed's place is
 * freed when its connection closes.
 */
export class LiveFeedLimits {
  private total = 0;
  private readonly perClient = new Map<string, number>();

  constructor(private readonly limits: Pick<LimitsConfig, 'sseMaxPerClient' | 'sseMax'>) {}

  /** Takes a place for this request's feed, or throws the refusal. */
  admit(req: Request, res: Response): void {
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const mine = this.perClient.get(client) ?? 0;
    if (mine >= this.limits.sseMaxPerClient) {
      countRefusal('live_feeds_per_client');
      throw refusal(res, 429, 'TOO_MANY_LIVE_FEEDS', this.limits.sseMaxPerClient, {
        es: `Esta dirección ya tiene ${mine} transmisiones en vivo abiertas (máximo ${this.limits.sseMaxPerClient}); cierre alguna o espere.`,
        en: `This address already has ${mine} live feeds open (at most ${this.limits.sseMaxPerClient}); close one or wait.`,
      });
    }
    if (this.total >= this.limits.sseMax) {
      countRefusal('live_feeds_total');
      throw refusal(res, 503, 'LIVE_FEEDS_FULL', this.limits.sseMax, {
        es: `El servidor ya sirve ${this.total} transmisiones en vivo, su máximo; vuelva a intentarlo en ${LIVE_FEED_RETRY_AFTER_SECONDS} s.`,
        en: `The server already serves ${this.total} live feeds, its most; try again in ${LIVE_FEED_RETRY_AFTER_SECONDS} s.`,
      });
    }
    this.total++;
    this.perClient.set(client, mine + 1);
    res.once('close', () => {
      this.total--;
      const left = (this.perClient.get(client) ?? 1) - 1;
      if (left > 0) this.perClient.set(client, left);
      else this.perClient.delete(client);
    });
    // A feed lasts as long as its reader: not closed as an idle connection (server-limits.ts).
    req.socket.setTimeout(0);
  }

  /** Feeds open now, in all. */
  get open(): number {
    return this.total;
  }
}

function refusal(
  res: Response,
  status: number,
  code: string,
  limit: number,
  messages: { es: string; en: string },
): ProblemException {
  res.setHeader('Retry-After', String(LIVE_FEED_RETRY_AFTER_SECONDS));
  return new ProblemException(status, code, messages, {
    limit,
    retryAfterSeconds: LIVE_FEED_RETRY_AFTER_SECONDS,
  });
}
