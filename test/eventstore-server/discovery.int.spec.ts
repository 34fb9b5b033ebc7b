/**
 * Cluster-style connections and feature discovery. With esdb+discover:// the client first
 * calls Gossip.Read on the seed, picks the alive Leader and dials its http_end_point; it calls
 * ServerFeatures.GetSupportedMethods once per channel to decide whether BatchAppend exists
 * (Grpc/Gossip.Read.cs, Grpc/ServerFeatures.cs).
 */
import { credentials, type ServiceError } from '@grpc/grpc-js';
import { GossipClient } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { MemberInfo, type ClusterInfo } from '@eventstore/db-client/generated/gossip_pb';
import { ServerFeaturesClient } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import type { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { numberedEvents, readStreamEvents, revisionsOf, streamName, useServer } from './harness';

const env = useServer();

function unary<T>(
  call: (callback: (error: ServiceError | null, response: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) =>
    call((error, response) => (error ? reject(error) : resolve(response))),
  );
}

describe('gossip discovery', () => {
  it('given an esdb+discover connection string, when appending and reading, then the client finds the leader and works', async () => {
    const client = env.newClient(`esdb+discover://127.0.0.1:${env.server.port}?tls=false`);
    const stream = streamName('discover');

    const result = await client.appendToStream(stream, numberedEvents(3));

    expect(result.nextExpectedRevision).toBe(2n);
    expect(revisionsOf(await readStreamEvents(client, stream))).toEqual([0n, 1n, 2n]);
  });

  it('given a server, when calling Gossip.Read, then it reports itself as the one alive leader with its own endpoint', async () => {
    const gossip = new GossipClient(`127.0.0.1:${env.server.port}`, credentials.createInsecure());
    try {
      const info = await unary<ClusterInfo>((cb) => gossip.read(new Empty(), cb));

      const members = info.getMembersList();
      expect(members).toHaveLength(1);
      expect(members[0].getIsAlive()).toBe(true);
      expect(members[0].getState()).toBe(MemberInfo.VNodeState.LEADER);
      expect(members[0].getHttpEndPoint()?.getAddress()).toBe('127.0.0.1');
      expect(members[0].getHttpEndPoint()?.getPort()).toBe(env.server.port);
      expect(members[0].getInstanceId()).toBeDefined();
    } finally {
      gossip.close();
    }
  });
});

describe('server features', () => {
  it('given a server, when calling GetSupportedMethods, then it advertises the Streams methods, BatchAppend with deadline_duration, and a 24.10 version', async () => {
    const features = new ServerFeaturesClient(
      `127.0.0.1:${env.server.port}`,
      credentials.createInsecure(),
    );
    try {
      const supported = await unary<SupportedMethods>((cb) =>
        features.getSupportedMethods(new Empty(), cb),
      );

      const methods = supported.getMethodsList().map((m) => ({
        service: m.getServiceName(),
        method: m.getMethodName(),
        features: m.getFeaturesList(),
      }));
      const streams = methods.filter((m) => m.service === 'event_store.client.streams.streams');
      expect(streams.map((m) => m.method).sort()).toEqual([
        'append',
        'batchappend',
        'delete',
        'read',
        'tombstone',
      ]);
      expect(streams.find((m) => m.method === 'batchappend')?.features).toEqual([
        'deadline_duration',
      ]);
      expect(streams.find((m) => m.method === 'read')?.features).toEqual(
        expect.arrayContaining(['position', 'events']),
      );
      expect(supported.getEventStoreServerVersion()).toMatch(/^24\.10\.\d+$/);
    } finally {
      features.close();
    }
  });

  it('given a fresh client, when it first appends, then it has asked for the server features and uses BatchAppend', async () => {
    const getSupportedMethods = jest.spyOn(ServerFeaturesClient.prototype, 'getSupportedMethods');
    const batchAppend = jest.spyOn(StreamsClient.prototype, 'batchAppend');
    try {
      const client = env.newClient();

      await client.appendToStream(streamName('features'), numberedEvents(1));
      await client.appendToStream(streamName('features'), numberedEvents(1));

      expect(getSupportedMethods).toHaveBeenCalledTimes(1);
      expect(batchAppend).toHaveBeenCalled();
    } finally {
      jest.restoreAllMocks();
    }
  });
});
