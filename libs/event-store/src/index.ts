export {
  EventStore,
  WrongExpectedRevisionError,
  hiddenFromAllSubscriptions,
  type AllPosition,
  type AllSubscriber,
  type AllSubscription,
  type AppendOutcome,
  type Direction,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
} from './event-store.port';
export { EsdbEventStore } from './esdb/esdb-event-store';
export { EventStoreModule } from './event-store.module';
export {
  EventStoreConnection,
  type EmbeddedServer,
  type EmbeddedServerLauncher,
} from './event-store-connection';
export {
  eventStoreConfig,
  loadEventStoreConfig,
  type EventStoreConfig,
  type EmbeddedEventStoreConfig,
} from './event-store.config';
export { COMMAND_CONTEXT_SOURCE, UPCASTER_REGISTRY } from './event-store.tokens';
export { type EventStoreModuleOptions } from './event-store.module';
export { Clock, FixedClock, SystemClock } from './clock';
export { EventStorePrefix, ReadOnlyHistoryError } from './prefix/event-store-prefix';
export {
  CommandHandling,
  type CommandHandlingOptions,
  type CommandResult,
  type DecidedEvent,
  type Decision,
  type DecisionMetadata,
  type Fold,
  type LoadedStream,
} from './command-handling/command-handling';
export {
  ConcurrencyConflictError,
  IdempotencyKeyReusedError,
  StreamRevisionMismatchError,
} from './command-handling/command-handling.errors';
export { deterministicEventId, nameBasedUuid } from './command-handling/event-ids';
export {
  IDEMPOTENCY_STREAM_PREFIX,
  idempotencyStreamName,
} from './command-handling/idempotency-key-claims';
export { mapLimit } from './command-handling/map-limit';
export { type CommandContext, type EventMetadata } from './metadata/event-metadata';
export { canonicalJson, integrityHash } from './metadata/integrity-hash';
export {
  UpcasterRegistry,
  UnknownSchemaVersionError,
  type Upcast,
  type UpcasterStep,
} from './upcasting/upcaster-registry';
