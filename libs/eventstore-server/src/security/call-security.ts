import { status as Status, type Metadata, type ServiceError } from '@grpc/grpc-js';
import { AccessDenied } from '@eventstore/db-client/generated/shared_pb';
import { packedStatus, rpcError } from '../protocol/errors';
import type { EventLog } from '../storage/event-log';
import { mayAccess, type Principal, type StreamOperation } from './acl';
import { Authenticator } from './authentication';
import { ADMINS_GROUP, OPS_GROUP } from './users';

/**
 * The glue between the RPC handlers and the security rules, kept out of the handlers: the
 * server wraps each handler in `guard`, which authenticates the call before the handler
 * runs and remembers who made it; a handler, once it knows the stream, asks
 * `accessDenied(call, operation, stream)` — always undefined when authentication is off, which
 * is the default.
 */
interface CallSecurity {
  log: EventLog;
  principal: Principal | undefined; // undefined: anonymous
}

const calls = new WeakMap<object, CallSecurity>();

/** As EventStoreDB answers (RpcExceptions.AccessDenied); the client raises AccessDeniedError. */
export const accessDeniedError = (): ServiceError =>
  rpcError(Status.PERMISSION_DENIED, 'Access Denied', { exception: 'access-denied' });

/** What the authentication middleware answers for bad credentials; also an AccessDeniedError. */
export const unauthenticatedError = (): ServiceError =>
  rpcError(Status.UNAUTHENTICATED, 'Unauthenticated');

/** BatchAppend's per-append form of the same refusal. */
export const accessDeniedStatus = () =>
  packedStatus(Status.PERMISSION_DENIED, 'Access Denied', new AccessDenied(), 'AccessDenied');

/** An error to answer with when the caller may not do this; undefined when it may. */
export function accessDenied(
  call: object,
  operation: StreamOperation,
  stream: string,
): ServiceError | undefined {
  const security = calls.get(call);
  if (!security) return undefined;
  return mayAccess(security.log, security.principal, operation, stream)
    ? undefined
    : accessDeniedError();
}

/**
 * What a persistent subscription call does, as 24.10's default policy
 * (LegacyPolicySelectorFactory) names it: `manage` (Create, Update, Delete, ReplayParked,
 * RestartSubsystem: members of `$ops` or `$admins`), `statistics` (GetInfo, List: any
 * authenticated user), `process` (Read: an authenticated user who may read the stream).
 */
export type SubscriptionOperation = 'manage' | 'statistics' | 'process';

/** An error to answer a persistent subscription call with when the caller may not make it. */
export function subscriptionAccessDenied(
  call: object,
  operation: SubscriptionOperation,
  stream = '',
): ServiceError | undefined {
  const security = calls.get(call);
  if (!security) return undefined;
  const { principal } = security;
  const allowed =
    principal !== undefined &&
    (operation === 'statistics' ||
      (operation === 'manage'
        ? principal.groups.includes(ADMINS_GROUP) || principal.groups.includes(OPS_GROUP)
        : mayAccess(security.log, principal, 'read', stream)));
  return allowed ? undefined : accessDeniedError();
}

/**
 * The caller's name as EventStoreDB 24.10 records it (`ClaimsPrincipal.Identity.Name`), e.g. for
 * a persistent subscription's connection: the login of an authenticated caller; `system` when
 * authentication is off (an insecure node authenticates every call as the system account);
 * empty for an anonymous caller of a secure node (its identity has no name claim).
 */
export function callerName(call: object): string {
  const security = calls.get(call);
  if (!security) return 'system';
  return security.principal?.login ?? '';
}

type Handler<C, R extends unknown[]> = (call: C, ...rest: R) => void;
/** What every gRPC call object has: its metadata, and a way to end it with an error. */
type AnyCall = { metadata: Metadata; emit(event: 'error', error: Error): boolean };

export class CallGuard {
  private readonly authenticator: Authenticator;

  constructor(private readonly log: EventLog) {
    this.authenticator = new Authenticator(log);
  }

  /**
   * Authenticates before the handler runs. Bad credentials end the call UNAUTHENTICATED
   * (through the callback of a unary or client-streaming call, as the call's error otherwise);
   * anonymous calls go on, and are refused later by `accessDenied` if they touch a stream.
   */
  guard<C extends AnyCall, R extends unknown[]>(handler: Handler<C, R>): Handler<C, R> {
    return (call, ...rest) => {
      const outcome = this.authenticator.authenticate(call.metadata);
      if (outcome.kind === 'unauthenticated') {
        const callback = rest[0];
        if (typeof callback === 'function')
          (callback as (error: ServiceError) => void)(unauthenticatedError());
        else call.emit('error', unauthenticatedError());
        return;
      }
      calls.set(call, {
        log: this.log,
        principal: outcome.kind === 'authenticated' ? outcome.principal : undefined,
      });
      handler(call, ...rest);
    };
  }
}

/** The server's wrapper for every handler: `guard.guard` when authentication is on, else as is. */
export function securedBy(
  guard: CallGuard | undefined,
): <C extends AnyCall, R extends unknown[]>(handler: Handler<C, R>) => Handler<C, R> {
  return (handler) => (guard ? guard.guard(handler) : handler);
}
