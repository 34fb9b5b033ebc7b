import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { actionPlanDecider, actionPlanStreamName, type ActionPlanState } from '@hitos/domain';
import { CommandHandling, type LoadedStream } from '@hitos/event-store';

export class GetActionPlanQuery extends Query<LoadedStream<ActionPlanState>> {
  constructor(readonly planId: string) {
    super();
  }
}

@QueryHandler(GetActionPlanQuery)
export class GetActionPlanHandler implements IQueryHandler<GetActionPlanQuery> {
  constructor(private readonly streams: CommandHandling) {}

  execute({ planId }: GetActionPlanQuery) {
    return this.streams.load(actionPlanStreamName(planId), actionPlanDecider);
  }
}
