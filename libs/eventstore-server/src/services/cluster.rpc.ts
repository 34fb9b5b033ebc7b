import { randomUUID } from 'node:crypto';
import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { Empty, UUID } from '@eventstore/db-client/generated/shared_pb';
import {
  SupportedMethod,
  SupportedMethods,
} from '@eventstore/db-client/generated/serverfeatures_pb';
import { ClusterInfo, EndPoint, MemberInfo } from '@eventstore/db-client/generated/gossip_pb';
import { ticksOf } from '../protocol/codec';

/** The version we answer as: the EventStoreDB release whose behaviour this server follows. */
export const SERVER_VERSION = '24.10.4';

const STREAMS = 'event_store.client.streams.streams';
const PERSISTENT = 'event_store.client.persistent_subscriptions.persistentsubscriptions';
/** EventStoreDB gives every PersistentSubscriptions method both features (ServerFeatures.cs). */
const BOTH = ['stream', 'all'];

/** What is implemented, named as EventStoreDB names it (lower-cased), with its features. */
const METHODS: Array<[service: string, method: string, features: string[]]> = [
  [STREAMS, 'read', ['position', 'events']],
  [STREAMS, 'append', []],
  [STREAMS, 'batchappend', ['deadline_duration']],
  [STREAMS, 'delete', []],
  [STREAMS, 'tombstone', []],
  [PERSISTENT, 'create', BOTH],
  [PERSISTENT, 'update', BOTH],
  [PERSISTENT, 'delete', BOTH],
  [PERSISTENT, 'read', BOTH],
  [PERSISTENT, 'getinfo', BOTH],
  [PERSISTENT, 'replayparked', BOTH],
  [PERSISTENT, 'list', BOTH],
  [PERSISTENT, 'restartsubsystem', BOTH],
  ['event_store.client.gossip.gossip', 'read', []],
  // KurrentDB 25.1: what @kurrent/kurrentdb-client checks before a multi-stream append.
  ['kurrentdb.protocol.v2.streams.streamsservice', 'appendsession', []],
  // KurrentDB 26.1: the gate of the same client's appendRecords.
  ['kurrentdb.protocol.v2.streams.streamsservice', 'appendrecords', []],
  ['event_store.client.server_features.serverfeatures', 'getsupportedmethods', []],
];

export function handleGetSupportedMethods(
  _call: ServerUnaryCall<Empty, SupportedMethods>,
  callback: sendUnaryData<SupportedMethods>,
): void {
  const resp = new SupportedMethods();
  resp.setEventStoreServerVersion(SERVER_VERSION);
  resp.setMethodsList(
    METHODS.map(([service, method, features]) => {
      const m = new SupportedMethod();
      m.setServiceName(service);
      m.setMethodName(method);
      m.setFeaturesList(features);
      return m;
    }),
  );
  callback(null, resp);
}

/** A cluster of one: this node, alive, leader — so `esdb+discover://` connection strings work. */
export function gossipHandler(advertise: () => { host: string; port: number }) {
  const instanceId = randomUUID();
  return (
    _call: ServerUnaryCall<Empty, ClusterInfo>,
    callback: sendUnaryData<ClusterInfo>,
  ): void => {
    const { host, port } = advertise();
    const endpoint = new EndPoint();
    endpoint.setAddress(host);
    endpoint.setPort(port);
    const id = new UUID();
    id.setString(instanceId);
    const member = new MemberInfo();
    member.setInstanceId(id);
    member.setTimeStamp(ticksOf(Date.now()));
    member.setState(MemberInfo.VNodeState.LEADER);
    member.setIsAlive(true);
    member.setHttpEndPoint(endpoint);
    const info = new ClusterInfo();
    info.setMembersList([member]);
    callback(null, info);
  };
}
