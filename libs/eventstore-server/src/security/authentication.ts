import { createHash } from 'node:crypto';
import type { Metadata } from '@grpc/grpc-js';
import type { EventLog } from '../storage/event-log';
import type { Principal } from './acl';
import { readUser, verifyPassword } from './users';

/**
 * Basic authentication as EventStoreDB's internal provider does it: the `authorization: Basic
 * base64(login:password)` header of each call, checked against the last event of
 * `$user-<login>`. No header is an anonymous caller (allowed to connect, denied every stream);
 * a header that names no user, a wrong password or a disabled user is `unauthenticated`.
 *
 * Checking a password costs a PBKDF2 (about a millisecond); a login that succeeded is
 * remembered with the position of the user record it was checked against, so a later
 * `$UserUpdated` (a new password, a disabled user) takes effect on the next call.
 */
export type Authentication =
  | { kind: 'anonymous' }
  | { kind: 'authenticated'; principal: Principal }
  | { kind: 'unauthenticated' };

const CACHE_LIMIT = 1000;

export class Authenticator {
  private readonly verified = new Map<string, { position: number; principal: Principal }>();

  constructor(private readonly log: EventLog) {}

  authenticate(metadata: Metadata): Authentication {
    const header = metadata.get('authorization')[0];
    if (header === undefined) return { kind: 'anonymous' };
    const credentials = parseBasic(String(header));
    if (!credentials) return { kind: 'unauthenticated' };
    const stored = readUser(this.log, credentials.login);
    if (!stored || stored.user.disabled) return { kind: 'unauthenticated' };
    const key = cacheKey(credentials.login, credentials.password);
    const cached = this.verified.get(key);
    if (cached?.position === stored.position)
      return { kind: 'authenticated', principal: cached.principal };
    if (!verifyPassword(credentials.password, stored.user)) return { kind: 'unauthenticated' };
    const principal: Principal = { login: stored.user.loginName, groups: stored.user.groups };
    if (this.verified.size >= CACHE_LIMIT) this.verified.clear();
    this.verified.set(key, { position: stored.position, principal });
    return { kind: 'authenticated', principal };
  }
}

export function parseBasic(header: string): { login: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { login: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The cache never holds a password, only a digest of it with the login. */
const cacheKey = (login: string, password: string): string =>
  createHash('sha256').update(login).update('\0').update(password).digest('base64');
