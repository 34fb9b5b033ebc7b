export { EventStoreModule } from './event-store.module';
export { EVENT_STORE_CLIENT } from './event-store.tokens';
export { EventStoreConnection } from './event-store-connection';
export {
  eventStoreConfig,
  loadEventStoreConfig,
  type EventStoreConfig,
  type EmbeddedEventStoreConfig,
} from './event-store.config';
export {
  EmbeddedEventStore,
  EmbeddedEventStoreStartError,
  type EmbeddedEventStoreOptions,
} from './embedded/embedded-event-store';
export {
  runEventStoreProcess,
  startEventStore,
  EventStoreStartError,
  type EventStoreProcessOptions,
  type EventStoreProcessReport,
} from './embedded/event-store-process';
export { nodeEntry, type NodeEntry } from './embedded/node-entry';
