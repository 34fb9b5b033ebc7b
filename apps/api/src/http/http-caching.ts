import type { Request, Response } from 'express';
import { ANONYMOUS, type Actor } from '../auth/actor';

/**
 * HTTP caching of public reads (docs/read-side.md#caching): `Cache-Control`, `ETag`, `Vary` and
 * conditional GETs answered 304 before anything is built, plus a bounded in-memory cache of the
 * JSON already built for a representation. Hand-written rather than a middleware: Express's own
 * ETag hashes the body once it is built (the work a 304 should save), and the representation's
 * version is known before it is built (the stream revision of the row, or the model's position).
 */

/** How long a shared cache (a CDN, a reverse proxy) may serve a public answer without asking. */
export const PUBLIC_MAX_AGE_S = 5;
/** How long after that it may serve it while it revalidates in the background (a surge). */
export const PUBLIC_STALE_WHILE_REVALIDATE_S = 30;

/** Who a representation may be shared with: anyone (anonymous readers), or this reader only. */
export type Audience = 'public' | 'private';

/**
 * `public` only for an anonymous request: whatever the resource, an answer to someone who sent
 * a credential (a bearer token or a session) is theirs — it may hold what only they may read,
 * and their next read should see their own write — so no shared cache keeps it.
 */
export function audienceOf(actor: Actor | undefined): Audience {
  return !actor || actor === ANONYMOUS || actor.id === ANONYMOUS.id ? 'public' : 'private';
}

export function cacheControlOf(audience: Audience): string {
  return audience === 'public'
    ? `public, max-age=${PUBLIC_MAX_AGE_S}, stale-while-revalidate=${PUBLIC_STALE_WHILE_REVALIDATE_S}`
    : 'private, no-cache';
}

/** The opaque part of an entity tag: `W/"7"` and `"7"` both give `7` (weak comparison). */
function opaque(tag: string): string {
  const t = tag.trim();
  return t.startsWith('W/') ? t.slice(2) : t;
}

/**
 * Whether an `If-None-Match` header names `etag` (weak comparison, RFC 9110 §13.1.2): a list
 * of entity tags, or `*`.
 */
export function ifNoneMatchHas(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const wanted = opaque(etag);
  // Entity tags never hold a comma in hitos; a list is split on them.
  for (const tag of header.split(',')) if (opaque(tag) === wanted) return true;
  return false;
}

/** The cache headers every answer of a cacheable read carries, 200 or 304. */
export function setCacheHeaders(res: Response, etag: string, audience: Audience): void {
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', cacheControlOf(audience));
  // What decides the audience and the content: the credential, in either header.
  res.setHeader('Vary', 'Authorization, Cookie');
}

/**
 * One cacheable read as its handler answers it: its entity tag and audience, and its JSON
 * unless the caller already holds that tag (then `json` is null and the answer is a 304).
 */
export interface Representation {
  etag: string;
  audience: Audience;
  json: string | null;
}

/** Sends a representation: 304 with no body when the caller holds it, else 200 with its JSON. */
export function sendRepresentation(res: Response, representation: Representation): void {
  setCacheHeaders(res, representation.etag, representation.audience);
  if (representation.json === null) {
    res.status(304).end();
    return;
  }
  res.status(200);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(representation.json));
  res.end(representation.json);
}

/** The `If-None-Match` a request carries, if any. */
export function heldTag(req: Request): string | undefined {
  const header = req.headers['if-none-match'];
  return typeof header === 'string' ? header : undefined;
}

/**
 * `{"position":…,` followed by the rest of a JSON object built without it: the $all position an
 * answer reflects moves with every event anywhere, the rest only with the resource, so the rest
 * is built once per version and the position put in front for each answer.
 */
export function withPosition(position: string | null, rest: string): string {
  const head = `{"position":${position === null ? 'null' : `"${position}"`}`;
  return rest === '{}' ? `${head}}` : `${head},${rest.slice(1)}`;
}

/** How many built representations the process keeps at most… */
const MAX_ENTRIES = 2_000;
/** …and how many characters of JSON in all (a 6.5 KB commitment: ~2,500 of them fit). */
const MAX_CHARS = 16 * 1024 * 1024;

/**
 * Representations already built, by a key that names everything they depend on (the resource,
 * its version, the audience's visibility): a key is never reused for other bytes, so nothing
 * here is ever stale, only dropped (oldest first) past {@link MAX_ENTRIES} or
 * {@link MAX_CHARS}. One per app (a provider of ReadModelsModule): tests start several apps in
 * one process, each on its own store.
 */
export class Representations {
  private readonly entries = new Map<string, string>();
  private chars = 0;

  constructor(
    private readonly maxEntries = MAX_ENTRIES,
    private readonly maxChars = MAX_CHARS,
  ) {}

  /** The JSON under `key`, built by `build` (and kept) the first time. */
  json(key: string, build: () => string): string {
    const kept = this.entries.get(key);
    if (kept !== undefined) return kept;
    const json = build();
    if (json.length > this.maxChars) return json;
    while (
      this.entries.size > 0 &&
      (this.entries.size >= this.maxEntries || this.chars + json.length > this.maxChars)
    ) {
      const [oldest, dropped] = this.entries.entries().next().value as [string, string];
      this.entries.delete(oldest);
      this.chars -= dropped.length;
    }
    this.entries.set(key, json);
    this.chars += json.length;
    return json;
  }

  get size(): number {
    return this.entries.size;
  }
}
