import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { EventStore } from '@hitos/event-store';

/** Up when the event store answers a read within the timeout. */
@Injectable()
export class EventStoreHealthIndicator {
  constructor(
    private readonly store: EventStore,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async check(key = 'eventStore', timeoutMs = 2_000) {
    const indicator = this.indicator.check(key);
    const started = performance.now();
    try {
      await withTimeout(this.store.ping(), timeoutMs);
      return indicator.up({ latencyMs: Math.round(performance.now() - started) });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
