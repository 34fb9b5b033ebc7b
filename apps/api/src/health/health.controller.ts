import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { EventStoreHealthIndicator } from './event-store.health';
import { ProjectionsHealthIndicator } from '../projections/projections.health';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly eventStore: EventStoreHealthIndicator,
    private readonly projections: ProjectionsHealthIndicator,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary: 'Salud del servicio / service health',
    description:
      'Up when the event store answers and every projection runs with a lag that shrinks (measured against the live end of $all); 503 with the failing check otherwise.',
  })
  async check(@Res({ passthrough: true }) response: Response) {
    try {
      return await this.health.check([
        () => this.eventStore.check(),
        () => this.projections.check(),
      ]);
    } catch (error) {
      // Down, Terminus throws its result (every check, the failing ones under `error`) in a
      // 503; the problem filter would reduce that to "Service Unavailable", and an operator or
      // an orchestrator needs to see which check failed and why.
      if (error instanceof ServiceUnavailableException) {
        response.status(503);
        return error.getResponse();
      }
      throw error;
    }
  }
}
