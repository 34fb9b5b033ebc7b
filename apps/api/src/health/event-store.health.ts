import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_STORE_CLIENT } from '@hitos/event-store';
import {
  BACKWARDS,
  END,
  StreamNotFoundError,
  type EventStoreDBClient,
} from '@hitos/event-store/esdb-client';

const PROBE_STREAM = 'hitos-health-probe';

/** Up when the event store answers a read within the timeout. */
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

  /**
   * A read of a stream nobody writes: a full round trip through the store's read path that the
   * server ends at once with StreamNotFound. Never `break` out of a read: an undrained read
   * keeps its gRPC stream open, and the client's dispose() then waits for it.
   */
  private async readLast(): Promise<void> {
    try {
      for await (const _ of this.client.readStream(PROBE_STREAM, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      })) {
        // nothing is ever written there
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
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
