import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { EventStoreHealthIndicator } from './event-store.health';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly eventStore: EventStoreHealthIndicator,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary: 'Salud del servicio / service health',
    description: 'Up when the event store answers; 503 with the failing check otherwise.',
  })
  check() {
    return this.health.check([() => this.eventStore.check()]);
  }
}
