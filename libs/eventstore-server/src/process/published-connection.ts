import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { liveLockOwner } from '../storage/data-dir-lock';

/**
 * How a running store tells other processes of the same machine where to reach it: while it
 * listens, its data directory holds `connection.json` (readable by its owner only) with its
 * gRPC connection string and the id of the process that serves it. The file is written once
 * the store listens and removed when it stops cleanly; after a SIGKILL it stays behind, so a
 * reader checks that the process lives and that the store answers before trusting it (the
 * hitos CLI does, see docs/cli.md). The data directory itself stays locked to that process.
 */
export const PUBLISHED_CONNECTION_FILE = 'connection.json';

export interface PublishedConnection {
  /** An `esdb://` connection string reachable from this machine (loopback for a wildcard bind). */
  connectionString: string;
  /** The process that serves the store and holds the data directory's lock. */
  pid: number;
}

export function publishedConnectionFile(dataDir: string): string {
  return join(dataDir, PUBLISHED_CONNECTION_FILE);
}

/**
 * The connection string a local client should use for a server bound to `host`:`port`;
 * `query` says how to reach it (`tls=true&tlsCAFile=…` for a server with TLS).
 */
export function localConnectionString(host: string, port: number, query = 'tls=false'): string {
  const local = host === '0.0.0.0' ? '127.0.0.1' : host === '::' || host === '[::]' ? '::1' : host;
  return `esdb://${local.includes(':') && !local.startsWith('[') ? `[${local}]` : local}:${port}?${query}`;
}

/** Writes the file whole (a reader never sees half of it), mode 0600. */
export function publishConnection(dataDir: string, connection: PublishedConnection): void {
  const file = publishedConnectionFile(dataDir);
  const temporary = `${file}.${process.pid}.tmp`;
  rmSync(temporary, { force: true });
  writeFileSync(temporary, `${JSON.stringify(connection)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

/** Removes the file if it is still this process's (a later store may have replaced it). */
export function unpublishConnection(dataDir: string, pid = process.pid): void {
  if (readPublishedConnection(dataDir)?.pid === pid) {
    rmSync(publishedConnectionFile(dataDir), { force: true });
  }
}

/** What the file says, or null when there is none or it cannot be read as one. */
export function readPublishedConnection(dataDir: string): PublishedConnection | null {
  let text: string;
  try {
    text = readFileSync(publishedConnectionFile(dataDir), 'utf8');
  } catch {
    return null;
  }
  try {
    const value = JSON.parse(text) as Partial<PublishedConnection> | null;
    if (
      typeof value?.connectionString === 'string' &&
      value.connectionString.startsWith('esdb') &&
      typeof value.pid === 'number' &&
      Number.isSafeInteger(value.pid) &&
      value.pid > 0
    ) {
      return { connectionString: value.connectionString, pid: value.pid };
    }
  } catch {
    // a file cut short or written by something else: not a connection
  }
  return null;
}

/**
 * Whether the process that published `connection` still serves the data directory: it lives
 * and holds the directory's lock. A file left by a store that was killed is not live (its
 * process is gone, or the pid now belongs to another process that holds no lock there).
 */
export function isLive(dataDir: string, connection: PublishedConnection): boolean {
  return liveLockOwner(dataDir) === connection.pid;
}
