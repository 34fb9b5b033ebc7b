import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { EventStore, type AllSubscription } from '@hitos/event-store';

/** The events that open a stream of each listed kind. */
const OPENING_EVENTS: Record<string, string> = {
  ActionPlanRegistered: 'plan',
  InstitutionRegistered: 'institution',
  OrganizationRegistered: 'organization',
};

/**
 * Which streams of each kind exist, in the order they were opened, so that list endpoints can
 * exist before the read side does (projections replace this). Follows `$all` through a
 * catch-up subscription filtered to the opening events; lists are therefore eventually
 * consistent, while a single resource is always read from its stream.
 */
@Injectable()
export class StreamCatalog implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(StreamCatalog.name);
  private readonly ids = new Map<string, Set<string>>();
  private subscription?: AllSubscription;

  constructor(private readonly store: EventStore) {}

  onModuleInit(): void {
    this.subscription = this.store.subscribeToAll(
      { streamNamePrefixes: Object.values(OPENING_EVENTS).map((kind) => `${kind}-`) },
      {
        event: (event) => {
          const kind = OPENING_EVENTS[event.type];
          if (!kind) return;
          const prefix = `${kind}-`;
          if (!event.streamId.startsWith(prefix)) return;
          this.add(kind, event.streamId.slice(prefix.length));
        },
        failed: (error) => {
          if (!this.closing) this.logger.error(`catalog subscription failed: ${error.message}`);
        },
      },
    );
  }

  private closing = false;

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    await this.subscription?.unsubscribe();
  }

  /** Ids of every `kind` stream seen so far (`plan`, `institution`, `organization`; commitments are listed from their read model). */
  list(kind: string): string[] {
    return [...(this.ids.get(kind) ?? [])];
  }

  /** Records a stream this process just opened, so its own lists show it at once. */
  add(kind: string, id: string): void {
    let set = this.ids.get(kind);
    if (!set) this.ids.set(kind, (set = new Set()));
    set.add(id);
  }
}
