/**
 * Jest `globalSetup`: starts one event store for the whole run (in jest's main process, on a
 * free port, in a temp data directory) and hands its connection string to every test file as
 * `process.env.EVENTSTORE_CONNECTION_STRING`. Pair it with `jest-global-teardown`.
 *
 *   // jest.config.js
 *   globalSetup: '<package>/testing/jest-global-setup',
 *   globalTeardown: '<package>/testing/jest-global-teardown',
 *
 * `EVENTSTORE_IN_PROCESS=false` runs the store in a child process instead.
 */
import { startEventStore, type StartedEventStore } from '../api/start-event-store';

export const CONNECTION_STRING_VARIABLE = 'EVENTSTORE_CONNECTION_STRING';

/** Where setup leaves the store for teardown: both run in jest's main process. */
export const STORE_KEY = Symbol.for('eventstore-server.jest-global-store');

type WithStore = { [STORE_KEY]?: StartedEventStore };

export default async function globalSetup(): Promise<void> {
  const store = await startEventStore({
    inProcess: process.env.EVENTSTORE_IN_PROCESS?.trim().toLowerCase() !== 'false',
  });
  (globalThis as WithStore)[STORE_KEY] = store;
  // Test workers are started after this and inherit the variable.
  process.env[CONNECTION_STRING_VARIABLE] = store.connectionString;
}
