import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { institutionDecider, institutionStreamName, type InstitutionState } from '@hitos/domain';
import { CommandHandling, type LoadedStream } from '@hitos/event-store';

export class GetInstitutionQuery extends Query<LoadedStream<InstitutionState>> {
  constructor(readonly institutionId: string) {
    super();
  }
}

@QueryHandler(GetInstitutionQuery)
export class GetInstitutionHandler implements IQueryHandler<GetInstitutionQuery> {
  constructor(private readonly streams: CommandHandling) {}

  execute({ institutionId }: GetInstitutionQuery) {
    return this.streams.load(institutionStreamName(institutionId), institutionDecider);
  }
}
