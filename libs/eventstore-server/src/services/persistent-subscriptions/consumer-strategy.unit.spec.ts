import { consumerStrategy, type StrategyConsumer } from './consumer-strategy';
import type { Delivery } from './delivery';
import type { StoredEvent } from '../../storage/stored-event';

class Consumer implements StrategyConsumer {
  held = 0;
  constructor(
    readonly id: string,
    private readonly slots: number,
  ) {}
  availableSlots(): number {
    return this.slots - this.held;
  }
}

function message(streamId: string, metadata = ''): Delivery {
  const record: StoredEvent = {
    position: 0,
    streamId,
    revision: 0,
    id: `${streamId}-id`,
    type: 't',
    isJson: true,
    created: 0,
    data: Buffer.alloc(0),
    metadata: Buffer.from(metadata),
  };
  return { id: record.id, record, event: record, position: 0, retryCount: 0 };
}

/** Hands `count` messages out as the group does, each taking a slot of its consumer. */
function deal(name: string, consumers: Consumer[], messages: Delivery[]): string[] {
  const strategy = consumerStrategy<Consumer>(name);
  return messages.map((m) => {
    const target = strategy.pick(consumers, m);
    if (typeof target === 'string') return target;
    target.held++;
    return target.id;
  });
}

describe('consumer strategies', () => {
  it('RoundRobin takes turns among consumers with room', () => {
    const consumers = [new Consumer('a', 2), new Consumer('b', 1), new Consumer('c', 2)];
    const ids = deal(
      'RoundRobin',
      consumers,
      Array.from({ length: 6 }, () => message('s')),
    );
    expect(ids).toEqual(['a', 'b', 'c', 'a', 'c', 'full']);
  });

  it('DispatchToSingle fills the first consumer before the next', () => {
    const consumers = [new Consumer('a', 2), new Consumer('b', 1)];
    const ids = deal(
      'DispatchToSingle',
      consumers,
      Array.from({ length: 4 }, () => message('s')),
    );
    expect(ids).toEqual(['a', 'a', 'b', 'full']);
  });

  it('Pinned keeps a stream with one consumer, and skips its messages while it is full', () => {
    const [a, b] = [new Consumer('a', 1), new Consumer('b', 5)];
    const strategy = consumerStrategy<Consumer>('Pinned');
    // A stream seen first goes to the consumer holding the fewest streams (the first, on a tie).
    expect(strategy.pick([a, b], message('orders-1'))).toBe(a);
    expect(strategy.pick([a, b], message('orders-2'))).toBe(b);
    a.held = 1;
    expect(strategy.pick([a, b], message('orders-1'))).toBe('skipped');
    expect(strategy.pick([a, b], message('orders-2'))).toBe(b);
    // Once its owner leaves, the stream goes to a consumer still there.
    strategy.removed(a);
    expect(strategy.pick([b], message('orders-1'))).toBe(b);
    expect(strategy.pick([], message('orders-1'))).toBe('full');
  });

  it('PinnedByCorrelation pins by $correlationId, across streams', () => {
    const consumers = [new Consumer('a', 10), new Consumer('b', 10)];
    const strategy = consumerStrategy<Consumer>('PinnedByCorrelation');
    const owners = ['s1', 's2', 's3', 's4'].map(
      (s) => strategy.pick(consumers, message(s, '{"$correlationId":"c-42"}')) as Consumer,
    );
    expect(new Set(owners.map((o) => o.id)).size).toBe(1);
  });

  it('refuses a strategy EventStoreDB does not have', () => {
    expect(() => consumerStrategy('Fastest')).toThrow('Consumer strategy Fastest does not exist.');
  });
});
