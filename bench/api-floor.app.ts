/**
 * The floor of bench:api: the stack the API is built on, with none of hitos's work — Nest on
 * Express, the API's own global ValidationPipe and progress-report DTO, and one append per
 * request through the official client (expected revision `any`, no read, no decision, no
 * token, no request context, no logging, no projections). Started by bench/api.bench.ts in a
 * child process against the same store as the API; what it does per second is the most any
 * API on this stack and this machine could do with 32 clients.
 *
 * Env: PORT, EVENTSTORE_CONNECTION_STRING.
 */
import 'reflect-metadata';
import { Body, Controller, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventStoreDBClient, jsonEvent } from '@hitos/event-store/esdb-client';
import { ReportMilestoneProgressRequestDto } from '../apps/api/src/commitments/report-milestone-progress/report-milestone-progress.request.dto';
import { createValidationPipe } from '../apps/api/src/problem/validation';
import { runFloor } from './lib/floor-process';

const client = EventStoreDBClient.connectionString(process.env.EVENTSTORE_CONNECTION_STRING!);

@Controller('api/commitments')
class FloorController {
  @Post(':id/milestones/:milestoneId/progress-reports')
  async report(
    @Param('id') id: string,
    @Param('milestoneId') milestoneId: string,
    @Body() body: ReportMilestoneProgressRequestDto,
  ) {
    const result = await client.appendToStream(
      `floor-${id}`,
      jsonEvent({ type: 'MilestoneProgressReported', data: { ...body, milestoneId } as never }),
    );
    return { revision: Number(result.nextExpectedRevision) };
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

runFloor('api floor', async () => {
  const app = await NestFactory.create(FloorModule, { logger: ['error'] });
  app.useGlobalPipes(createValidationPipe());
  return app;
});
