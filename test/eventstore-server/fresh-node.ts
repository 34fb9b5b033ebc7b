/**
 * What a fresh EventStoreDB 24.10 node holds before any client writes, in `$all` order: stream
 * and event type. Shared by both clients' suites (no client is loaded here: the two official
 * clients' protobuf code cannot share a process).
 */
export const FRESH_NODE: ReadonlyArray<readonly [stream: string, type: string]> = [
  ['$epoch-information', '$epoch'],
  ['$$$user-admin', '$metadata'],
  ['$$$user-ops', '$metadata'],
  ['$$$scavenges', '$metadata'],
  ['$user-admin', '$UserCreated'],
  ['$user-ops', '$UserCreated'],
  ['$users', '$User'],
  ['$users', '$User'],
];
