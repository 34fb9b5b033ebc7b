// Emmett's EventStoreDB event store (@event-driven-io/emmett-esdb) against the embedded store.
// Start the store first, e.g. `node ../../bin/eventstore-server.js --memory`, then `npm test`;
// EVENTSTORE_CONNECTION_STRING names another one.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { getEventStoreDBEventStore } from '@event-driven-io/emmett-esdb';
import { EventStoreDBClient } from '@eventstore/db-client';

const client = EventStoreDBClient.connectionString(
  process.env.EVENTSTORE_CONNECTION_STRING || 'esdb://127.0.0.1:2113?tls=false',
);
const eventStore = getEventStoreDBEventStore(client);
after(() => client.dispose());

const evolve = (state, { type, data }) =>
  type === 'ProductItemAdded' ? { items: state.items + data.quantity } : state;
const initialState = () => ({ items: 0 });

describe('emmett-esdb on the embedded event store', () => {
  it('appends, reads and folds a stream', async () => {
    const cart = `shopping_cart-${randomUUID()}`;
    const added = (quantity) => ({ type: 'ProductItemAdded', data: { quantity } });

    const first = await eventStore.appendToStream(cart, [added(2)], {
      expectedStreamVersion: 'STREAM_DOES_NOT_EXIST',
    });
    assert.equal(first.nextExpectedStreamVersion, 0n);
    await eventStore.appendToStream(cart, [added(3)], { expectedStreamVersion: 0n });

    const read = await eventStore.readStream(cart);
    assert.deepEqual(
      read.events.map((e) => e.type),
      ['ProductItemAdded', 'ProductItemAdded'],
    );
    const { state, currentStreamVersion } = await eventStore.aggregateStream(cart, {
      evolve,
      initialState,
    });
    assert.deepEqual(state, { items: 5 });
    assert.equal(currentStreamVersion, 1n);
  });

  it("turns a stale expected version into Emmett's version conflict", async () => {
    const cart = `shopping_cart-${randomUUID()}`;
    await eventStore.appendToStream(cart, [{ type: 'ProductItemAdded', data: { quantity: 1 } }]);
    await assert.rejects(
      eventStore.appendToStream(cart, [{ type: 'ProductItemAdded', data: { quantity: 1 } }], {
        expectedStreamVersion: 7n,
      }),
      // emmett-esdb 0.20.0 bundles its own copy of the error class, so match it by message.
      { message: 'Expected version 7 does not match current 0' },
    );
  });
});
