import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_STORE_CLIENT } from '@hitos/event-store';
import { BACKWARDS, END, type EventStoreDBClient } from '@hitos/event-store/esdb-client';

/** Up when the event store answers a one-event read of `$all` within the timeout. */
@Injectable()
export class EventStoreHealthIndicator {
  constructor(
    @Inject(EVENT_STORE_CLIENT) private readonly client: EventStoreDBClient,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async check(key = 'eventStore', timeoutMs = 2_000) {
    const indicator = this.indicator.check(key);
    const started = Date.now();
    try {
      await withTimeout(this.readLast(), timeoutMs);
      return indicator.up({ latencyMs: Date.now() - started });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  private async readLast(): Promise<void> {
    for await (const _ of this.client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 1,
    })) {
      break;
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
