import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
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
  check() {
    return this.health.check([() => this.eventStore.check(), () => this.projections.check()]);
  }
}
