import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { actionPlanStreamName, institutionStreamName, organizationStreamName } from '@hitos/domain';
import { EventStore } from '@hitos/event-store';
import {
  REGISTRY,
  registryEntry,
  registryList,
  type RegistryEntry,
  type RegistryKind,
} from '@hitos/read-models';
import { ReadModels } from './read-models.service';

const STREAM_OF: Record<RegistryKind, (id: string) => string> = {
  plan: actionPlanStreamName,
  institution: institutionStreamName,
  organization: organizationStreamName,
};

/** One plan, institution or organization from the registry read model; null when none. */
export class GetRegisteredQuery<K extends RegistryKind> extends Query<RegistryEntry<K> | null> {
  constructor(
    readonly kind: K,
    readonly id: string,
  ) {
    super();
  }
}

/** Every plan, institution or organization, in the order they were registered. */
export class ListRegisteredQuery<K extends RegistryKind> extends Query<RegistryEntry<K>[]> {
  constructor(readonly kind: K) {
    super();
  }
}

/**
 * As a commitment is read: the stream's last event first (one event, backwards), then the
 * model once it reflects it, so the answer and its ETag are the stream's current revision even
 * for a write made by another process, and one that does not exist is a 404 at once.
 */
@QueryHandler(GetRegisteredQuery)
export class GetRegisteredHandler implements IQueryHandler<GetRegisteredQuery<RegistryKind>> {
  constructor(
    private readonly views: ReadModels,
    private readonly store: EventStore,
  ) {}

  async execute({ kind, id }: GetRegisteredQuery<RegistryKind>) {
    const tail = await this.store.lastEventOf(STREAM_OF[kind](id));
    if (!tail) return null;
    const { db } = tail.position
      ? await this.views.openReflecting(REGISTRY, tail.position.commit)
      : await this.views.open(REGISTRY);
    return registryEntry(db, kind, id);
  }
}

/** A list reflects this process's own writes (read-your-writes), others' once projected. */
@QueryHandler(ListRegisteredQuery)
export class ListRegisteredHandler implements IQueryHandler<ListRegisteredQuery<RegistryKind>> {
  constructor(private readonly views: ReadModels) {}

  async execute({ kind }: ListRegisteredQuery<RegistryKind>) {
    const { db } = await this.views.open(REGISTRY);
    return registryList(db, kind);
  }
}
