import type { sendUnaryData, ServerReadableStream } from '@grpc/grpc-js';
import { AppendReq, AppendResp } from '@eventstore/db-client/generated/streams_pb';
import { ProtocolError, empty, fillAppendSuccess, streamNameOf } from '../protocol/codec';
import {
  invalidArgument,
  maxAppendSizeExceeded,
  requiredMetadataMissing,
  streamDeleted,
  timeout,
} from '../protocol/errors';
import type { EventLog } from '../storage/event-log';
import { accessDenied } from '../security/call-security';
import type { AppendOutcome, ExpectedRevision, ProposedEvent } from '../storage/stored-event';
import {
  MissingMetadataError,
  expectedRevisionOf,
  sizeOf,
  toProposedEvent,
} from './proposed-events';

export interface WriteSettings {
  maxAppendSize: number;
  /** EventStoreDB's write timeout: how long an append may wait for its commit. */
  writeTimeoutMs: number;
}

/**
 * `Append`: a client stream whose first message is the options and the rest one event
 * each. Nothing is written until the client half-closes; a bad message fails the call at
 * once and changes nothing. A wrong expected version is an OK response, not an error.
 */
export function handleAppend(
  log: EventLog,
  settings: WriteSettings,
  call: ServerReadableStream<AppendReq, AppendResp>,
  callback: sendUnaryData<AppendResp>,
): void {
  let stream: string | undefined;
  let expected: ExpectedRevision | undefined;
  const events: ProposedEvent[] = [];
  let size = 0;
  let done = false;
  const fail = (error: Error) => {
    if (done) return;
    done = true;
    callback(error);
  };

  call.on('data', (req: AppendReq) => {
    if (done) return;
    try {
      if (stream === undefined) {
        const options = req.getOptions();
        if (!options) throw new ProtocolError('The first message of an append must be its options');
        stream = streamNameOf(options.getStreamIdentifier());
        expected = expectedRevisionOf(
          options,
          () => options.getRevision(),
          () => options.hasRevision(),
        );
        return;
      }
      const message = req.getProposedMessage();
      if (!message)
        throw new ProtocolError('After the options an append sends only proposed messages');
      const event = toProposedEvent(message);
      size += sizeOf(event);
      if (size > settings.maxAppendSize) {
        fail(maxAppendSizeExceeded(settings.maxAppendSize));
        return;
      }
      events.push(event);
    } catch (error) {
      if (error instanceof MissingMetadataError) fail(requiredMetadataMissing(error.property));
      else fail(invalidArgument((error as Error).message));
    }
  });

  call.on('end', () => {
    if (done) return;
    if (stream === undefined || expected === undefined) {
      fail(invalidArgument('An append needs its options'));
      return;
    }
    if (call.cancelled) return;
    const name = stream;
    const denied = accessDenied(call, 'write', name);
    if (denied) return fail(denied);
    withTimeout(log.append(name, expected, events), settings.writeTimeoutMs).then(
      (outcome) => {
        if (done) return;
        if (outcome === 'timeout') {
          fail(timeout(`append to '${name}'`));
          return;
        }
        if (outcome.kind === 'deleted') {
          fail(streamDeleted(name));
          return;
        }
        done = true;
        callback(null, appendResponse(outcome, expected!));
      },
      (error: Error) => fail(error),
    );
  });
  call.on('error', () => {
    done = true;
  });
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function appendResponse(
  outcome: Exclude<AppendOutcome, { kind: 'deleted' }>,
  expected: ExpectedRevision,
): AppendResp {
  const resp = new AppendResp();
  if (outcome.kind === 'ok') {
    resp.setSuccess(
      fillAppendSuccess(new AppendResp.Success(), outcome, () => new AppendResp.Position()),
    );
    return resp;
  }
  const wrong = new AppendResp.WrongExpectedVersion();
  if (outcome.actual >= 0) {
    wrong.setCurrentRevision(String(outcome.actual));
    wrong.setCurrentRevision2060(outcome.actual);
  } else {
    wrong.setCurrentNoStream(empty());
    wrong.setNoStream2060(empty());
  }
  if (expected === 'any') {
    wrong.setExpectedAny(empty());
    wrong.setAny2060(empty());
  } else if (expected === 'stream_exists') {
    wrong.setExpectedStreamExists(empty());
    wrong.setStreamExists2060(empty());
  } else if (expected === 'no_stream') {
    // The 20.6 field would carry ulong.MaxValue here, which google-protobuf's number API
    // cannot encode; the client reads only the current fields.
    wrong.setExpectedNoStream(empty());
  } else {
    wrong.setExpectedRevision(String(expected));
    wrong.setExpectedRevision2060(expected);
  }
  resp.setWrongExpectedVersion(wrong);
  return resp;
}
