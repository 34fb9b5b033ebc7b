import type { Server } from 'node:http';
import type { LimitsConfig } from '@hitos/config';

/**
 * The HTTP server's timeouts, so that a client cannot hold a connection by sending slowly:
 * headers within `headersTimeoutMs` and the whole request (body included) within
 * `requestTimeoutMs`, else Node answers 408 and closes; a kept-alive connection idle between
 * requests for `keepAliveTimeoutMs`, or any connection silent both ways for `idleTimeoutMs`, is
 * closed. A response is not bounded by them: a live feed (SSE) lasts as long as its reader, and
 * its socket is taken out of the idle timeout (live/live-feed-limits.ts). Set before `listen`.
 */
export function applyServerLimits(server: Server, limits: LimitsConfig): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.setTimeout(limits.idleTimeoutMs);
  // Node checks the first two on a timer started at `listen` (every 30 s by default, so a
  // 10 s limit could take 40): checked at a quarter of the smaller one here.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    Math.min(
      30_000,
      Math.max(50, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)),
    );
}
