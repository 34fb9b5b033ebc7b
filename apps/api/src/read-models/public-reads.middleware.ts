import { Injectable, type NestMiddleware } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { NextFunction, Request, Response } from 'express';
import { ClsService } from 'nestjs-cls';
import { ANONYMOUS } from '../auth/actor';
import { SESSION_COOKIE } from '../auth/credentials';
import { GetCommitmentQuery } from '../commitments/get-commitment/get-commitment.query';
import { ListCommitmentsQuery } from '../commitments/list-commitments/list-commitments.query';
import { CONTEXT_ACTOR } from '../context/request-context';
import { heldTag, sendRepresentation, type Representation } from '../http/http-caching';
import { ID_PATTERN } from '../http/resource-id';
import { GetRegisteredJsonQuery } from './registry.query';

const COMMITMENT = /^\/api\/commitments\/([^/?#]+)$/;
const PLAN = /^\/api\/action-plans\/([^/?#]+)$/;
const LIST = '/api/commitments';

/**
 * The front of the hottest public reads: an anonymous `GET` (no `Authorization`, no session
 * cookie) of a commitment, the first page of the list or an action plan, without a query
 * string, is answered here — by the very query handlers the controllers use, so with the same
 * bytes, ETag and cache headers, and a 304 when the caller holds the ETag — before the route
 * table, the guard, the pipes and Nest's handler machinery run. Anything else (a credential, a
 * query such as `waitFor` or `asOf`, an id the controller would refuse, a resource that does
 * not exist, an error) goes on to the controller, which answers it as before.
 */
@Injectable()
export class PublicReadsFront implements NestMiddleware {
  /** Whether the client's reads bucket admits one more (the rate limit the guard would apply). */
  private admits: (req: Request) => Promise<boolean> = () => Promise.resolve(true);

  constructor(
    private readonly queryBus: QueryBus,
    private readonly cls: ClsService,
  ) {}

  /** Counts the front's answers against the same rate limit as the controllers' reads. */
  limitedBy(admits: (req: Request) => Promise<boolean>): this {
    this.admits = admits;
    return this;
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const front = (req.method === 'GET' || req.method === 'HEAD') && frontQuery(req);
    if (!front) return next();
    // Over the limit: the controller's path answers it (the guard's 429, counted there).
    this.admits(req).then(
      (admitted) => (admitted ? this.answer(front, req, res, next) : next()),
      () => next(),
    );
  }

  private answer(
    front: NonNullable<ReturnType<typeof frontQuery>>,
    req: Request,
    res: Response,
    next: NextFunction,
  ): void {
    const { query, route } = front;
    // The reader is anonymous: what the guard would have set.
    this.cls.set(CONTEXT_ACTOR, ANONYMOUS);
    // The route the controller has, for the request metrics' label (metrics.ts: the base URL
    // and the route's path; a middleware's mount would otherwise stand as the base URL).
    (req as { route?: unknown }).route = { path: route };
    req.baseUrl = '';
    (this.queryBus.execute(query) as Promise<Representation | null>).then(
      (representation) => (representation ? sendRepresentation(res, representation) : next()),
      () => next(),
    );
  }
}

function frontQuery(req: Request) {
  if (req.headers.authorization !== undefined) return null;
  const cookie = req.headers.cookie;
  if (cookie !== undefined && cookie.includes(SESSION_COOKIE)) return null;
  const url = req.originalUrl;
  const held = heldTag(req);
  if (url === LIST) {
    return {
      query: new ListCommitmentsQuery({}, 20, 0, 'public', undefined, held),
      route: '/api/commitments',
    };
  }
  const commitment = COMMITMENT.exec(url)?.[1];
  if (commitment !== undefined) {
    return ID_PATTERN.test(commitment)
      ? {
          query: new GetCommitmentQuery(commitment, { role: 'public' }, 'public', undefined, held),
          route: '/api/commitments/:commitmentId',
        }
      : null;
  }
  const plan = PLAN.exec(url)?.[1];
  if (plan !== undefined && ID_PATTERN.test(plan)) {
    return {
      query: new GetRegisteredJsonQuery('plan', plan, 'public', held),
      route: '/api/action-plans/:planId',
    };
  }
  return null;
}
