/** Jest `globalTeardown`: stops the store `jest-global-setup` started and removes its data. */
import type { StartedEventStore } from '../api/start-event-store';
import { CONNECTION_STRING_VARIABLE, STORE_KEY } from './jest-global-setup';

type WithStore = { [STORE_KEY]?: StartedEventStore };

export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as WithStore;
  const store = holder[STORE_KEY];
  delete holder[STORE_KEY];
  delete process.env[CONNECTION_STRING_VARIABLE];
  await store?.stop();
}
