import { randomUUID } from 'node:crypto';
import { ClsServiceManager } from 'nestjs-cls';
import { nameBasedUuid } from '@hitos/event-store';
import type { Actor } from '../auth/actor';
import { CONTEXT_ACTOR, CONTEXT_IDEMPOTENCY_KEY } from '../context/request-context';

/** Ids chosen by clients: URL-safe, short, and never mistaken for a path. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * The id of a resource a command creates when the client did not choose one. With an
 * `Idempotency-Key` it is derived from the key, so that a retried request names the same
 * resource (and is recognised as a repeat) instead of creating a twin.
 */
export function newResourceId(kind: string): string {
  const cls = ClsServiceManager.getClsService();
  const key = cls.isActive() ? cls.get<string | undefined>(CONTEXT_IDEMPOTENCY_KEY) : undefined;
  if (typeof key !== 'string' || !key) return randomUUID();
  const actor = cls.get<Actor | undefined>(CONTEXT_ACTOR);
  return nameBasedUuid(`${actor?.id ?? 'anonymous'}\u0000${key}\u0000${kind}`);
}
