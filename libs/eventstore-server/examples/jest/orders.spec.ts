// An example of a user's own test: it talks to the store with the official client directly.
// eslint-disable-next-line no-restricted-imports
import { EventStoreDBClient, jsonEvent, WrongExpectedVersionError } from '@eventstore/db-client';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING!;

describe('orders, against the event store globalSetup started', () => {
  let client: EventStoreDBClient;
  beforeAll(() => {
    client = EventStoreDBClient.connectionString(connectionString);
  });
  afterAll(() => client.dispose());

  it('appends an order and reads it back', async () => {
    await client.appendToStream('order-1', jsonEvent({ type: 'OrderPlaced', data: { total: 3 } }), {
      expectedRevision: 'no_stream',
    });
    const events = [];
    for await (const { event } of client.readStream('order-1')) events.push(event?.type);
    expect(events).toEqual(['OrderPlaced']);
  });

  it('refuses an append at a stale revision', async () => {
    await client.appendToStream('order-2', jsonEvent({ type: 'OrderPlaced', data: {} }));
    await expect(
      client.appendToStream('order-2', jsonEvent({ type: 'OrderPaid', data: {} }), {
        expectedRevision: 5n,
      }),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
  });
});
