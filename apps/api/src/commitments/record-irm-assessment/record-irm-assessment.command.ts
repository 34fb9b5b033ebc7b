import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  commitmentDecider,
  commitmentStreamName,
  type CommitmentState,
  type RecordIrmAssessment,
  decideWith,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';

export class RecordIrmAssessmentCommand extends Command<CommandResult<CommitmentState>> {
  constructor(
    readonly commitmentId: string,
    readonly data: RecordIrmAssessment['data'],
  ) {
    super();
  }
}

@CommandHandler(RecordIrmAssessmentCommand)
export class RecordIrmAssessmentHandler implements ICommandHandler<RecordIrmAssessmentCommand> {
  constructor(private readonly commands: CommandHandling) {}

  execute({ commitmentId, data }: RecordIrmAssessmentCommand) {
    return this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'RecordIrmAssessment', data),
    );
  }
}
