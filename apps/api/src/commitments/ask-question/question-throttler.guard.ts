import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { ProblemException } from '../../problem/problem.exception';

/** The throttler's name: questions are limited per client address, on every route that asks. */
export const QUESTIONS_THROTTLER = 'questions';
/** How many questions one address may ask per window, and the window. */
export const QUESTION_RATE = { limit: 5, ttlMs: 60 * 60 * 1000 } as const;

const TOO_MANY = (limit: number) => ({
  es: `Se enviaron demasiadas preguntas desde esta dirección (máximo ${limit} por hora). Intente de nuevo más tarde.`,
  en: `Too many questions were sent from this address (at most ${limit} an hour). Try again later.`,
});

/**
 * The throttler guard, extended (not rewritten): one counter per client address for every route
 * that asks a question (the API's and the portal's form), whatever the route; and the refusal as
 * hitos's problem+json, in both languages.
 */
@Injectable()
export class QuestionThrottlerGuard extends ThrottlerGuard {
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string) {
    return `${name}:${tracker}`;
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire || detail.timeToExpire));
    const { req, res } = this.getRequestResponse(context) as { req: Request; res: Response };
    // The portal's form, posted without script: back to its page, which says why.
    if (!req.originalUrl.startsWith('/api/')) {
      res.redirect(
        303,
        `${req.path.replace(/\/preguntas\/?$/, '')}?pregunta=TOO_MANY_QUESTIONS#preguntar`,
      );
      throw new ProblemException(429, 'TOO_MANY_QUESTIONS', TOO_MANY(detail.limit));
    }
    throw new ProblemException(429, 'TOO_MANY_QUESTIONS', TOO_MANY(detail.limit), {
      limit: detail.limit,
      retryAfterSeconds: seconds,
    });
  }
}
