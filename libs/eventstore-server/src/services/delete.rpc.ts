import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import {
  DeleteReq,
  DeleteResp,
  TombstoneReq,
  TombstoneResp,
} from '@eventstore/db-client/generated/streams_pb';
import { atPosition, streamNameOf } from '../protocol/codec';
import { invalidArgument, streamDeleted, timeout, wrongExpectedVersion } from '../protocol/errors';
import type { EventLog } from '../storage/event-log';
import { accessDenied } from '../security/call-security';
import type { DeleteOutcome, ExpectedRevision } from '../storage/stored-event';
import { withTimeout, type WriteSettings } from './append.rpc';
import { expectedRevisionOf, wireExpected } from './proposed-events';

type DeleteOptions = DeleteReq.Options | TombstoneReq.Options;

function parse(options: DeleteOptions | undefined): { stream: string; expected: ExpectedRevision } {
  if (!options) throw new Error('options are required');
  return {
    stream: streamNameOf(options.getStreamIdentifier()),
    expected: expectedRevisionOf(
      options,
      () => options.getRevision(),
      () => options.hasRevision(),
    ),
  };
}

/** Delete (soft) and Tombstone (hard) share their shape; a wrong expected version is a status here. */
function handle<Resp extends DeleteResp | TombstoneResp>(
  operation: 'Delete' | 'Tombstone',
  run: (stream: string, expected: ExpectedRevision) => Promise<DeleteOutcome>,
  settings: WriteSettings,
  options: DeleteOptions | undefined,
  call: object,
  makeResponse: (position: number) => Resp,
  callback: sendUnaryData<Resp>,
): void {
  let request: { stream: string; expected: ExpectedRevision };
  try {
    request = parse(options);
  } catch (error) {
    callback(invalidArgument((error as Error).message));
    return;
  }
  const { stream, expected } = request;
  const denied = accessDenied(call, 'delete', stream);
  if (denied) return callback(denied);
  withTimeout(run(stream, expected), settings.writeTimeoutMs).then(
    (outcome) => {
      if (outcome === 'timeout') callback(timeout(`${operation.toLowerCase()} of '${stream}'`));
      else if (outcome.kind === 'deleted') callback(streamDeleted(stream));
      else if (outcome.kind === 'wrong-expected-version')
        callback(wrongExpectedVersion(operation, stream, wireExpected(expected), outcome.actual));
      else callback(null, makeResponse(outcome.position));
    },
    (error: Error) => callback(error),
  );
}

export function handleDelete(
  log: EventLog,
  settings: WriteSettings,
  call: ServerUnaryCall<DeleteReq, DeleteResp>,
  callback: sendUnaryData<DeleteResp>,
): void {
  handle(
    'Delete',
    (s, e) => log.softDelete(s, e),
    settings,
    call.request.getOptions(),
    call,
    (at) => {
      const resp = new DeleteResp();
      resp.setPosition(atPosition(new DeleteResp.Position(), at));
      return resp;
    },
    callback,
  );
}

export function handleTombstone(
  log: EventLog,
  settings: WriteSettings,
  call: ServerUnaryCall<TombstoneReq, TombstoneResp>,
  callback: sendUnaryData<TombstoneResp>,
): void {
  handle(
    'Tombstone',
    (s, e) => log.tombstone(s, e),
    settings,
    call.request.getOptions(),
    call,
    (at) => {
      const resp = new TombstoneResp();
      resp.setPosition(atPosition(new TombstoneResp.Position(), at));
      return resp;
    },
    callback,
  );
}
