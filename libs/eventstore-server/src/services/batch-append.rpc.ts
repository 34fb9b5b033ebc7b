import { status as Status, type ServerDuplexStream } from '@grpc/grpc-js';
import {
  BadRequest,
  MaximumAppendSizeExceeded,
  StreamDeleted,
  Timeout,
  Unknown,
  WrongExpectedVersion,
} from '@eventstore/db-client/generated/shared_pb';
import { UUID } from '@eventstore/db-client/generated/shared_pb';
import { BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import {
  type BatchAppendOptions,
  type BatchAppendRequest,
  type ProposedMessageBytes,
  type WireExpectation,
  encodeBatchAppendSuccess,
  revisionOf,
} from '../protocol/batch-append-wire';
import { uuidOfBytes } from '../protocol/wire';
import { ProtocolError, empty, streamIdentifier } from '../protocol/codec';
import { packedStatus } from '../protocol/errors';
import type { EventLog } from '../storage/event-log';
import { accessDenied, accessDeniedStatus } from '../security/call-security';
import type { AppendOutcome, ExpectedRevision, ProposedEvent } from '../storage/stored-event';
import type { WriteSettings } from './append.rpc';
import { WriteDeadlines } from './write-deadlines';
import { proposedEventOf, sizeOf } from './proposed-events';

interface PendingBatch {
  correlationId: Buffer;
  stream: string;
  streamName: Buffer;
  expected: ExpectedRevision;
  options: BatchAppendOptions;
  deadline: number; // epoch ms
  events: ProposedEvent[];
  size: number;
  /** Answers Timeout should the last chunk not arrive before the deadline (several chunks only). */
  timer: NodeJS.Timeout | undefined;
}

/**
 * `BatchAppend`: one long-lived bidirectional stream per client carrying many appends,
 * each in one or more chunks under a correlation id. Each correlation id is answered once,
 * in whatever order commits finish; an append's failure is its own answer and never ends
 * the stream.
 */
export function handleBatchAppend(
  log: EventLog,
  settings: WriteSettings,
  call: ServerDuplexStream<BatchAppendRequest, Buffer | BatchAppendResp>,
): void {
  const pending = new Map<string, PendingBatch>();
  const failed = new Set<string>(); // ids already answered with an error; their later chunks are ignored
  let inFlight = 0;
  let clientDone = false;
  const deadlines = new WriteDeadlines();

  const send = (resp: Buffer | BatchAppendResp) => {
    if (!call.cancelled && call.writable) call.write(resp);
  };
  const maybeEnd = () => {
    if (clientDone && inFlight === 0 && pending.size === 0 && call.writable) call.end();
  };

  const answerError = (
    correlationId: Buffer,
    stream: string | undefined,
    options: BatchAppendOptions | undefined,
    status: ReturnType<typeof packedStatus>,
  ) => {
    const resp = new BatchAppendResp();
    resp.setCorrelationId(correlationMessage(correlationId));
    resp.setError(status);
    resp.setStreamIdentifier(streamIdentifier(stream ?? ''));
    copyExpectation(resp, options?.expectation);
    send(resp);
  };

  call.on('data', (req: BatchAppendRequest) => {
    const correlationId = req.correlationId;
    if (!correlationId) {
      call.emit(
        'error',
        Object.assign(new Error('correlation_id is required'), {
          code: Status.INVALID_ARGUMENT,
          details: 'correlation_id is required',
        }),
      );
      return;
    }
    let key: string;
    try {
      key = uuidOfBytes(correlationId);
    } catch (error) {
      answerError(correlationId, undefined, undefined, badRequest((error as Error).message));
      return;
    }
    if (failed.has(key)) {
      if (req.isFinal) failed.delete(key);
      return;
    }
    let batch = pending.get(key);
    try {
      if (!batch) {
        const options = req.options;
        if (!options)
          throw new ProtocolError('The first chunk of an append must carry its options');
        const deadline = options.deadline ?? Date.now() + settings.writeTimeoutMs;
        const streamName = options.streamName;
        if (!streamName) throw new ProtocolError('stream_identifier is required');
        const stream = streamName.toString('utf8');
        if (stream.length === 0) throw new ProtocolError('stream_identifier must not be empty');
        // As EventStoreDB does: the deadline is checked as soon as the options arrive, before
        // anything else about the append, and an append whose chunks are still coming when it
        // passes is answered Timeout; the chunks after either are ignored.
        const remaining = Math.min(deadline - Date.now(), settings.writeTimeoutMs);
        if (remaining <= 0) {
          if (!req.isFinal) failed.add(key);
          answerError(correlationId, stream, options, timeoutStatus());
          return;
        }
        const timer = req.isFinal
          ? undefined
          : setTimeout(() => {
              if (pending.get(key) !== batch) return;
              pending.delete(key);
              failed.add(key);
              answerError(correlationId, stream, options, timeoutStatus());
              maybeEnd();
            }, remaining).unref();
        batch = {
          correlationId,
          stream,
          streamName,
          expected: expectedRevision(options.expectation),
          options,
          deadline,
          events: [],
          size: 0,
          timer,
        };
        // An append in one chunk (nearly all) is committed below, never kept.
        if (!req.isFinal) pending.set(key, batch);
      }
      for (const message of req.messages) {
        const event = proposedEvent(message);
        batch.size += sizeOf(event);
        batch.events.push(event);
      }
      if (batch.size > settings.maxAppendSize) {
        const detail = new MaximumAppendSizeExceeded();
        detail.setMaxappendsize(settings.maxAppendSize);
        throw packedStatus(
          Status.INVALID_ARGUMENT,
          `Maximum Append Size of ${settings.maxAppendSize} Exceeded.`,
          detail,
          'MaximumAppendSizeExceeded',
        );
      }
    } catch (error) {
      if (batch) clearTimeout(batch.timer);
      pending.delete(key);
      if (!req.isFinal) failed.add(key);
      // A missing `type` or `content-type`, a bad id or bad options: the client's request is wrong.
      const status =
        error instanceof Error
          ? badRequest(error.message)
          : (error as ReturnType<typeof packedStatus>);
      answerError(correlationId, batch?.stream, batch?.options ?? req.options, status);
      return;
    }
    if (!req.isFinal) return;
    clearTimeout(batch.timer);
    pending.delete(key);
    commit(batch);
  });

  const commit = (batch: PendingBatch) => {
    if (accessDenied(call, 'write', batch.stream)) {
      answerError(batch.correlationId, batch.stream, batch.options, accessDeniedStatus());
      return;
    }
    const remaining = Math.min(batch.deadline - Date.now(), settings.writeTimeoutMs);
    if (remaining <= 0) {
      answerError(batch.correlationId, batch.stream, batch.options, timeoutStatus());
      return;
    }
    inFlight++;
    const settle = (answer: () => void) => {
      try {
        answer();
      } catch (error) {
        answerUnknown(batch, error);
      } finally {
        inFlight--;
        maybeEnd();
      }
    };
    const watched = deadlines.watch(Date.now() + remaining, () =>
      settle(() => answerError(batch.correlationId, batch.stream, batch.options, timeoutStatus())),
    );
    log.appendThen(
      batch.stream,
      batch.expected,
      batch.events,
      (outcome) => {
        if (deadlines.settle(watched)) settle(() => answerOutcome(batch, outcome));
      },
      (error) => {
        if (deadlines.settle(watched)) settle(() => answerUnknown(batch, error));
      },
    );
  };

  const answerUnknown = (batch: PendingBatch, error: unknown) => {
    const unknown = new Unknown();
    answerError(
      batch.correlationId,
      batch.stream,
      batch.options,
      packedStatus(Status.UNKNOWN, (error as Error).message, unknown, 'Unknown'),
    );
  };

  const answerOutcome = (batch: PendingBatch, outcome: AppendOutcome) => {
    if (outcome.kind === 'deleted') {
      const detail = new StreamDeleted();
      detail.setStreamIdentifier(streamIdentifier(batch.stream));
      answerError(
        batch.correlationId,
        batch.stream,
        batch.options,
        packedStatus(
          Status.NOT_FOUND,
          `Event stream '${batch.stream}' is deleted.`,
          detail,
          'StreamDeleted',
        ),
      );
    } else if (outcome.kind === 'wrong-expected-version') {
      answerError(
        batch.correlationId,
        batch.stream,
        batch.options,
        wrongExpectedVersionStatus(batch.expected, outcome.actual),
      );
    } else {
      send(
        encodeBatchAppendSuccess({
          correlationId: batch.correlationId,
          streamName: batch.streamName,
          expectation: batch.options.expectation,
          revision: outcome.revision,
          position: outcome.position,
        }),
      );
    }
  };

  const forgetPending = () => {
    for (const batch of pending.values()) clearTimeout(batch.timer);
    pending.clear();
  };
  call.on('end', () => {
    clientDone = true;
    maybeEnd();
  });
  call.on('error', () => {
    clientDone = true;
    forgetPending();
  });
  call.on('cancelled', forgetPending);
}

function badRequest(message: string) {
  const detail = new BadRequest();
  detail.setMessage(message);
  return packedStatus(Status.INVALID_ARGUMENT, message, detail, 'BadRequest');
}

function timeoutStatus() {
  return packedStatus(Status.DEADLINE_EXCEEDED, 'Timeout', new Timeout(), 'Timeout');
}

function wrongExpectedVersionStatus(expected: ExpectedRevision, actual: number) {
  const detail = new WrongExpectedVersion();
  if (actual >= 0) detail.setCurrentStreamRevision(String(actual));
  else detail.setCurrentNoStream(empty());
  if (expected === 'any') detail.setExpectedAny(empty());
  else if (expected === 'stream_exists') detail.setExpectedStreamExists(empty());
  else if (expected === 'no_stream') detail.setExpectedNoStream(empty());
  else detail.setExpectedStreamPosition(String(expected));
  return packedStatus(
    Status.ALREADY_EXISTS,
    'WrongExpectedVersion',
    detail,
    'WrongExpectedVersion',
  );
}

function copyExpectation(resp: BatchAppendResp, expectation: WireExpectation | undefined): void {
  if (expectation?.kind === 'revision') {
    const { lo, hi } = expectation.revision;
    resp.setStreamPosition((BigInt(hi) * 0x1_0000_0000n + BigInt(lo)).toString());
  } else if (expectation?.kind === 'no_stream') resp.setNoStream(empty());
  else if (expectation?.kind === 'any') resp.setAny(empty());
  else if (expectation?.kind === 'stream_exists') resp.setStreamExists(empty());
}

/** The correlation id echoed in an error; one that does not even parse is echoed empty. */
function correlationMessage(bytes: Buffer): UUID {
  try {
    return UUID.deserializeBinary(bytes);
  } catch {
    return new UUID();
  }
}

/** The options' expected state, with the messages of `expectedRevisionOf`. */
function expectedRevision(expectation: WireExpectation | undefined): ExpectedRevision {
  switch (expectation?.kind) {
    case 'any':
      return 'any';
    case 'no_stream':
      return 'no_stream';
    case 'stream_exists':
      return 'stream_exists';
    case 'revision':
      return revisionOf(expectation.revision);
    default:
      throw new ProtocolError('an expected stream revision is required');
  }
}

/** One proposed event, by the rule every append shares (`proposedEventOf`). */
function proposedEvent(message: ProposedMessageBytes): ProposedEvent {
  return proposedEventOf(
    message.type,
    message.contentType,
    () => uuidOfBytes(message.id),
    message.data,
    message.customMetadata,
  );
}
