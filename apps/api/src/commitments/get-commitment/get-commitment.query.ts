import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { commitmentDecider, commitmentStreamName, type CommitmentState } from '@hitos/domain';
import { CommandHandling, type LoadedStream } from '@hitos/event-store';

export class GetCommitmentQuery extends Query<LoadedStream<CommitmentState>> {
  constructor(readonly commitmentId: string) {
    super();
  }
}

@QueryHandler(GetCommitmentQuery)
export class GetCommitmentHandler implements IQueryHandler<GetCommitmentQuery> {
  constructor(private readonly streams: CommandHandling) {}

  execute({ commitmentId }: GetCommitmentQuery) {
    return this.streams.load(commitmentStreamName(commitmentId), commitmentDecider);
  }
}
