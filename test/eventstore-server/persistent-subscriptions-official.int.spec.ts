/**
 * Differences from EventStoreDB 24.10 found by running the official client's own persistent
 * subscription suite (EventStore-Client-NodeJS v6.2.1, packages/test/src/persistentSubscription)
 * for real against the embedded server, each kept here as a regression test:
 *
 * - a connection's `username` in GetInfo / List is the caller's name, as 24.10 records it
 *   (`ClaimsPrincipal.Identity.Name`): the login on a secure node, `system` on a node without
 *   authentication (24.10's insecure mode authenticates every call as the system account).
 *   It was always `anonymous`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  START,
  persistentSubscriptionToStreamSettingsFromDefaults,
  type EventStoreDBClient,
  type PersistentSubscriptionToStream,
} from '@hitos/event-store/esdb-client';
import { eventually, numberedEvents, streamName, useServer, type ServerOptions } from './harness';
import { makeCertificates } from './tls-certs';

/** Subscribes to a new group on a new stream of 3 events, and acks the 3 of them. */
async function subscribedGroup(
  client: EventStoreDBClient,
): Promise<{ stream: string; subscription: PersistentSubscriptionToStream }> {
  const stream = streamName('ps_user');
  await client.createPersistentSubscriptionToStream(
    stream,
    'g',
    persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START }),
  );
  await client.appendToStream(stream, numberedEvents(3));
  const subscription = client.subscribeToPersistentSubscriptionToStream(stream, 'g');
  let acked = 0;
  for await (const event of subscription) {
    await subscription.ack(event);
    if (++acked === 3) break;
  }
  return { stream, subscription };
}

/** The user names GetInfo and List give for the group's connections, once it has one. */
async function connectionUsers(client: EventStoreDBClient, stream: string) {
  const info = await eventually(
    () => client.getPersistentSubscriptionToStreamInfo(stream, 'g'),
    (i) => i.connections.length === 1,
    'a connection',
  );
  const listed = (await client.listAllPersistentSubscriptions()).find(
    (s) => s.eventSource === stream,
  );
  return {
    info: info.connections.map((c) => c.username),
    list: listed?.connections.map((c) => c.username),
  };
}

describe('given a secure node (TLS, authentication on)', () => {
  const certDir = mkdtempSync(join(tmpdir(), 'hitos-ps-official-'));
  const options: ServerOptions = { auth: { enabled: true } };
  beforeAll(() => {
    options.tls = makeCertificates(certDir);
  });
  afterAll(() => rmSync(certDir, { recursive: true, force: true }));
  const env = useServer(options);

  it('when admin consumes a group, then GetInfo and List name admin as the connection user', async () => {
    const admin = env.newClient(
      env.server.connectionString.replace('esdb://', 'esdb://admin:changeit@'),
    );
    const { stream, subscription } = await subscribedGroup(admin);
    try {
      expect(await connectionUsers(admin, stream)).toEqual({ info: ['admin'], list: ['admin'] });
    } finally {
      await subscription.unsubscribe();
    }
  });
});

describe('given a node without authentication', () => {
  const env = useServer();

  it('when a client consumes a group, then its connection user is system', async () => {
    const { stream, subscription } = await subscribedGroup(env.client);
    try {
      expect(await connectionUsers(env.client, stream)).toEqual({
        info: ['system'],
        list: ['system'],
      });
    } finally {
      await subscription.unsubscribe();
    }
  });
});
