import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';

/** What the HTTP side of a shutdown came to. */
export interface DrainReport {
  /** Requests still under way when the grace period ran out (their connections were closed). */
  cutOff: number;
  /** Live feeds (Server-Sent Events) ended. */
  feedsEnded: number;
}

/**
 * The HTTP half of a graceful shutdown. From the moment it is attached it knows every request
 * under way; {@link drain} then stops taking connections, answers requests that arrive on open
 * keep-alive connections with `Connection: close`, ends the live feeds (their clients reconnect,
 * elsewhere or after the restart), and waits for the requests under way — commands among them —
 * to be answered, up to the grace period, before closing the connections that remain.
 *
 * Nest's own `app.close()` runs the modules' destroy hooks (projections, workflow engine,
 * notices, the store client) before it closes the HTTP server: without this, a command under
 * way could find the store closed. Node's server has every piece (`close`, `closeIdleConnections`,
 * `closeAllConnections`); a library (e.g. http-terminator) would add a dependency for these
 * few lines.
 */
export class HttpDrain {
  private readonly underWay = new Set<ServerResponse>();
  private draining = false;
  private settled?: () => void;

  constructor(private readonly server: Server) {
    server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
      if (this.draining && !response.headersSent) response.setHeader('Connection', 'close');
      this.underWay.add(response);
      response.once('close', () => {
        this.underWay.delete(response);
        if (this.underWay.size === 0) this.settled?.();
      });
    });
  }

  get requestsUnderWay(): number {
    return this.underWay.size;
  }

  async drain(graceMs: number): Promise<DrainReport> {
    this.draining = true;
    // The listening socket closes at once; the connections open stay (http's own close would
    // also close the idle ones now).
    const closed = new Promise<void>((resolve) =>
      NetServer.prototype.close.call(this.server, () => resolve()),
    );
    // Requests a client already sent on an open connection may still sit unread in its socket
    // (a busy event loop reads them at its next poll): a turn of the loop reads them, so that
    // they count as under way and are answered, rather than their connection taken as idle and
    // closed under them (the client would see a reset for a request it had sent).
    for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    let feedsEnded = 0;
    for (const response of this.underWay) {
      if (!response.headersSent) response.setHeader('Connection', 'close');
      else if (String(response.getHeader('Content-Type') ?? '').startsWith('text/event-stream')) {
        response.end();
        feedsEnded++;
      }
    }
    this.server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    if (this.underWay.size > 0) {
      await new Promise<void>((resolve) => {
        this.settled = resolve;
        timer = setTimeout(resolve, graceMs);
      });
    }
    clearTimeout(timer);
    const cutOff = this.underWay.size;
    this.server.closeAllConnections();
    // http's own close now: it clears its timer that checks connections' timeouts.
    this.server.close();
    await closed;
    return { cutOff, feedsEnded };
  }
}
