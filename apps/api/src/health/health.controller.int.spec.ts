import { Injectable, type INestApplication } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { ProblemDetailsFilter } from '../problem/problem-details.filter';
import { ProjectionsHealthIndicator } from '../projections/projections.health';
import { EventStoreHealthIndicator } from './event-store.health';
import { HealthController } from './health.controller';

/** The event store's check, up: the store itself is an edge this spec does not need. */
@Injectable()
class StoreUp {
  constructor(private readonly indicator: HealthIndicatorService) {}
  check() {
    return this.indicator.check('eventStore').up({ latencyMs: 3 });
  }
}

/** The read side's check, with the outcome the spec sets. */
@Injectable()
class ReadSide {
  stalled = false;
  constructor(private readonly indicator: HealthIndicatorService) {}
  check() {
    const projection = { lagEvents: 4, stalled: this.stalled };
    const check = this.indicator.check('projections');
    return this.stalled
      ? check.down({ 'notices-outbox': projection, failing: ['notices-outbox'] })
      : check.up({ 'notices-outbox': projection });
  }
}

describe('GET /health (Nest over HTTP, the problem filter in place)', () => {
  let app: INestApplication;
  let base: string;
  let readSide: ReadSide;

  beforeAll(async () => {
    const module = await Test.createTestingModule({
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        { provide: EventStoreHealthIndicator, useClass: StoreUp },
        ReadSide,
        { provide: ProjectionsHealthIndicator, useExisting: ReadSide },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    }).compile();
    app = module.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    readSide = module.get(ReadSide);
  });
  afterAll(() => app.close());

  it('answers 200 with every check when all are up', async () => {
    readSide.stalled = false;
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      info: { eventStore: { status: 'up' }, projections: { status: 'up' } },
    });
  });

  it('answers 503 naming the failing check and why, with the checks that passed', async () => {
    readSide.stalled = true;
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'error',
      info: { eventStore: { status: 'up', latencyMs: 3 } },
      error: {
        projections: {
          status: 'down',
          'notices-outbox': { lagEvents: 4, stalled: true },
          failing: ['notices-outbox'],
        },
      },
      details: {
        eventStore: { status: 'up', latencyMs: 3 },
        projections: {
          status: 'down',
          'notices-outbox': { lagEvents: 4, stalled: true },
          failing: ['notices-outbox'],
        },
      },
    });
  });
});
