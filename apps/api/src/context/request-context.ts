import { createHash, randomUUID } from 'node:crypto';
import { Global, Module, type Provider } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CLS_ID, CLS_REQ, ClsService, ClsServiceManager } from 'nestjs-cls';
import {
  COMMAND_CONTEXT_SOURCE,
  Clock,
  canonicalJson,
  nameBasedUuid,
  type CommandContext,
} from '@hitos/event-store';
import { planTimestampOf } from '@hitos/domain';
import { ANONYMOUS, type Actor } from '../auth/actor';
import { ProblemException } from '../problem/problem.exception';

/** Keys of the request-scoped store (nestjs-cls). */
export const CONTEXT_ACTOR = 'actor';
export const CONTEXT_CORRELATION_ID = 'correlationId';
export const CONTEXT_IDEMPOTENCY_KEY = 'idempotencyKey';
export const CONTEXT_IF_MATCH = 'ifMatch';
/** A whole command context set by hitos itself (the workflow engine), used as it is. */
export const CONTEXT_SYSTEM_COMMAND = 'systemCommand';
/**
 * Set (in a nested context) on each item of a bulk request, which is a command of its own: with
 * an `Idempotency-Key`, the item's command id is derived from the key and this scope.
 */
export const CONTEXT_COMMAND_SCOPE = 'commandScope';
/**
 * Set (in a nested context) when a command continues a chain begun by an earlier event: its
 * events then carry the chain's correlation id and cite that event as their cause.
 */
export const CONTEXT_CAUSE = 'cause';
/**
 * Set by hitos itself, never from a request, when a command records a fact that happened
 * earlier (the demo's history, as it happened): the command's `now`, on the plan's clock. The
 * events' `recordedAt` stays the clock's time.
 */
export const CONTEXT_NOW = 'now';

/** The earlier event a command continues: its id and the correlation id it carries. */
export interface Cause {
  eventId: string;
  correlationId: string;
}

export const CORRELATION_HEADER = 'x-correlation-id';
const TOKEN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * One store per request, set up before guards run: the correlation id (the caller's
 * `X-Correlation-ID` or a new one), the `Idempotency-Key` and `If-Match` as sent. The guard adds
 * the actor. Every event's metadata is built from here (see {@link commandContextProvider}).
 *
 * nestjs-cls's ClsService, provided without `ClsModule.forRoot`: that module registers a
 * pass-through global guard and interceptor even when told to mount neither, and one global
 * interceptor puts every request through Nest's rxjs pipeline (measured: ~7% of a command's
 * CPU). The context is opened by {@link requestContextMiddleware}, nothing else is needed.
 */
@Global()
@Module({
  providers: [{ provide: ClsService, useValue: ClsServiceManager.getClsService() }],
  exports: [ClsService],
})
export class RequestContextModule {}

/**
 * Mounted first thing on the Express app (not through Nest's route-bound middleware), so that
 * every request, `/health` and refused ones included, has its context before any guard runs.
 * Synchronous on purpose: nestjs-cls's own middleware needs its root module (see above) and
 * awaits several hooks hitos does not use on every request.
 */
export const requestContextMiddleware = () => {
  const cls = ClsServiceManager.getClsService();
  return (req: Request, res: Response, next: () => void): void =>
    cls.run(() => {
      const sent = req.headers[CORRELATION_HEADER];
      const id = typeof sent === 'string' && TOKEN.test(sent) ? sent : randomUUID();
      cls.set(CLS_ID, id);
      cls.set(CLS_REQ, req);
      cls.set(CONTEXT_CORRELATION_ID, id);
      cls.set(CONTEXT_IDEMPOTENCY_KEY, req.headers['idempotency-key']);
      cls.set(CONTEXT_IF_MATCH, req.headers['if-match']);
      res.setHeader('X-Correlation-ID', id);
      next();
    });
};

/**
 * The command context of the running request. Called once per command, in the request's
 * async context; header problems surface here as 400s naming the header.
 */
export const commandContextProvider: Provider & { provide: typeof COMMAND_CONTEXT_SOURCE } = {
  provide: COMMAND_CONTEXT_SOURCE,
  inject: [ClsService, Clock],
  useFactory: (cls: ClsService, clock: Clock) => (): CommandContext => {
    const system = cls.get<CommandContext | undefined>(CONTEXT_SYSTEM_COMMAND);
    if (system) return system;
    const actor: Actor = cls.get(CONTEXT_ACTOR) ?? ANONYMOUS;
    const correlationId: string = cls.get(CONTEXT_CORRELATION_ID) ?? randomUUID();
    const key = idempotencyKey(cls.get(CONTEXT_IDEMPOTENCY_KEY));
    // A key is the caller's own: two callers choosing the same key are two commands.
    const scope = cls.get<string | undefined>(CONTEXT_COMMAND_SCOPE);
    const commandId = key
      ? nameBasedUuid(`${actor.id}\u0000${key}${scope ? `\u0000${scope}` : ''}`)
      : randomUUID();
    const request = cls.get<Request | undefined>(CLS_REQ);
    const cause = cls.get<Cause | undefined>(CONTEXT_CAUSE);
    return {
      commandId,
      ...(cause
        ? {
            correlationId: cause.correlationId,
            causationId: cause.eventId,
            ...(cause.correlationId !== correlationId
              ? { requestCorrelationId: correlationId }
              : {}),
          }
        : // An HTTP command is caused by the request that carried it.
          { correlationId, causationId: commandId }),
      actor: {
        id: actor.id,
        role: actor.role,
        ...(actor.organizationId ? { organizationId: actor.organizationId } : {}),
        ...(actor.planId ? { planId: actor.planId } : {}),
      },
      // The plan's clock (Guayaquil): commands date facts by the plan's calendar day.
      now: cls.get<string | undefined>(CONTEXT_NOW) ?? planTimestampOf(clock.now()),
      expectedRevision: parseIfMatch(cls.get(CONTEXT_IF_MATCH)),
      ...(key && request ? { fingerprint: requestFingerprint(request) } : {}),
    };
  },
};

/** What the request asked: a key reused for a different one is refused, not replayed. */
function requestFingerprint(request: Request): string {
  return createHash('sha256')
    .update(`${request.method} ${request.originalUrl}\n${canonicalJson(request.body ?? null)}`)
    .digest('hex');
}

/** The `Idempotency-Key` as sent, checked (400 naming the header when malformed). */
export function idempotencyKey(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'string' && TOKEN.test(raw)) return raw;
  throw new ProblemException(
    400,
    'INVALID_IDEMPOTENCY_KEY',
    {
      es: 'La cabecera Idempotency-Key debe tener de 1 a 128 caracteres: letras, dígitos, ".", "_", ":" o "-".',
      en: 'The Idempotency-Key header must be 1 to 128 characters: letters, digits, ".", "_", ":" or "-".',
    },
    { errors: [{ field: 'Idempotency-Key', messages: ['invalid format'] }] },
  );
}

/** `W/"7"` or `"7"` → 7n; `W/"-1"` = the stream must not exist yet; `*` = no expectation. */
export function parseIfMatch(raw: unknown): bigint | undefined {
  if (raw === undefined || raw === '*') return undefined;
  const match = typeof raw === 'string' ? /^\s*(?:W\/)?"(-1|\d{1,19})"\s*$/.exec(raw) : null;
  if (!match) {
    throw new ProblemException(
      400,
      'INVALID_IF_MATCH',
      {
        es: 'La cabecera If-Match debe ser la ETag recibida, p. ej. W/"3".',
        en: 'The If-Match header must be the ETag you received, e.g. W/"3".',
      },
      { errors: [{ field: 'If-Match', messages: ['expected W/"<revision>"'] }] },
    );
  }
  return BigInt(match[1]);
}

/** The weak ETag of a stream revision. */
export function etagOf(revision: bigint): string {
  return `W/"${revision}"`;
}
