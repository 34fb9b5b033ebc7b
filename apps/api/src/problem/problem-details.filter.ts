import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '@hitos/domain';
import {
  ConcurrencyConflictError,
  IdempotencyKeyReusedError,
  ReadOnlyHistoryError,
  StreamRevisionMismatchError,
} from '@hitos/event-store';
import { ProblemException, type BilingualMessage } from './problem.exception';
import { MAX_JSON_DEPTH } from '../http/json-shape';

const DOMAIN_STATUS = { rule: 409, invalid: 422, 'not-found': 404, forbidden: 403 } as const;

/** RFC 9457 problem details, with hitos's stable code and both languages' messages. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  messages: BilingualMessage;
  instance?: string;
  [extension: string]: unknown;
}

/**
 * The one place where failures become HTTP: typed domain errors, validation, authentication,
 * concurrency, and whatever Nest or Express raise. The body is `application/problem+json`;
 * `detail` is in the reader's language (Spanish unless `Accept-Language` prefers English), and
 * `messages` carries both.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(exception);
    if (problem.status >= 500) {
      this.logger.error(
        `${request.method} ${request.url} failed`,
        (exception as Error)?.stack ?? String(exception),
      );
    }
    const body = problemBody(problem, request);
    if (response.headersSent) return;
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private toProblem(exception: unknown): ProblemException {
    if (exception instanceof ProblemException) return exception;
    if (DomainError.is(exception)) {
      return new ProblemException(
        DOMAIN_STATUS[exception.kind] ?? 409,
        exception.code,
        exception.message,
        membersOf(exception),
      );
    }
    if (exception instanceof StreamRevisionMismatchError) {
      return new ProblemException(
        412,
        'STALE_REVISION',
        {
          es: `El recurso cambió: está en la revisión ${exception.actualRevision} y la solicitud esperaba ${exception.expectedRevision} (If-Match). Vuelva a leerlo y decida otra vez.`,
          en: `The resource changed: it is at revision ${exception.actualRevision}, the request expected ${exception.expectedRevision} (If-Match). Read it again and decide again.`,
        },
        {
          expectedRevision: exception.expectedRevision.toString(),
          currentRevision: exception.actualRevision.toString(),
        },
      );
    }
    if (exception instanceof IdempotencyKeyReusedError) {
      return new ProblemException(
        422,
        'IDEMPOTENCY_KEY_REUSED',
        {
          es: 'Esta Idempotency-Key ya se usó para otra solicitud; use una clave nueva para cada solicitud distinta.',
          en: 'This Idempotency-Key was already used for a different request; use a new key for each distinct request.',
        },
        {
          errors: [
            { field: 'Idempotency-Key', messages: ['already used for a different request'] },
          ],
        },
      );
    }
    if (exception instanceof ConcurrencyConflictError) {
      return new ProblemException(
        409,
        'CONCURRENCY_CONFLICT',
        {
          es: `El recurso cambió durante cada uno de ${exception.attempts} intentos; no se registró nada. Intente de nuevo.`,
          en: `The resource changed during each of ${exception.attempts} attempts; nothing was recorded. Try again.`,
        },
        { attempts: exception.attempts },
      );
    }
    if (exception instanceof ReadOnlyHistoryError) {
      // A replay refuses commands before they get here; this is for anything else that appends.
      const position = exception.end?.commit.toString() ?? null;
      return new ProblemException(
        405,
        'READ_ONLY_REPLAY',
        {
          es: `Réplica de solo lectura hasta la posición ${position ?? '—'}: no se registró nada.`,
          en: `Read-only replay until position ${position ?? '—'}: nothing was recorded.`,
        },
        { position },
      );
    }
    if (exception instanceof HttpException) return fromHttpException(exception);
    const status = (exception as { status?: unknown; type?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return fromBodyParser(exception as { status: number; type?: string });
    }
    return new ProblemException(500, 'INTERNAL_ERROR', {
      es: 'Error interno. No se registró nada que no haya sido confirmado.',
      en: 'Internal error. Nothing unconfirmed was recorded.',
    });
  }
}

/**
 * The problem+json body of a problem for a request: `detail` in the reader's language. For
 * what answers before Nest routes a request (the read-only replay's refusal), in the same shape.
 */
export function problemBody(problem: ProblemException, request: Request): ProblemDetails {
  const english = prefersEnglish(request.headers['accept-language']);
  return {
    type: `https://hitos.dev/problems/${problem.code.toLowerCase().replace(/_/g, '-')}`,
    title: problem.code,
    status: problem.status,
    code: problem.code,
    detail: english ? problem.messages.en : problem.messages.es,
    messages: problem.messages,
    instance: request.originalUrl ?? request.url,
    ...problem.extensions,
  };
}

/**
 * A domain error's facts go under `details`; a wrong role's are top-level members (`role`,
 * `allowedRoles`, and `command` when a decider refused), where the API's 403 has always had them.
 */
function membersOf(error: DomainError): Record<string, unknown> {
  if (!error.details) return {};
  return error.code === 'ROLE_NOT_ALLOWED' ? error.details : { details: error.details };
}

function fromHttpException(exception: HttpException): ProblemException {
  const status = exception.getStatus();
  const cause = exception.cause as { type?: string } | undefined;
  if (
    status === 400 &&
    (cause?.type === 'entity.parse.failed' || /JSON/i.test(exception.message))
  ) {
    return malformedJson();
  }
  const known: Record<number, [string, BilingualMessage]> = {
    401: ['UNAUTHORIZED', { es: 'Se requiere autenticación.', en: 'Authentication is required.' }],
    403: ['FORBIDDEN', { es: 'No tiene permiso para esta acción.', en: 'You may not do this.' }],
    404: ['NOT_FOUND', { es: 'No existe el recurso solicitado.', en: 'No such resource.' }],
    405: ['METHOD_NOT_ALLOWED', { es: 'Método no permitido.', en: 'Method not allowed.' }],
    413: [
      'PAYLOAD_TOO_LARGE',
      {
        es: 'El cuerpo de la solicitud es demasiado grande.',
        en: 'The request body is too large.',
      },
    ],
    415: [
      'UNSUPPORTED_MEDIA_TYPE',
      { es: 'Envíe el cuerpo como application/json.', en: 'Send the body as application/json.' },
    ],
    429: [
      'TOO_MANY_REQUESTS',
      { es: 'Demasiadas solicitudes; espere un momento.', en: 'Too many requests; wait a moment.' },
    ],
  };
  const [code, messages] = known[status] ?? [
    status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST',
    { es: exception.message, en: exception.message },
  ];
  return new ProblemException(status, code, messages);
}

/** Errors body-parser raises before Nest sees the request. */
function fromBodyParser(error: {
  status: number;
  type?: string;
  field?: string;
  depth?: number;
}): ProblemException {
  if (error.type === 'entity.parse.failed') return malformedJson();
  if (error.type === 'entity.key.forbidden' && error.field) {
    // Refused like any unknown field (validation.ts), named where it is.
    const field = error.field;
    return new ProblemException(
      400,
      'VALIDATION_FAILED',
      {
        es: `La solicitud tiene campos no válidos: ${field}.`,
        en: `The request has invalid fields: ${field}.`,
      },
      { errors: [{ field, messages: [`property ${field} should not exist`] }] },
    );
  }
  if (error.type === 'entity.string.ill-formed' && error.field !== undefined) {
    const field = error.field;
    return new ProblemException(
      400,
      'VALIDATION_FAILED',
      {
        es: `La solicitud tiene campos no válidos: ${field} (texto Unicode mal formado).`,
        en: `The request has invalid fields: ${field} (ill-formed Unicode text).`,
      },
      {
        errors: [{ field, messages: [`${field} must be well-formed Unicode (a lone surrogate)`] }],
      },
    );
  }
  if (error.type === 'entity.too.deep')
    return new ProblemException(400, 'JSON_TOO_DEEP', {
      es: `El cuerpo JSON anida más de ${MAX_JSON_DEPTH} niveles.`,
      en: `The JSON body nests more than ${MAX_JSON_DEPTH} levels.`,
    });
  if (error.type === 'entity.too.large')
    return fromHttpException(new HttpException('too large', 413));
  if (error.type === 'charset.unsupported' || error.type === 'encoding.unsupported') {
    return fromHttpException(new HttpException('unsupported', 415));
  }
  return new ProblemException(error.status, 'BAD_REQUEST', {
    es: 'La solicitud no se pudo leer.',
    en: 'The request could not be read.',
  });
}

function malformedJson(): ProblemException {
  return new ProblemException(400, 'MALFORMED_JSON', {
    es: 'El cuerpo no es JSON válido.',
    en: 'The body is not valid JSON.',
  });
}

function prefersEnglish(header: string | undefined): boolean {
  if (!header) return false;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())).find(Boolean);
      return { tag, q: q ? Number(q[1]) : 1 };
    })
    .filter((l) => l.tag.startsWith('es') || l.tag.startsWith('en'))
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.tag.startsWith('en') ?? false;
}
