import { Metadata, status as Status, type ServiceError } from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import type { Message } from 'google-protobuf';
import { Status as RpcStatus } from '@eventstore/db-client/generated/status_pb';

/**
 * Errors exactly as EventStoreDB signals them (RpcExceptions.cs): a status code plus an
 * `exception` trailer with named fields, which the official client turns into its typed errors.
 */
export function rpcError(
  code: Status,
  details: string,
  trailers: Record<string, string> = {},
): ServiceError {
  const metadata = new Metadata();
  for (const [k, v] of Object.entries(trailers)) metadata.set(k, asciiTrailer(v));
  return Object.assign(new Error(details), { code, details, metadata }) as ServiceError;
}

/**
 * gRPC refuses a trailer value outside printable ASCII (grpc-js throws, and an error built in
 * the middle of a shutdown would take the server down with it): other characters are
 * percent-encoded, as in a URI. A stream named in Korean is then named in its UTF-8 escapes.
 */
function asciiTrailer(value: string): string {
  return /^[\x20-\x7e]*$/.test(value)
    ? value
    : value.replace(/[^\x20-\x7e]+/g, (run) =>
        [...Buffer.from(run, 'utf8')]
          .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
          .join(''),
      );
}

export const streamDeleted = (stream: string) =>
  rpcError(Status.FAILED_PRECONDITION, `Event stream '${stream}' is deleted.`, {
    exception: 'stream-deleted',
    'stream-name': stream,
  });

export const wrongExpectedVersion = (
  operation: string,
  stream: string,
  expected: bigint | number,
  actual: bigint | number | undefined,
) =>
  rpcError(
    Status.FAILED_PRECONDITION,
    `${operation} failed due to WrongExpectedVersion. Stream: ${stream}, Expected version: ${expected}, Actual version: ${actual ?? ''}`,
    {
      exception: 'wrong-expected-version',
      'stream-name': stream,
      'expected-version': String(expected),
      'actual-version': actual === undefined ? '' : String(actual),
    },
  );

export const maxAppendSizeExceeded = (max: number) =>
  rpcError(Status.INVALID_ARGUMENT, `Maximum Append Size of ${max} Exceeded.`, {
    exception: 'maximum-append-size-exceeded',
    'maximum-append-size': String(max),
  });

export const requiredMetadataMissing = (property: string) =>
  rpcError(Status.INVALID_ARGUMENT, `Required Metadata Property '${property}' is missing`, {
    exception: 'missing-required-metadata-property',
    'required-metadata-properties': 'type,content-type',
  });

export const invalidArgument = (message: string) => rpcError(Status.INVALID_ARGUMENT, message);

export const timeout = (message: string) =>
  rpcError(Status.ABORTED, `Operation timed out: ${message}`);

/** A `google.rpc.Status` whose details pack one of EventStoreDB's error messages (BatchAppend). */
export function packedStatus(
  code: Status,
  message: string,
  detail: Message,
  typeName: string,
): RpcStatus {
  const any = new Any();
  any.pack(detail.serializeBinary(), `event_store.client.${typeName}`);
  const st = new RpcStatus();
  st.setCode(code as number);
  st.setMessage(message);
  st.setDetails(any);
  return st;
}

// ---------------------------------------------------------------- persistent subscriptions

const groupTrailers = (exception: string, stream: string, group: string) => ({
  exception,
  'stream-name': stream,
  'group-name': group,
});

export const persistentSubscriptionExists = (stream: string, group: string) =>
  rpcError(
    Status.ALREADY_EXISTS,
    `Subscription group ${group} on stream ${stream} exists.`,
    groupTrailers('persistent-subscription-exists', stream, group),
  );

export const persistentSubscriptionNotFound = (stream: string, group: string) =>
  rpcError(
    Status.NOT_FOUND,
    `Subscription group ${group} on stream ${stream} does not exist.`,
    groupTrailers('persistent-subscription-does-not-exist', stream, group),
  );

export const persistentSubscriptionFailed = (stream: string, group: string, reason: string) =>
  rpcError(Status.INTERNAL, `Subscription group ${group} on stream ${stream} failed: '${reason}'`, {
    ...groupTrailers('persistent-subscription-failed', stream, group),
    reason,
  });

export const maximumSubscribersReached = (stream: string, group: string) =>
  rpcError(
    Status.FAILED_PRECONDITION,
    `Maximum subscriptions reached for subscription group ${group} on stream ${stream}.`,
    groupTrailers('maximum-subscribers-reached', stream, group),
  );

export const persistentSubscriptionDropped = (stream: string, group: string) =>
  rpcError(
    Status.CANCELLED,
    `Subscription group ${group} on stream ${stream} was dropped.`,
    groupTrailers('persistent-subscription-dropped', stream, group),
  );
