/**
 * Optional security, as an EventStoreDB 24.10 node in secure mode: TLS from a certificate and
 * key given by configuration (`esdb://…?tls=true&tlsCAFile=…`), basic authentication of every
 * call against the users' streams, and stream ACLs (`$acl` in stream metadata, `$settings`,
 * the defaults: user streams for every user, system streams for `$admins`). Through the
 * official client over real gRPC with a throwaway CA made by openssl.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EmbeddedEventStore,
  hashPassword,
  type RunningEventStoreServer,
} from '@hitos/eventstore-server';
import {
  AccessDeniedError,
  EventStoreDBClient,
  StreamNotFoundError,
  jsonEvent,
  type AllStreamResolvedEvent,
} from '@hitos/event-store/esdb-client';
import {
  SubscriptionRecorder,
  expectRejection,
  makeDataDir,
  numberedEvents,
  readAllEvents,
  readStreamEvents,
  removeDataDir,
  startServer,
  streamName,
} from './harness';
import { makeCertificates, type ThrowawayCertificates } from './tls-certs';

let certDir: string;
let certs: ThrowawayCertificates;
beforeAll(() => {
  certDir = mkdtempSync(join(tmpdir(), 'hitos-esdb-tls-'));
  certs = makeCertificates(certDir);
});
afterAll(() => rmSync(certDir, { recursive: true, force: true }));

const clients: EventStoreDBClient[] = [];
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.dispose()));
});

/** A client over TLS, trusting the throwaway CA, as `login:password` or anonymous. */
function client(server: RunningEventStoreServer, credentials?: string): EventStoreDBClient {
  const user = credentials ? `${credentials}@` : '';
  const c = EventStoreDBClient.connectionString(
    `esdb://${user}localhost:${server.port}?tls=true&tlsCAFile=${certs.caFile}`,
  );
  clients.push(c);
  return c;
}

describe('TLS', () => {
  let dataDir: string;
  let server: RunningEventStoreServer;
  beforeAll(async () => {
    dataDir = await makeDataDir();
    server = await startServer(dataDir, { tls: certs });
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(dataDir);
  });

  it('serves a client that verifies it with tlsCAFile: append and read', async () => {
    expect(server.connectionString).toBe(
      `esdb://127.0.0.1:${server.port}?tls=true&tlsCAFile=${certs.caFile}`,
    );
    const stream = streamName('tls');
    const tlsClient = client(server);
    await tlsClient.appendToStream(stream, numberedEvents(3));
    const events = await readStreamEvents(tlsClient, stream);
    expect(events.map((e) => e.event!.data)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
    // The connection string it prints works as it is.
    const printed = EventStoreDBClient.connectionString(server.connectionString);
    clients.push(printed);
    expect(await readStreamEvents(printed, stream)).toHaveLength(3);
  });
});

describe('the launcher (a child process, as the API starts it)', () => {
  it('passes TLS and authentication on to its child: the store it starts is secured', async () => {
    const dataDir = await makeDataDir();
    const store = await EmbeddedEventStore.start({
      dataDir,
      host: '127.0.0.1',
      port: 0,
      tls: certs,
      auth: { enabled: true },
      childOutput: 'errors',
    });
    try {
      expect(store.connectionString).toMatch(/\?tls=true&tlsCAFile=/);
      const url = (user: string) =>
        `esdb://${user}localhost:${new URL(store.connectionString.replace('esdb:', 'http:')).port}?tls=true&tlsCAFile=${certs.caFile}`;
      const anonymous = EventStoreDBClient.connectionString(url(''));
      const admin = EventStoreDBClient.connectionString(url('admin:changeit@'));
      clients.push(anonymous, admin);
      const stream = streamName('launched');
      await expect(anonymous.appendToStream(stream, numberedEvents(1))).rejects.toThrow();
      await admin.appendToStream(stream, numberedEvents(1));
      expect(await readStreamEvents(admin, stream)).toHaveLength(1);
    } finally {
      await store.stop();
      await removeDataDir(dataDir);
    }
  });
});

describe('authentication and ACLs', () => {
  let dataDir: string;
  let server: RunningEventStoreServer;
  let admin: EventStoreDBClient;
  beforeAll(async () => {
    dataDir = await makeDataDir();
    server = await startServer(dataDir, {
      tls: certs,
      auth: { enabled: true, opsPassword: 'ops-secret' },
    });
    admin = client(server, 'admin:changeit');
    // Another user, made as EventStoreDB's user management makes one: its $UserCreated.
    await admin.appendToStream('$user-bob', [
      jsonEvent({
        id: randomUUID(),
        type: '$UserCreated',
        data: { loginName: 'bob', fullName: 'Bob', groups: ['readers'], ...hashPassword('b0b') },
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.allSettled(clients.splice(0).map((c) => c.dispose()));
    await server.stop();
    await removeDataDir(dataDir);
  });

  it('refuses stream access without credentials, and any call with a wrong password or user', async () => {
    const stream = streamName('guarded');
    await admin.appendToStream(stream, numberedEvents(1));
    const anonymous = client(server);
    await expectRejection(anonymous.appendToStream(stream, numberedEvents(1)), AccessDeniedError);
    await expectRejection(readStreamEvents(anonymous, stream), AccessDeniedError);
    for (const wrong of ['admin:changeIt', 'ops:changeit', 'nobody:changeit']) {
      const refused = client(server, wrong);
      await expectRejection(readStreamEvents(refused, stream), AccessDeniedError);
      await expectRejection(refused.appendToStream(stream, numberedEvents(1)), AccessDeniedError);
    }
    // Per-call credentials (the client then uses Append, not BatchAppend) are checked the same.
    await expectRejection(
      admin.appendToStream(stream, numberedEvents(1), {
        credentials: { username: 'AzureDiamond', password: 'hunter2' },
      }),
      AccessDeniedError,
    );
    expect(await readStreamEvents(admin, stream)).toHaveLength(1);
  });

  it('lets admin do anything it may: append, read, $all, system streams, delete', async () => {
    const stream = streamName('admin');
    await admin.appendToStream(stream, numberedEvents(2));
    expect(await readStreamEvents(admin, stream)).toHaveLength(2);
    const all = await readAllEvents(admin, { maxCount: 8 });
    expect(all.map((e) => e.event!.streamId)).toContain('$user-ops');
    expect(await readStreamEvents(admin, '$users')).toHaveLength(2);
    await admin.deleteStream(stream);
  });

  it('gives ops the password configured for it, user streams, and no system stream or $all', async () => {
    const ops = client(server, 'ops:ops-secret');
    const stream = streamName('ops');
    await ops.appendToStream(stream, numberedEvents(1));
    expect(await readStreamEvents(ops, stream)).toHaveLength(1);
    await expectRejection(readAllEvents(ops, { maxCount: 1 }), AccessDeniedError);
    await expectRejection(readStreamEvents(ops, '$user-admin'), AccessDeniedError);
    const recorder = new SubscriptionRecorder<AllStreamResolvedEvent>(ops.subscribeToAll());
    expect(await recorder.waitForError()).toBeInstanceOf(AccessDeniedError);
    // `$scavenges` is readable by `$ops` through its own ACL (nothing is in it yet), not by others.
    await expectRejection(readStreamEvents(ops, '$scavenges'), StreamNotFoundError);
    const bob = client(server, 'bob:b0b');
    await expectRejection(readStreamEvents(bob, '$scavenges'), AccessDeniedError);
  });

  it("enforces a stream's $acl: read by the roles it names, by login or group", async () => {
    const stream = streamName('acl');
    await admin.appendToStream(stream, numberedEvents(2));
    await admin.setStreamMetadata(stream, { acl: { readRoles: ['ops'], writeRoles: ['readers'] } });
    const ops = client(server, 'ops:ops-secret');
    const bob = client(server, 'bob:b0b');
    expect(await readStreamEvents(ops, stream)).toHaveLength(2);
    await expectRejection(readStreamEvents(bob, stream), AccessDeniedError);
    // Writes go by `$w`: bob's group may, ops may not (BatchAppend and Append alike).
    await bob.appendToStream(stream, numberedEvents(1));
    await expectRejection(ops.appendToStream(stream, numberedEvents(1)), AccessDeniedError);
    await expectRejection(
      admin.appendToStream(stream, numberedEvents(1), {
        credentials: { username: 'ops', password: 'ops-secret' },
      }),
      AccessDeniedError,
    );
    // Metadata is read and written under `$mr` / `$mw` (default: every user).
    expect((await bob.getStreamMetadata(stream)).metadata?.acl).toEqual({
      readRoles: ['ops'],
      writeRoles: ['readers'],
    });
    // Deletes under `$d`.
    await admin.setStreamMetadata(stream, { acl: { deleteRoles: ['$admins'] } });
    await expectRejection(bob.deleteStream(stream), AccessDeniedError);
    await expectRejection(bob.tombstoneStream(stream), AccessDeniedError);
    expect(await readStreamEvents(admin, stream)).toHaveLength(3);
  });

  it('applies $settings to streams without their own $acl', async () => {
    const stream = streamName('settings');
    await admin.appendToStream(stream, numberedEvents(1));
    const bob = client(server, 'bob:b0b');
    expect(await readStreamEvents(bob, stream)).toHaveLength(1);
    await admin.appendToStream('$settings', [
      jsonEvent({
        id: randomUUID(),
        type: '$settings',
        data: { $userStreamAcl: { $r: '$admins', $w: '$admins' } },
      }),
    ]);
    await expectRejection(readStreamEvents(bob, stream), AccessDeniedError);
    await admin.appendToStream('$settings', [
      jsonEvent({ id: randomUUID(), type: '$settings', data: {} }),
    ]);
    expect(await readStreamEvents(bob, stream)).toHaveLength(1);
  });

  it('takes a $UserUpdated into account at the next call: a new password, a disabled user', async () => {
    const carol = { loginName: 'carol', fullName: 'Carol', groups: [] as string[] };
    const user = (password: string, disabled = false) =>
      jsonEvent({
        id: randomUUID(),
        type: disabled ? '$UserUpdated' : '$UserCreated',
        data: { ...carol, ...hashPassword(password), ...(disabled ? { disabled } : {}) },
      });
    await admin.appendToStream('$user-carol', [user('first')]);
    const stream = streamName('carol');
    const first = client(server, 'carol:first');
    await first.appendToStream(stream, numberedEvents(1));
    await admin.appendToStream('$user-carol', [
      jsonEvent({
        id: randomUUID(),
        type: '$UserUpdated',
        data: { ...carol, ...hashPassword('second') },
      }),
    ]);
    await expectRejection(readStreamEvents(first, stream), AccessDeniedError);
    const second = client(server, 'carol:second');
    expect(await readStreamEvents(second, stream)).toHaveLength(1);
    await admin.appendToStream('$user-carol', [user('second', true)]);
    await expectRejection(readStreamEvents(second, stream), AccessDeniedError);
  });

  it('refuses to start without TLS, or with TLS files it cannot use', async () => {
    const dir = await makeDataDir();
    try {
      await expect(startServer(dir, { auth: { enabled: true } })).rejects.toThrow(
        'authentication needs TLS',
      );
      const missing = join(certDir, 'missing.crt');
      await expect(startServer(dir, { tls: { ...certs, certFile: missing } })).rejects.toThrow(
        `cannot read the TLS certificate ${missing}`,
      );
      await expect(startServer(dir, { tls: { ...certs, keyFile: certs.caFile } })).rejects.toThrow(
        `${certs.caFile} holds no PEM private key`,
      );
    } finally {
      await removeDataDir(dir);
    }
  });
});
