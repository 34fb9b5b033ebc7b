import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Metrics, processMetrics } from './metrics';
import { CommandMetricsInterceptor } from './command-metrics.interceptor';

export { processMetrics };

@Global()
@Module({
  providers: [
    { provide: Metrics, useValue: processMetrics },
    { provide: APP_INTERCEPTOR, useClass: CommandMetricsInterceptor },
  ],
  exports: [Metrics],
})
export class MetricsModule {}
