/**
 * The floor of bench:reads: the stack hitos's public reads are built on, with none of hitos's
 * work — Nest 11 on Express with helmet, answering each read with the very JSON hitos answered
 * (read once from BENCH_FLOOR_BODIES at start and returned as an object, so Nest serializes it
 * as it would any controller's result, and Express adds its own ETag and answers a matching
 * If-None-Match with 304). No guard, no request context, no logging, no validation, no read
 * model. What it does per second is the most any API on this stack and this machine could do.
 *
 * Env: PORT, BENCH_FLOOR_BODIES (a JSON file: { commitments: { id: body }, list, plan }).
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { Controller, Get, Module, NotFoundException, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';

interface FloorBodies {
  commitments: Record<string, unknown>;
  list: unknown;
  plan: unknown;
}

const bodies = JSON.parse(readFileSync(process.env.BENCH_FLOOR_BODIES!, 'utf8')) as FloorBodies;

@Controller('api')
class FloorController {
  @Get('commitments')
  list() {
    return bodies.list;
  }

  @Get('commitments/:id')
  commitment(@Param('id') id: string) {
    const body = bodies.commitments[id];
    if (!body) throw new NotFoundException();
    return body;
  }

  @Get('action-plans/:id')
  plan() {
    return bodies.plan;
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(FloorModule, { logger: ['error'] });
  app.use(helmet());
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.stdout.write('floor listening\n');
  const stop = () => void app.close().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`reads floor failed: ${String(error)}\n`);
  process.exit(1);
});
