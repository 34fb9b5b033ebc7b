import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  commitmentDecider,
  commitmentStreamName,
  type CommitmentState,
  type SignActa,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';
import { decideWith } from '../../http/decide-with';

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
