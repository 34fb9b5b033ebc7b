import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { afterAll, expect, inject, it } from 'vitest';

const client = EventStoreDBClient.connectionString(inject('eventstoreConnectionString'));
afterAll(() => client.dispose());

it('appends an order and reads it back', async () => {
  await client.appendToStream('order-1', jsonEvent({ type: 'OrderPlaced', data: { total: 3 } }), {
    expectedRevision: 'no_stream',
  });
  const types = [];
  for await (const { event } of client.readStream('order-1')) types.push(event?.type);
  expect(types).toEqual(['OrderPlaced']);
});
