import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { decodeBatchAppendRequest } from '../protocol/batch-append-wire';
import { bytesOrMessage } from '../protocol/wire';

/**
 * The Streams service as the generated definition has it, but for BatchAppend: its requests are
 * read and its successes written by hand (protocol/batch-append-wire.ts); an answer built
 * through the generated classes (an error) is serialized by them. And Read's events go out as
 * the bytes read-event.ts wrote; its other answers (a confirmation, caught up, not found…)
 * are serialized by their class.
 */
export const STREAMS_SERVICE = {
  ...StreamsService,
  read: {
    ...StreamsService.read,
    responseSerialize: bytesOrMessage,
  },
  batchAppend: {
    ...StreamsService.batchAppend,
    requestDeserialize: decodeBatchAppendRequest,
    responseSerialize: bytesOrMessage,
  },
} as unknown as typeof StreamsService;
