import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';

/** One registry for the process, made before DI so that module options can count into it. */
export const processMetrics = new Metrics();

@Global()
@Module({ providers: [{ provide: Metrics, useValue: processMetrics }], exports: [Metrics] })
export class MetricsModule {}
