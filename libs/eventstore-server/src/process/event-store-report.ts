/**
 * What a parent and the event store process it forked say to each other, apart from the server
 * itself: the launcher ({@link EmbeddedEventStore}) needs only this, so a process that merely
 * starts the store never loads the server's code (nor the protocol classes it registers).
 */
import type { AuthOptions } from '../server';
import type { TlsOptions } from '../security/tls';

export interface EventStoreProcessOptions {
  /** Absolute path of the data directory. */
  dataDir: string;
  host: string;
  /** 0 = ephemeral. */
  port: number;
  maxAppendSize?: number;
  /** Basic authentication and ACLs (off by default); needs `tls`. */
  auth?: AuthOptions;
  /** Listen with TLS from these PEM files. */
  tls?: TlsOptions;
}

export type StartFailureReason = 'data-dir-locked' | 'port-in-use' | 'error';

/** What a forked event store process tells its parent over IPC. */
export type EventStoreProcessReport =
  | {
      type: 'ready';
      pid: number;
      connectionString: string;
      host: string;
      port: number;
      dataDir: string;
    }
  | {
      type: 'failed';
      pid: number;
      reason: StartFailureReason;
      message: string;
      /** For `data-dir-locked`: the process that owns the data directory. */
      ownerPid?: number;
    };

export function isEventStoreProcessReport(value: unknown): value is EventStoreProcessReport {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'ready' || type === 'failed';
}
