import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  commitmentDecider,
  commitmentStreamName,
  type CommitmentState,
  type CompleteMilestone,
  decideWith,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';

export class CompleteMilestoneCommand extends Command<CommandResult<CommitmentState>> {
  constructor(
    readonly commitmentId: string,
    readonly data: CompleteMilestone['data'],
  ) {
    super();
  }
}

@CommandHandler(CompleteMilestoneCommand)
export class CompleteMilestoneHandler implements ICommandHandler<CompleteMilestoneCommand> {
  constructor(private readonly commands: CommandHandling) {}

  execute({ commitmentId, data }: CompleteMilestoneCommand) {
    return this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'CompleteMilestone', data),
    );
  }
}
