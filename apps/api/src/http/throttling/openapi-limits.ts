import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  OperationObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { LimitsConfig } from '@hitos/config';
import { isLiveFeed, isProbe, isRead } from './exempt';

const METHODS = ['get', 'head', 'options', 'post', 'put', 'patch', 'delete'] as const;

const PROBLEM_SCHEMA = { $ref: '#/components/schemas/ProblemDto' };

const RETRY_AFTER = {
  'Retry-After': {
    description: 'Segundos antes de volver a intentarlo / seconds before trying again',
    schema: { type: 'integer', minimum: 1 },
  },
};

/** A refusal's answer: problem+json with its code, and `Retry-After`. */
function refusal(code: string, status: number, description: string): ResponseObject {
  return {
    description: `${code}: ${description}`,
    headers: RETRY_AFTER,
    content: {
      'application/problem+json': {
        schema: PROBLEM_SCHEMA,
        example: {
          type: `https://hitos.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
          title: code,
          status,
          code,
        },
      },
    },
  };
}

/**
 * The answers every route can give under load or past a limit, as this process is configured:
 * 429 `RATE_LIMITED` (the reads or the commands bucket), 503 `OVERLOADED` (load shedding), and
 * on the live feeds 429 `TOO_MANY_LIVE_FEEDS` and 503 `LIVE_FEEDS_FULL` — each with
 * `Retry-After`. A limit that is off (0) is not described; `/health` and `/metrics` have none.
 * Where a route already documents the same status for a reason of its own (a question's limit,
 * a read model behind its `waitFor`), both are named.
 */
export function withLimitResponses(document: OpenAPIObject, limits: LimitsConfig): OpenAPIObject {
  const window = Math.round(limits.rateLimitWindowMs / 1000);
  for (const [path, item] of Object.entries(document.paths)) {
    if (isProbe({ path })) continue;
    for (const method of METHODS) {
      const operation = item[method] as OperationObject | undefined;
      if (!operation) continue;
      const answers: Array<[string, ResponseObject]> = [];
      if (isLiveFeed({ path })) {
        answers.push([
          '429',
          refusal(
            'TOO_MANY_LIVE_FEEDS',
            429,
            `more than ${limits.sseMaxPerClient} live feeds open from one address`,
          ),
        ]);
        answers.push([
          '503',
          refusal('LIVE_FEEDS_FULL', 503, `${limits.sseMax} live feeds open in all, the most`),
        ]);
      } else {
        const reads = isRead(method.toUpperCase());
        const limit = reads ? limits.rateLimitReads : limits.rateLimitCommands;
        if (limit > 0)
          answers.push([
            '429',
            refusal(
              'RATE_LIMITED',
              429,
              `more than ${limit} ${reads ? 'reads' : 'commands'} in ${window} s from one token, or else one address`,
            ),
          ]);
        if (limits.shedMaxInFlight > 0 || limits.shedEventLoopDelayMs > 0)
          answers.push([
            '503',
            refusal('OVERLOADED', 503, 'the server is shedding load; nothing was done'),
          ]);
      }
      for (const [status, answer] of answers) {
        const own = operation.responses[status] as ResponseObject | undefined;
        operation.responses[status] = own
          ? {
              ...own,
              description: `${own.description}; or ${answer.description}`,
              headers: { ...RETRY_AFTER, ...own.headers },
            }
          : answer;
      }
    }
  }
  return document;
}
