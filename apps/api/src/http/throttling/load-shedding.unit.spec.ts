import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { EventLoopLag, loadShedding } from './load-shedding';
import { processMetrics } from '../../metrics/metrics';

/** What /metrics shows for `hitos_http_throttled_total{reason}`. */
const throttled = async (reason: string) =>
  (await processMetrics.throttled.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;

/** Just enough of Express's request and response for the middleware. */
function exchange(path = '/api/action-plans') {
  const sent: { status?: number; headers: Record<string, string>; body?: string } = {
    headers: {},
  };
  const res = Object.assign(new EventEmitter(), {
    setHeader: (name: string, value: string) => (sent.headers[name.toLowerCase()] = value),
    status(code: number) {
      sent.status = code;
      return this;
    },
    type(value: string) {
      sent.headers['content-type'] = value;
      return this;
    },
    send(body: string) {
      sent.body = body;
      return this;
    },
  });
  const req = { path, originalUrl: path, headers: { 'accept-language': 'en' } };
  let passed = false;
  const next: NextFunction = () => (passed = true);
  return {
    req: req as unknown as Request,
    res: res as unknown as Response & EventEmitter,
    next,
    sent,
    passed: () => passed,
  };
}

describe('loadShedding', () => {
  it('given as many requests under way as the cap, then the next is 503 OVERLOADED with Retry-After, and passes once one ends', async () => {
    const shed = loadShedding({ shedMaxInFlight: 2, shedEventLoopDelayMs: 0 }, null);
    const [a, b, c] = [exchange(), exchange(), exchange()];
    shed(a.req, a.res, a.next);
    shed(b.req, b.res, b.next);
    const before = await throttled('shed_in_flight');
    shed(c.req, c.res, c.next);
    expect([a.passed(), b.passed(), c.passed()]).toEqual([true, true, false]);
    expect(c.sent.status).toBe(503);
    expect(c.sent.headers['retry-after']).toBe('1');
    expect(JSON.parse(c.sent.body!)).toMatchObject({ code: 'OVERLOADED', status: 503 });
    expect(await throttled('shed_in_flight')).toBe(before + 1);

    a.res.emit('close');
    a.res.emit('close'); // counted once however often it is told
    const d = exchange();
    shed(d.req, d.res, d.next);
    expect(d.passed()).toBe(true);
    const e = exchange();
    shed(e.req, e.res, e.next);
    expect(e.passed()).toBe(false);
  });

  it('given the event loop later than the threshold, then 503; on time again, then it passes', () => {
    const lag = { current: 600 };
    const shed = loadShedding({ shedMaxInFlight: 0, shedEventLoopDelayMs: 500 }, lag);
    const late = exchange();
    shed(late.req, late.res, late.next);
    expect([late.passed(), late.sent.status]).toEqual([false, 503]);
    lag.current = 20;
    const onTime = exchange();
    shed(onTime.req, onTime.res, onTime.next);
    expect(onTime.passed()).toBe(true);
  });

  it('never sheds the probes or the live feeds', () => {
    const shed = loadShedding({ shedMaxInFlight: 1, shedEventLoopDelayMs: 1 }, { current: 10_000 });
    for (const path of ['/health', '/metrics', '/api/live/commitments/x']) {
      const probe = exchange(path);
      shed(probe.req, probe.res, probe.next);
      expect([path, probe.passed()]).toEqual([path, true]);
    }
  });

  it('reads the event loop late only when two samples in a row are: a lone stall sheds nothing', () => {
    let now = 0;
    const lag = new EventLoopLag(() => now);
    lag.start();
    lag.stop(); // samples are taken by hand here
    const at = (ms: number) => {
      now = ms;
      lag.sample();
    };
    at(100); // on time
    at(1_700); // a lone stall of 1.5 s
    expect(lag.current).toBe(0);
    at(1_800); // on time again
    expect(lag.current).toBe(0);
    at(2_300); // late by 400 ms
    at(2_800); // and again
    expect(lag.current).toBe(400);
  });
});
