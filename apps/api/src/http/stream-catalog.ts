import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { EVENT_STORE_CLIENT } from '@hitos/event-store';
import {
  START,
  eventTypeFilter,
  type AllStreamSubscription,
  type EventStoreDBClient,
} from '@hitos/event-store/esdb-client';

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
  private subscription?: AllStreamSubscription;

  constructor(@Inject(EVENT_STORE_CLIENT) private readonly client: EventStoreDBClient) {}

  onModuleInit(): void {
    this.subscription = this.client.subscribeToAll({
      fromPosition: START,
      filter: eventTypeFilter({ prefixes: Object.keys(OPENING_EVENTS) }),
    });
    this.subscription.on('data', (resolved) => {
      const event = resolved.event;
      const kind = event && OPENING_EVENTS[event.type];
      if (!event || !kind) return;
      const prefix = `${kind}-`;
      if (!event.streamId.startsWith(prefix)) return;
      let set = this.ids.get(kind);
      if (!set) this.ids.set(kind, (set = new Set()));
      set.add(event.streamId.slice(prefix.length));
    });
    this.subscription.on('error', (error) => {
      if (!this.closing) this.logger.error(`catalog subscription failed: ${error.message}`);
    });
  }

  private closing = false;

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    await this.subscription?.unsubscribe().catch(() => undefined);
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
