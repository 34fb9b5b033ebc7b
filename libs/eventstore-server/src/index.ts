export {
  startEventStoreServer,
  type EventStoreServerOptions,
  type AuthOptions,
  type RunningEventStoreServer,
} from './server';
export { DataDirectoryLockedError } from './storage/data-dir-lock';
export {
  EmbeddedEventStore,
  EmbeddedEventStoreStartError,
  type EmbeddedEventStoreOptions,
  type LauncherLogger,
} from './process/embedded-event-store';
export {
  runEventStoreProcess,
  startEventStoreServerOrExplain,
  EventStoreStartError,
  type EventStoreProcessOptions,
  type EventStoreProcessReport,
} from './process/event-store-process';
export { nodeEntry, type NodeEntry } from './process/node-entry';
export {
  PUBLISHED_CONNECTION_FILE,
  isLive as isPublishedConnectionLive,
  localConnectionString,
  publishedConnectionFile,
  readPublishedConnection,
  type PublishedConnection,
} from './process/published-connection';
export {
  BACKUP_FORMAT,
  BACKUP_MANIFEST,
  BackupError,
  backupEventStore,
  requireFresh,
  restoreEventStore,
  verifyBackup,
  type BackupFailure,
  type BackupManifest,
  type CopyProgress,
} from './storage/backup';
export { TlsConfigurationError, type TlsOptions } from './security/tls';
export { hashPassword, verifyPassword, type PasswordHash } from './security/password-hash';
export { writeFirstStartEvents, type DefaultPasswords } from './storage/first-start';
export {
  startEventStore,
  type StartEventStoreOptions,
  type StartedEventStore,
} from './api/start-event-store';
export {
  eventStoreUsage,
  packageDefaultDataDir,
  parseEventStoreArgs,
  UsageError,
  type DefaultDataDir,
  type EventStoreCliOptions,
} from './cli/args';
export { exitWith, runEventStoreCli, type EventStoreCliSettings } from './cli/main';
