import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  commitmentDecider,
  commitmentStreamName,
  type CommitmentState,
  type PlanMilestone,
  decideWith,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';

export class PlanMilestoneCommand extends Command<CommandResult<CommitmentState>> {
  constructor(
    readonly commitmentId: string,
    readonly data: PlanMilestone['data'],
  ) {
    super();
  }
}

@CommandHandler(PlanMilestoneCommand)
export class PlanMilestoneHandler implements ICommandHandler<PlanMilestoneCommand> {
  constructor(private readonly commands: CommandHandling) {}

  execute({ commitmentId, data }: PlanMilestoneCommand) {
    return this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'PlanMilestone', data),
    );
  }
}
