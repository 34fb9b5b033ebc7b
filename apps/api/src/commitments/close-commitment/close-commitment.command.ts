import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  commitmentDecider,
  commitmentStreamName,
  type CommitmentState,
  type CloseCommitment,
  decideWith,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';

export class CloseCommitmentCommand extends Command<CommandResult<CommitmentState>> {
  constructor(
    readonly commitmentId: string,
    readonly data: CloseCommitment['data'],
  ) {
    super();
  }
}

@CommandHandler(CloseCommitmentCommand)
export class CloseCommitmentHandler implements ICommandHandler<CloseCommitmentCommand> {
  constructor(private readonly commands: CommandHandling) {}

  execute({ commitmentId, data }: CloseCommitmentCommand) {
    return this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'CloseCommitment', data),
    );
  }
}
