import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { personStreamName } from '@hitos/domain';
import { Clock, EventStore } from '@hitos/event-store';
import {
  ACCESS,
  peopleFor,
  personGrants,
  type AccessCut,
  type GrantScope,
  type GrantView,
  type PersonGrantsView,
} from '@hitos/read-models';
import { ReadModels } from '../../read-models/read-models.service';

/** A person's grants, current and past; null when the person was never granted any. */
export class PersonGrantsQuery extends Query<PersonGrantsView | null> {
  constructor(
    readonly sub: string,
    readonly cut: AccessCut | null = null,
  ) {
    super();
  }
}

/** The grants under which someone could act for an institution, organization or plan at a cut. */
export class PeopleForQuery extends Query<{ position: string | null; people: GrantView[] }> {
  constructor(
    readonly scope: GrantScope,
    readonly cut: AccessCut | null,
    readonly waitFor?: string,
  ) {
    super();
  }
}

/** As a registered resource is read: the stream's last event first, then the model reflecting it. */
@QueryHandler(PersonGrantsQuery)
export class PersonGrantsHandler implements IQueryHandler<PersonGrantsQuery> {
  constructor(
    private readonly views: ReadModels,
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ sub, cut }: PersonGrantsQuery) {
    const tail = await this.store.lastEventOf(personStreamName(sub));
    if (!tail) return null;
    const { db } = tail.position
      ? await this.views.openReflecting(ACCESS, tail.position.commit)
      : await this.views.open(ACCESS);
    return personGrants(db, sub, cut ?? { kind: 'as-known', at: this.clock.now() });
  }
}

@QueryHandler(PeopleForQuery)
export class PeopleForHandler implements IQueryHandler<PeopleForQuery> {
  constructor(
    private readonly views: ReadModels,
    private readonly clock: Clock,
  ) {}

  async execute({ scope, cut, waitFor }: PeopleForQuery) {
    const { db, position } = await this.views.open(ACCESS, waitFor);
    return {
      position,
      people: peopleFor(db, scope, cut ?? { kind: 'as-known', at: this.clock.now() }),
    };
  }
}
