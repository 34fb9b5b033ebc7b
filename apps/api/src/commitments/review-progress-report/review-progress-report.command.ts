import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  commitmentDecider,
  commitmentStreamName,
  type CommitmentState,
  type ReviewProgressReport,
  decideWith,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';

export class ReviewProgressReportCommand extends Command<CommandResult<CommitmentState>> {
  constructor(
    readonly commitmentId: string,
    readonly data: ReviewProgressReport['data'],
  ) {
    super();
  }
}

@CommandHandler(ReviewProgressReportCommand)
export class ReviewProgressReportHandler implements ICommandHandler<ReviewProgressReportCommand> {
  constructor(private readonly commands: CommandHandling) {}

  execute({ commitmentId, data }: ReviewProgressReportCommand) {
    return this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'ReviewProgressReport', data),
    );
  }
}
