import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { organizationDecider, organizationStreamName, type OrganizationState } from '@hitos/domain';
import { CommandHandling, type LoadedStream } from '@hitos/event-store';

export class GetOrganizationQuery extends Query<LoadedStream<OrganizationState>> {
  constructor(readonly organizationId: string) {
    super();
  }
}

@QueryHandler(GetOrganizationQuery)
export class GetOrganizationHandler implements IQueryHandler<GetOrganizationQuery> {
  constructor(private readonly streams: CommandHandling) {}

  execute({ organizationId }: GetOrganizationQuery) {
    return this.streams.load(organizationStreamName(organizationId), organizationDecider);
  }
}
