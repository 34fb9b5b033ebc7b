import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  actionPlanDecider,
  actionPlanStreamName,
  commitmentDecider,
  commitmentStreamName,
  initialActionPlanState,
  toPlanRef,
  type CommitmentState,
  type RescheduleMilestone,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';
import { decideWith } from '../../http/decide-with';

export class RescheduleMilestoneCommand extends Command<CommandResult<CommitmentState>> {
  constructor(
    readonly commitmentId: string,
    readonly data: Omit<RescheduleMilestone['data'], 'context'>,
  ) {
    super();
  }
}

/** Reads the commitment's plan (its Core Group validates the concurrence), then decides. */
@CommandHandler(RescheduleMilestoneCommand)
export class RescheduleMilestoneHandler implements ICommandHandler<RescheduleMilestoneCommand> {
  constructor(private readonly commands: CommandHandling) {}

  async execute({ commitmentId, data }: RescheduleMilestoneCommand) {
    const stream = commitmentStreamName(commitmentId);
    const { state } = await this.commands.load(stream, commitmentDecider);
    // A commitment's plan never changes; an empty stream is refused by the decider itself.
    const planId = state.status === 'Empty' ? '' : state.planId;
    const plan = planId
      ? (await this.commands.load(actionPlanStreamName(planId), actionPlanDecider)).state
      : initialActionPlanState();
    return this.commands.handle(
      stream,
      commitmentDecider,
      decideWith(commitmentDecider, 'RescheduleMilestone', {
        ...data,
        context: { plan: toPlanRef(planId, plan) },
      }),
    );
  }
}
