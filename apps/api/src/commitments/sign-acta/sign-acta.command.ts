import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  commitmentDecider,
  commitmentStreamName,
  type CommitmentState,
  type SignActa,
  decideWith,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';

export class SignActaCommand extends Command<CommandResult<CommitmentState>> {
  constructor(
    readonly commitmentId: string,
    readonly data: SignActa['data'],
  ) {
    super();
  }
}

@CommandHandler(SignActaCommand)
export class SignActaHandler implements ICommandHandler<SignActaCommand> {
  constructor(private readonly commands: CommandHandling) {}

  execute({ commitmentId, data }: SignActaCommand) {
    return this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'SignActa', data),
    );
  }
}
