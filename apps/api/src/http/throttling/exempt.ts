import type { Request } from 'express';

/** Probes answer whatever the load: an orchestrator must see a busy process as alive. */
const PROBES = new Set(['/health', '/metrics']);

export function isProbe(req: Pick<Request, 'path'>): boolean {
  return PROBES.has(req.path);
}

/** Live feeds (SSE) are long-lived: they have their own caps (live/live-feed-limits.ts). */
export function isLiveFeed(req: Pick<Request, 'path'>): boolean {
  return req.path.startsWith('/api/live/');
}

/** Reads: the methods that change nothing. */
export function isRead(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}
