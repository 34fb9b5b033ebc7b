import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { ClsService } from 'nestjs-cls';
import type { Request, Response } from 'express';
import type { LimitsConfig } from '@hitos/config';
import type { Actor } from '../../auth/actor';
import { CONTEXT_ACTOR } from '../../context/request-context';
import { ProblemException } from '../../problem/problem.exception';
import { isProbe, isRead } from './exempt';
import { countRefusal } from './refusals';

/** The two buckets: generous for reads, tighter for commands. */
export const READS_THROTTLER = 'reads';
export const COMMANDS_THROTTLER = 'commands';

const isReadRequest = (context: ExecutionContext) =>
  isRead(context.switchToHttp().getRequest<Request>().method);

/**
 * The throttler guard, extended (not rewritten), global: one bucket of reads and one of
 * commands per token subject when the request is authenticated, else per client address (as
 * Express sees it, `HITOS_TRUST_PROXY` hops in). It runs after the AuthGuard, so the subject is
 * the verified one; a request the AuthGuard refuses does no work and is not counted. Over the
 * limit: 429 RATE_LIMITED, problem+json in both languages, with `Retry-After` in seconds.
 * `/health` and `/metrics` are never limited. Its counters share the throttler's storage with
 * the citizens' questions' limit (`questions:` keys, theirs; `reads:`/`commands:`, these).
 */
export class RateLimitGuard extends ThrottlerGuard {
  private constructor(
    limits: LimitsConfig,
    storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly cls: ClsService,
  ) {
    const ttl = limits.rateLimitWindowMs;
    super(
      {
        setHeaders: false,
        throttlers: [
          {
            name: READS_THROTTLER,
            ttl,
            limit: limits.rateLimitReads,
            skipIf: (context: ExecutionContext) => !isReadRequest(context),
          },
          {
            name: COMMANDS_THROTTLER,
            ttl,
            limit: limits.rateLimitCommands,
            skipIf: isReadRequest,
          },
        ].filter((throttler) => throttler.limit > 0),
      },
      storage,
      reflector,
    );
  }

  /** The guard for these limits, ready to use; none when both limits are off (0). */
  static create(
    limits: LimitsConfig,
    storage: ThrottlerStorage,
    reflector: Reflector,
    cls: ClsService,
  ): RateLimitGuard | null {
    if (limits.rateLimitReads === 0 && limits.rateLimitCommands === 0) return null;
    const guard = new RateLimitGuard(limits, storage, reflector, cls);
    // Not made by Nest's injector, so its lifecycle hook is called here (it does not await).
    void guard.onModuleInit();
    return guard;
  }

  /**
   * For an anonymous read answered before the guards run (the public reads' front): counts it
   * in the client address's reads bucket and says whether it is still within the limit.
   */
  async admitsAnonymousRead(req: Request): Promise<boolean> {
    const throttler = this.throttlers.find((t) => t.name === READS_THROTTLER);
    if (!throttler) return true;
    const limit = Number(throttler.limit);
    const ttl = Number(throttler.ttl);
    const ip = await super.getTracker(req as unknown as Record<string, unknown>);
    const { isBlocked } = await this.storageService.increment(
      this.generateKey(undefined as never, `ip:${ip}`, READS_THROTTLER),
      ttl,
      limit,
      ttl,
      READS_THROTTLER,
    );
    return !isBlocked;
  }

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return Promise.resolve(true);
    return Promise.resolve(isProbe(context.switchToHttp().getRequest<Request>()));
  }

  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const actor = this.cls.isActive() ? this.cls.get<Actor | undefined>(CONTEXT_ACTOR) : undefined;
    if (actor && actor.role !== 'public') return Promise.resolve(`sub:${actor.id}`);
    return super.getTracker(req).then((ip) => `ip:${ip}`);
  }

  /** One bucket per tracker for all routes (the library's default is one per route). */
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string) {
    return `${name}:${tracker}`;
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire || detail.timeToExpire));
    const res = context.switchToHttp().getResponse<Response>();
    res.setHeader('Retry-After', String(seconds));
    const reads = detail.key.startsWith(`${READS_THROTTLER}:`);
    countRefusal(reads ? 'rate_limited_reads' : 'rate_limited_commands');
    const window = Math.round(detail.ttl / 1000);
    throw new ProblemException(
      429,
      'RATE_LIMITED',
      reads
        ? {
            es: `Demasiadas consultas: como máximo ${detail.limit} cada ${window} s. Vuelva a intentarlo en ${seconds} s.`,
            en: `Too many reads: at most ${detail.limit} every ${window} s. Try again in ${seconds} s.`,
          }
        : {
            es: `Demasiados comandos: como máximo ${detail.limit} cada ${window} s. Vuelva a intentarlo en ${seconds} s.`,
            en: `Too many commands: at most ${detail.limit} every ${window} s. Try again in ${seconds} s.`,
          },
      {
        bucket: reads ? READS_THROTTLER : COMMANDS_THROTTLER,
        limit: detail.limit,
        windowSeconds: window,
        retryAfterSeconds: seconds,
      },
    );
  }
}
