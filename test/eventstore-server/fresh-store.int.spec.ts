/**
 * A fresh store holds what a new EventStoreDB 24.10 node writes at its first start: its epoch,
 * then the default users admin and ops (their streams' ACLs, `$UserCreated`, `$users`) and the
 * scavenges' metadata — once, in one write, and never again on a store that has them. A store
 * made before hitos wrote them gets them at its next start, after what it holds; a configured
 * password the stored user lacks is set with a `$UserUpdated`.
 */
import { randomUUID } from 'node:crypto';
import { hashPassword, verifyPassword } from '@hitos/eventstore-server';
import {
  jsonEvent,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
} from '@hitos/event-store/esdb-client';
import { EventLog } from '../../libs/eventstore-server/src/storage/event-log';
import {
  SubscriptionRecorder,
  connect,
  makeDataDir,
  numberedEvents,
  readAllEvents,
  readStreamEvents,
  removeDataDir,
  startServer,
} from './harness';
import { FRESH_NODE } from './fresh-node';

const streamsAndTypes = (events: AllStreamResolvedEvent[]) =>
  events.map((e) => [e.event!.streamId, e.event!.type]);
/** A binary event's bytes as text; a JSON event's data as the client parsed it, re-serialised. */
const text = (e: AllStreamResolvedEvent) =>
  e.event!.isJson
    ? JSON.stringify(e.event!.data)
    : Buffer.from(e.event!.data as Uint8Array).toString('utf8');

interface UserRecord {
  loginName: string;
  fullName: string;
  groups: string[];
  hash: string;
  salt: string;
  disabled?: boolean;
}

async function withServer<T>(
  dataDir: string,
  options: Parameters<typeof startServer>[1],
  body: (client: EventStoreDBClient) => Promise<T>,
): Promise<T> {
  const server = await startServer(dataDir, options);
  const client = connect(server.connectionString);
  try {
    return await body(client);
  } finally {
    await client.dispose();
    await server.stop();
  }
}

describe('a fresh store', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await makeDataDir();
  });
  afterEach(async () => {
    await removeDataDir(dataDir);
  });

  it("holds a fresh 24.10 node's system events, in its order, with its data", async () => {
    await withServer(dataDir, {}, async (client) => {
      const all = await readAllEvents(client);
      expect(streamsAndTypes(all)).toEqual(FRESH_NODE);

      const [, adminAcl, opsAcl, scavenges, admin, ops, usersAdmin, usersOps] = all;
      for (const acl of [adminAcl, opsAcl]) {
        expect(acl.event!.isJson).toBe(true);
        expect(text(acl)).toBe('{"$acl":{"$w":"$admins","$d":"$admins","$mw":"$admins"}}');
      }
      expect(text(scavenges)).toBe(
        '{"$maxAge":2592000,"$acl":{"$r":"$ops","$w":[],"$d":[],"$mr":[],"$mw":[]}}',
      );
      const adminData = admin.event!.data as unknown as UserRecord;
      expect(adminData).toEqual({
        loginName: 'admin',
        fullName: 'Event Store Administrator',
        groups: ['$admins'],
        hash: expect.any(String),
        salt: expect.any(String),
      });
      expect(verifyPassword('changeit', adminData)).toBe(true);
      expect(verifyPassword('changeIt', adminData)).toBe(false);
      const opsData = ops.event!.data as unknown as UserRecord;
      expect(opsData).toMatchObject({
        loginName: 'ops',
        fullName: 'Event Store Operations',
        groups: ['$ops'],
      });
      expect(verifyPassword('changeit', opsData)).toBe(true);
      expect(opsData.salt).not.toBe(adminData.salt);
      expect([usersAdmin, usersOps].map((e) => [e.event!.isJson, text(e)])).toEqual([
        [false, 'admin'],
        [false, 'ops'],
      ]);
      // The user streams' ACL is their metadata, as the client reads it.
      const { metadata } = await client.getStreamMetadata('$user-admin');
      expect(metadata?.acl).toEqual({
        writeRoles: '$admins',
        deleteRoles: '$admins',
        metaWriteRoles: '$admins',
      });
    });
    // The bytes as stored: Newtonsoft's indented JSON for users, `disabled` left out while false.
    const log = await EventLog.open({ dataDir });
    try {
      const admin = log.eventAt('$user-admin', 0)!;
      const data = JSON.parse(admin.data.toString('utf8')) as UserRecord;
      expect(admin.data.toString('utf8')).toBe(JSON.stringify(data, null, 2));
      expect(admin.data.toString('utf8')).toContain('\n  "groups": [\n    "$admins"\n  ],\n');
      expect(log.eventAt('$$$user-ops', 0)!.data.toString('utf8')).toBe(
        '{"$acl":{"$w":"$admins","$d":"$admins","$mw":"$admins"}}',
      );
    } finally {
      await log.close();
    }
  });

  it('shows them to a subscription to $all from the start, as the official suite counts', async () => {
    await withServer(dataDir, {}, async (client) => {
      await client.appendToStream('stream_name_a', numberedEvents(4));
      await client.appendToStream('stream_name_b', numberedEvents(4));
      const recorder = new SubscriptionRecorder<AllStreamResolvedEvent>(client.subscribeToAll());
      await client.appendToStream('stream_name_a', [
        ...numberedEvents(3),
        jsonEvent({ id: randomUUID(), type: 'from-start-finish', data: {} }),
      ]);
      await recorder.waitForEvents(7 + 12);
      await recorder.stop();
      const events = recorder.events;
      const filtered = events.filter((e) => !e.event!.type.startsWith('$'));
      // subscribeToAll.test.ts "from start": 8 set-up events and 4 after, plus system events.
      expect(filtered).toHaveLength(12);
      expect(events.length).toBeGreaterThan(12);
      // The epoch is kept out of subscriptions, as EventStoreDB does.
      expect(streamsAndTypes(events.slice(0, 7))).toEqual(FRESH_NODE.slice(1));
    });
  });

  it('writes them once: a restart adds only its epoch', async () => {
    await withServer(dataDir, {}, async () => undefined);
    await withServer(dataDir, {}, async (client) => {
      const all = await readAllEvents(client);
      expect(streamsAndTypes(all)).toEqual([...FRESH_NODE, ['$epoch-information', '$epoch']]);
    });
  });

  it('adds them after what a store made before them holds, at its next start', async () => {
    const log = await EventLog.open({ dataDir });
    await log.writeEpoch();
    await log.append('commitment-1', 'no_stream', [
      {
        id: randomUUID(),
        type: 'CommitmentDrafted',
        isJson: true,
        data: Buffer.from('{"n":1}'),
        metadata: Buffer.alloc(0),
      },
    ]);
    await log.close();
    await withServer(dataDir, {}, async (client) => {
      const all = await readAllEvents(client);
      expect(streamsAndTypes(all)).toEqual([
        ['$epoch-information', '$epoch'],
        ['commitment-1', 'CommitmentDrafted'],
        ['$epoch-information', '$epoch'],
        ...FRESH_NODE.slice(1),
      ]);
    });
  });

  it('sets a configured password the stored user lacks, once, with a $UserUpdated', async () => {
    const options = { auth: { enabled: false, adminPassword: 's3cret-admin' } };
    await withServer(dataDir, options, async (client) => {
      const [created] = await readStreamEvents(client, '$user-admin');
      expect(created.event!.type).toBe('$UserCreated');
      expect(verifyPassword('s3cret-admin', created.event!.data as unknown as UserRecord)).toBe(
        true,
      );
      const [ops] = await readStreamEvents(client, '$user-ops');
      expect(verifyPassword('changeit', ops.event!.data as unknown as UserRecord)).toBe(true);
    });
    await withServer(
      dataDir,
      { auth: { enabled: false, adminPassword: 'n3w' } },
      async () => undefined,
    );
    await withServer(
      dataDir,
      { auth: { enabled: false, adminPassword: 'n3w' } },
      async (client) => {
        const events = await readStreamEvents(client, '$user-admin');
        expect(events.map((e) => e.event!.type)).toEqual(['$UserCreated', '$UserUpdated']);
        const updated = events[1].event!.data as unknown as UserRecord;
        expect(updated).toMatchObject({ loginName: 'admin', groups: ['$admins'] });
        expect(verifyPassword('n3w', updated)).toBe(true);
        expect(verifyPassword('s3cret-admin', updated)).toBe(false);
      },
    );
  });
});

describe('the password hash', () => {
  it("is EventStoreDB's PBKDF2-SHA1 (1000 iterations, 20 bytes) over a 16-byte salt", () => {
    // A vector computed apart from this code (Python's hashlib.pbkdf2_hmac): PBKDF2-HMAC-SHA1("changeit", 16 zero bytes, 1000, 20).
    const salt = Buffer.alloc(16);
    const { hash } = hashPassword('changeit', salt);
    expect(hash).toBe(PBKDF2_CHANGEIT_ZERO_SALT);
    expect(Buffer.from(hash, 'base64')).toHaveLength(20);
    expect(verifyPassword('changeit', { hash, salt: salt.toString('base64') })).toBe(true);
  });
});

const PBKDF2_CHANGEIT_ZERO_SALT = 'abnCssWRzrjzQi9J+o3EPyeOuoY=';
