export {
  startEventStoreServer,
  type EventStoreServerOptions,
  type RunningEventStoreServer,
} from './server';
export { DataDirectoryLockedError } from './storage/data-dir-lock';
