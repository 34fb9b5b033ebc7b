// Starts the store before the run and stops it (removing its temp data directory) after.
// With the package installed: import { startEventStore } from '@hitos/eventstore-server';
import { startEventStore } from '../../src/api/start-event-store.ts';

export default async function setup({ provide }) {
  const store = await startEventStore();
  provide('eventstoreConnectionString', store.connectionString);
  return () => store.stop();
}
