import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  REGISTRY,
  registryEntry,
  registryList,
  registryRevision,
  type RegistryEntry,
  type RegistryKind,
} from '@hitos/read-models';
import { etagOf } from '../context/request-context';
import {
  Representations,
  ifNoneMatchHas,
  type Audience,
  type Representation,
} from '../http/http-caching';
import { ReadModels } from './read-models.service';

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
 * One plan, institution or organization as JSON (its state and `revision`), with its ETag (the
 * revision); null when none. Registry entries hold nothing classified: every reader gets the
 * same bytes.
 */
export class GetRegisteredJsonQuery extends Query<Representation | null> {
  constructor(
    readonly kind: RegistryKind,
    readonly id: string,
    readonly audience: Audience,
    /** The `If-None-Match` the caller sent: when it names the current ETag, no body is built. */
    readonly held?: string,
  ) {
    super();
  }
}

/**
 * As a commitment is read: from the model alone, no round trip to the store; it reflects this
 * process's own latest write (read-your-writes), another process's once projected.
 */
@QueryHandler(GetRegisteredQuery)
export class GetRegisteredHandler implements IQueryHandler<GetRegisteredQuery<RegistryKind>> {
  constructor(private readonly views: ReadModels) {}

  async execute({ kind, id }: GetRegisteredQuery<RegistryKind>) {
    const { db } = await this.views.open(REGISTRY);
    return registryEntry(db, kind, id);
  }
}

/**
 * The same, for a cacheable GET: the revision first (one indexed row), a 304 when the caller
 * holds it, else the JSON built once per revision.
 */
@QueryHandler(GetRegisteredJsonQuery)
export class GetRegisteredJsonHandler implements IQueryHandler<GetRegisteredJsonQuery> {
  constructor(
    private readonly views: ReadModels,
    private readonly representations: Representations,
  ) {}

  async execute({
    kind,
    id,
    audience,
    held,
  }: GetRegisteredJsonQuery): Promise<Representation | null> {
    const db = await this.views.model(REGISTRY);
    // Synchronous from here: the revision and the state are of one state of the model.
    const revision = registryRevision(db, kind, id);
    if (revision === null || revision < 0n) return null;
    const etag = etagOf(revision);
    if (ifNoneMatchHas(held, etag)) return { etag, audience, json: null };
    const json = this.representations.json(`${kind}\u0000${id}\u0000${revision}`, () => {
      const entry = registryEntry(db, kind, id)!;
      return JSON.stringify({ ...entry.state, revision: entry.revision.toString() });
    });
    return { etag, audience, json };
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
