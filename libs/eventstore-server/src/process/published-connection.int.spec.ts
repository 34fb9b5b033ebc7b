import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EsdbEventStore } from '@hitos/event-store';
import { EmbeddedEventStore } from './embedded-event-store';
import {
  isLive,
  localConnectionString,
  publishConnection,
  publishedConnectionFile,
  readPublishedConnection,
  unpublishConnection,
} from './published-connection';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('the connection a running store publishes in its data directory', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'hitos-published-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is written, owner-only, while the embedded store listens, and removed when it stops', async () => {
    const store = await EmbeddedEventStore.start({
      dataDir,
      host: '127.0.0.1',
      port: 0,
      logger: quiet,
      childOutput: 'stderr',
    });
    try {
      const published = readPublishedConnection(dataDir);
      expect(published).toEqual({ connectionString: store.connectionString, pid: store.pid });
      expect(isLive(dataDir, published!)).toBe(true);
      expect(statSync(publishedConnectionFile(dataDir)).mode & 0o777).toBe(0o600);
      const client = EsdbEventStore.connect(published!.connectionString);
      try {
        await client.ping();
      } finally {
        await client.close();
      }
    } finally {
      await store.stop();
    }
    expect(existsSync(publishedConnectionFile(dataDir))).toBe(false);
  });

  it('stays behind after a SIGKILL: readers must check it', async () => {
    const store = await EmbeddedEventStore.start({
      dataDir,
      host: '127.0.0.1',
      port: 0,
      logger: quiet,
      childOutput: 'stderr',
    });
    process.kill(store.pid, 'SIGKILL');
    await store.whenExited();
    const left = readPublishedConnection(dataDir);
    expect(left?.pid).toBe(store.pid);
    expect(isLive(dataDir, left!)).toBe(false);
    // A live process that holds no lock there (this one) does not make it live either.
    expect(isLive(dataDir, { ...left!, pid: process.pid })).toBe(false);
  });

  it('is left alone by a process that does not own it, and unreadable garbage reads as none', () => {
    publishConnection(dataDir, { connectionString: 'esdb://127.0.0.1:1?tls=false', pid: 4242 });
    unpublishConnection(dataDir, 4243);
    expect(readPublishedConnection(dataDir)).toEqual({
      connectionString: 'esdb://127.0.0.1:1?tls=false',
      pid: 4242,
    });
    unpublishConnection(dataDir, 4242);
    expect(readPublishedConnection(dataDir)).toBeNull();
    writeFileSync(publishedConnectionFile(dataDir), '{"connectionString":"esdb://x:1"');
    expect(readPublishedConnection(dataDir)).toBeNull();
    writeFileSync(publishedConnectionFile(dataDir), '{"connectionString":"http://x","pid":1}');
    expect(readPublishedConnection(dataDir)).toBeNull();
  });

  it('names a loopback address for a server bound to every interface', () => {
    expect(localConnectionString('0.0.0.0', 2113)).toBe('esdb://127.0.0.1:2113?tls=false');
    expect(localConnectionString('::', 2113)).toBe('esdb://[::1]:2113?tls=false');
    expect(localConnectionString('127.0.0.1', 5)).toBe('esdb://127.0.0.1:5?tls=false');
    expect(localConnectionString('0.0.0.0', 5, 'tls=true&tlsCAFile=/c/ca.crt')).toBe(
      'esdb://127.0.0.1:5?tls=true&tlsCAFile=/c/ca.crt',
    );
  });
});
