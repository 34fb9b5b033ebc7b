/**
 * The floor of bench:reads: the stack hitos's public reads are built on, with none of hitos's
 * work — Nest 11 on Express with helmet, answering each read with the very JSON hitos answered
 * (read once from BENCH_FLOOR_BODIES at start and returned as an object, so Nest serializes it
 * as it would any controller's result, and Express adds its own ETag and answers a matching
 * If-None-Match with 304). No guard, no request context, no logging, no validation, no read
 * model. What it does per second is the most any API on this stack and this machine could do.
 *
 * With BENCH_FLOOR_ADAPTER=fastify, the same on Nest's Fastify adapter with @fastify/helmet
 * (not dependencies of hitos: bench:reads finds them through NODE_PATH, see BENCH_FASTIFY_MODULES
 * in bench/reads.bench.ts). Fastify answers a matching If-None-Match with 304 only with an ETag
 * of its own, so the floor sets one (the weak ETag Express would send) when it has none.
 *
 * Env: PORT, BENCH_FLOOR_BODIES (a JSON file: { commitments: { id: body }, list, plan }),
 * BENCH_FLOOR_ADAPTER (express, the default, or fastify).
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Controller, Get, Module, NotFoundException, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import { runFloor } from './lib/floor-process';

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

/** Loads a module that is not a dependency of hitos (found through NODE_PATH). */
const optional = (name: string): Record<string, unknown> =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(name) as Record<string, unknown>;

async function fastifyApp() {
  const { FastifyAdapter } = optional('@nestjs/platform-fastify') as {
    FastifyAdapter: new () => never;
  };
  const app = await NestFactory.create(FloorModule, new FastifyAdapter(), { logger: ['error'] });
  const fastify = (app as unknown as { getHttpAdapter(): { getInstance(): FastifyLike } })
    .getHttpAdapter()
    .getInstance();
  await fastify.register(optional('@fastify/helmet').default);
  // What Express does by default: a weak ETag of the body, and 304 on a matching If-None-Match.
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' || reply.getHeader('etag')) return payload;
    const etag = `W/"${Buffer.byteLength(payload).toString(16)}-${createHash('sha1').update(payload).digest('base64').slice(0, 27)}"`;
    reply.header('etag', etag);
    if (request.headers['if-none-match'] === etag) {
      reply.code(304);
      return '';
    }
    return payload;
  });
  return app;
}

interface FastifyLike {
  register(plugin: unknown): Promise<void>;
  addHook(
    name: 'onSend',
    hook: (
      request: { headers: Record<string, string | undefined> },
      reply: {
        getHeader(name: string): unknown;
        header(name: string, value: string): void;
        code(status: number): void;
      },
      payload: unknown,
    ) => Promise<unknown>,
  ): void;
}

runFloor('reads floor', async () => {
  if (process.env.BENCH_FLOOR_ADAPTER === 'fastify') return fastifyApp();
  const app = await NestFactory.create(FloorModule, { logger: ['error'] });
  app.use(helmet());
  return app;
});
