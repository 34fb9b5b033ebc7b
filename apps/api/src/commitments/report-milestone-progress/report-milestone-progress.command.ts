import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  commitmentDecider,
  commitmentStreamName,
  type CommitmentState,
  type ReportMilestoneProgress,
  decideWith,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';

export class ReportMilestoneProgressCommand extends Command<CommandResult<CommitmentState>> {
  constructor(
    readonly commitmentId: string,
    readonly data: ReportMilestoneProgress['data'],
  ) {
    super();
  }
}

@CommandHandler(ReportMilestoneProgressCommand)
export class ReportMilestoneProgressHandler implements ICommandHandler<ReportMilestoneProgressCommand> {
  constructor(private readonly commands: CommandHandling) {}

  execute({ commitmentId, data }: ReportMilestoneProgressCommand) {
    return this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'ReportMilestoneProgress', data),
    );
  }
}
