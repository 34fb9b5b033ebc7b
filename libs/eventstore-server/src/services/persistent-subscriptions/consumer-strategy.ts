import type { Delivery } from './delivery';

/** One connected consumer of a group, as the strategies see it. */
export interface StrategyConsumer {
  readonly id: string;
  /** How many more messages it may hold un-acknowledged. */
  availableSlots(): number;
}

/** Where a message goes: a consumer, nobody now but try the next message, or nobody at all. */
export type PushTarget<C> = C | 'skipped' | 'full';

export interface ConsumerStrategy<C extends StrategyConsumer> {
  pick(consumers: readonly C[], message: Delivery): PushTarget<C>;
  removed(consumer: C): void;
}

/** Each message to the next consumer in turn that has room (RoundRobin). */
class RoundRobin<C extends StrategyConsumer> implements ConsumerStrategy<C> {
  private next = 0;
  pick(consumers: readonly C[]): PushTarget<C> {
    for (let k = 0; k < consumers.length; k++) {
      const index = (this.next + k) % consumers.length;
      if (consumers[index].availableSlots() > 0) {
        this.next = (index + 1) % consumers.length;
        return consumers[index];
      }
    }
    return 'full';
  }
  removed(): void {}
}

/** Every message to the first consumer with room; the next only once it is full (DispatchToSingle). */
class DispatchToSingle<C extends StrategyConsumer> implements ConsumerStrategy<C> {
  pick(consumers: readonly C[]): PushTarget<C> {
    return consumers.find((c) => c.availableSlots() > 0) ?? 'full';
  }
  removed(): void {}
}

const BUCKETS = 1024;

/**
 * Messages of one source stream (or one correlation id) always to the same consumer while it
 * stays connected (Pinned, PinnedByCorrelation): the key hashes into one of 1024 buckets, and a
 * bucket is given to the consumer holding the fewest when it is first needed. A pinned consumer
 * that is full holds its messages back without blocking the others.
 */
class Pinned<C extends StrategyConsumer> implements ConsumerStrategy<C> {
  private readonly owners = new Map<number, C>();
  constructor(private readonly keyOf: (message: Delivery) => string) {}

  pick(consumers: readonly C[], message: Delivery): PushTarget<C> {
    if (consumers.length === 0) return 'full';
    const bucket = hash(this.keyOf(message)) % BUCKETS;
    let owner = this.owners.get(bucket);
    if (!owner) {
      const held = new Map<string, number>();
      for (const c of this.owners.values()) held.set(c.id, (held.get(c.id) ?? 0) + 1);
      owner = consumers.reduce((a, b) => ((held.get(b.id) ?? 0) < (held.get(a.id) ?? 0) ? b : a));
      this.owners.set(bucket, owner);
    }
    return owner.availableSlots() > 0 ? owner : 'skipped';
  }

  removed(consumer: C): void {
    for (const [bucket, owner] of this.owners) if (owner === consumer) this.owners.delete(bucket);
  }
}

/** FNV-1a, 32 bits: stable across restarts, unlike anything keyed on object identity. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const sourceStream = (m: Delivery): string => (m.event ?? m.record).streamId;

function correlationOf(m: Delivery): string {
  const metadata = (m.event ?? m.record).metadata;
  try {
    const parsed = JSON.parse(metadata.toString('utf8')) as Record<string, unknown>;
    if (typeof parsed.$correlationId === 'string') return parsed.$correlationId;
  } catch {
    // not JSON: pinned by stream instead
  }
  return sourceStream(m);
}

export function consumerStrategy<C extends StrategyConsumer>(name: string): ConsumerStrategy<C> {
  switch (name) {
    case 'RoundRobin':
      return new RoundRobin<C>();
    case 'DispatchToSingle':
      return new DispatchToSingle<C>();
    case 'Pinned':
      return new Pinned<C>(sourceStream);
    case 'PinnedByCorrelation':
      return new Pinned<C>(correlationOf);
    default:
      throw new Error(`Consumer strategy ${name} does not exist.`);
  }
}
