import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from './actor';

/** The session's cookie (httpOnly): its value is the session's id. */
export const SESSION_COOKIE = 'hitos_session';
/**
 * The session's CSRF token, in a cookie the page's script can read (not httpOnly, SameSite
 * Strict) and must send back as `X-CSRF-Token` (or a form's `_csrf`) on every request that
 * changes something.
 */
export const CSRF_COOKIE = 'hitos_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

/** Whom the request speaks for, and how it proved it (in CLS as CONTEXT_PERSON). */
export interface SignedInPerson {
  sub: string;
  name: string | null;
  via: 'session' | 'access-token' | 'development-token';
  /** The grant the person acts under (session, access token); null for a development token. */
  grantId: string | null;
}

export const CONTEXT_PERSON = 'person';

export interface Credential {
  actor: Actor;
  person: SignedInPerson | null;
  /**
   * The person acts under no active grant (the actor's role is then `public`): the role a token
   * claimed without one, or nothing for a session whose person holds none now.
   */
  ungranted?: { role?: string; organizationId?: string };
}

/** Personal access tokens read `hitos_pat.<subject, base64url>.<secret>`. */
const PAT_PREFIX = 'hitos_pat.';

/** A new personal access token for the person, and the hash hitos keeps of it. */
export function newAccessToken(sub: string): { token: string; hash: string } {
  const token = `${PAT_PREFIX}${Buffer.from(sub).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
  return { token, hash: accessTokenHash(token) };
}

/** The person a personal access token names and its hash, or null when it is not one. */
export function parseAccessToken(token: string): { sub: string; hash: string } | null {
  if (!token.startsWith(PAT_PREFIX)) return null;
  const [sub, secret, ...rest] = token.slice(PAT_PREFIX.length).split('.');
  if (!sub || !secret || rest.length) return null;
  return { sub: Buffer.from(sub, 'base64url').toString(), hash: accessTokenHash(token) };
}

export function accessTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
