import { type INestApplication, RequestMethod } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ThrottlerStorage } from '@nestjs/throttler';
import cookieParser from 'cookie-parser';
import { ClsService } from 'nestjs-cls';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@hitos/config';
import { requestContextMiddleware } from './context/request-context';
import { Metrics, httpMetricsMiddleware } from './metrics/metrics';
import { createValidationPipe } from './problem/validation';
import { withResponseExamples } from './open-data/openapi-examples';
import { PORTAL_FORM_ROUTES, PORTAL_ROUTES } from './portal/portal.controller';
import { resolveJwtSecret } from './auth/jwt-secret';
import { DEV_PROVIDER_PATH, DevIdentityProvider } from './auth/sign-in/dev-identity-provider';
import { SIGN_IN_ROUTES } from './auth/sign-in/sign-in.controller';
import { WORKSPACE_ROUTES } from './workspace/workspace.controller';
import { REPLAY_SERVING, readOnlyReplay, type ReplayServing } from './replay/replay-serving';
import { refuseJsonShape } from './http/json-shape';
import { applyServerLimits } from './http/server-limits';
import { EventLoopLag, RateLimitGuard, loadShedding, withLimitResponses } from './http/throttling';
import { ProblemDto } from './http/api-errors.decorator';
import { PublicReadsFront } from './read-models/public-reads.middleware';

/**
 * Everything about the HTTP surface that is not a route: shared by `main.ts` and the
 * end-to-end tests, so that tests run the app exactly as users get it.
 */
export function configureApp(app: NestExpressApplication, config: AppConfig): INestApplication {
  app.useLogger(app.get(Logger));
  // Limits (docs/api.md#limits): the client address through the proxies trusted, the server's
  // timeouts, and load shedding before any other work on a request.
  if (config.limits.trustProxyHops > 0) app.set('trust proxy', config.limits.trustProxyHops);
  applyServerLimits(app.getHttpServer(), config.limits);
  const lag = config.limits.shedEventLoopDelayMs > 0 ? new EventLoopLag().start() : null;
  if (lag) app.getHttpServer().once('close', () => lag.stop());
  app.use(loadShedding(config.limits, lag));
  app.use(requestContextMiddleware());
  const replay = app.get<ReplayServing | null>(REPLAY_SERVING, { strict: false });
  if (replay) app.use(readOnlyReplay(replay));
  app.use(httpMetricsMiddleware(app.get(Metrics)));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Scripts (the portal's, swagger-ui's) come from this origin only, never inline.
          'script-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          // hitos is often served over plain HTTP on a local network: upgrading its own
          // requests to HTTPS would break the portal and the docs there.
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  // After the limits, the context and the metrics, before everything else: anonymous reads of
  // the hottest public resources, answered from the read models (see PublicReadsFront).
  const front = app.get(PublicReadsFront);
  const readsLimit = RateLimitGuard.create(
    config.limits,
    app.get<ThrottlerStorage>(ThrottlerStorage),
    app.get(Reflector),
    app.get(ClsService),
  );
  if (readsLimit) front.limitedBy((req) => readsLimit.admitsAnonymousRead(req));
  app.use((req: Request, res: Response, next: NextFunction) => front.use(req, res, next));
  // The development identity provider (when it runs) parses its own requests: it comes
  // before hitos's body parsers.
  app.use(DEV_PROVIDER_PATH, app.get(DevIdentityProvider).middleware());
  // Cookies: the session's, its CSRF token's, the language switch's, and the sign-in's pending
  // state (signed with the data directory's key).
  app.use(cookieParser(resolveJwtSecret(config.jwtSecret, config.dataDir)));
  app.useBodyParser('json', {
    limit: config.bodyLimit,
    type: ['application/json', 'application/*+json'],
    // Too deep, or a prototype key: refused before it is parsed (http/json-shape.ts).
    verify: (_req: unknown, _res: unknown, body: Buffer) => {
      const refusal = refuseJsonShape(body);
      if (refusal) throw Object.assign(new Error(refusal.type), { status: 400, ...refusal });
    },
  });
  // HTML forms that work without script: sign-out, the choice of role, the development sign-in.
  app.useBodyParser('urlencoded', { limit: config.bodyLimit, extended: false });
  app.setGlobalPrefix('api', {
    exclude: [
      ...[...PORTAL_ROUTES, ...WORKSPACE_ROUTES].map((path) => ({
        path,
        method: RequestMethod.GET,
      })),
      ...SIGN_IN_ROUTES.map((path) => ({ path, method: RequestMethod.ALL })),
      ...PORTAL_FORM_ROUTES.map((path) => ({ path, method: RequestMethod.POST })),
      { path: 'health', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  // After the AuthGuard (an APP_GUARD, registered first): a request is counted against its
  // verified token subject, else its address.
  if (readsLimit) app.useGlobalGuards(readsLimit);

  const document = withLimitResponses(
    withResponseExamples(
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('hitos API')
          .setDescription(
            'Compromisos de Gobierno Abierto (OGP): comandos y consultas. Errores como application/problem+json con `code` estable y mensajes en español e inglés. Los comandos aceptan `Idempotency-Key` e `If-Match` y responden con `ETag`.\n\n' +
              'Open-government (OGP) commitments: commands and queries. Errors are application/problem+json with a stable `code` and messages in Spanish and English. Commands take `Idempotency-Key` and `If-Match` and answer with an `ETag`.',
          )
          .setVersion('1')
          .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
          .build(),
        { extraModels: [ProblemDto] },
      ),
    ),
    config.limits,
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
