import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, type Observable } from 'rxjs';
import { ConcurrencyConflictError, StreamRevisionMismatchError } from '@hitos/event-store';
import { Metrics } from './metrics';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Counts and times every command asked over HTTP: a write (`POST`, `PUT`, `PATCH`, `DELETE`) to a
 * use case's controller (`…HttpController`), its type the controller's name
 * (`DraftCommitmentHttpController` → `DraftCommitment`), so labels stay few: no ids, no paths.
 * The outcome is read when the answer leaves, after the problem filter set its status:
 * `ok` (2xx/3xx), `conflict` (a concurrency conflict or a stale If-Match), `refused` (any other
 * 4xx, with its problem code) or `error` (5xx).
 */
@Injectable()
export class CommandMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const controller = context.getClass().name;
    const request = context.switchToHttp().getRequest<Request>();
    if (READS.has(request.method) || !controller.endsWith('HttpController')) return next.handle();
    const command = controller.slice(0, -'HttpController'.length);
    const response = context.switchToHttp().getResponse<Response>();
    const stop = this.metrics.commandDuration.startTimer({ command });
    let failure: unknown;
    response.once('finish', () => {
      const status = response.statusCode;
      const outcome =
        failure instanceof ConcurrencyConflictError ||
        failure instanceof StreamRevisionMismatchError
          ? 'conflict'
          : status >= 500
            ? 'error'
            : status >= 400
              ? 'refused'
              : 'ok';
      const code = outcome === 'refused' ? problemCode(failure) : '';
      this.metrics.commandRequests.inc({ command, outcome, status: String(status), code });
      stop({ outcome });
    });
    return next.handle().pipe(
      catchError((error: unknown) => {
        failure = error;
        throw error;
      }),
    );
  }
}

/** A refusal's stable code (SCREAMING_SNAKE, a fixed set), or `''`. */
function problemCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : '';
}
