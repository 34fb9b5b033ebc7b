import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  commitmentDecider,
  commitmentStreamName,
  type CommitmentState,
  type AnswerObjection,
  decideWith,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';

export class AnswerObjectionCommand extends Command<CommandResult<CommitmentState>> {
  constructor(
    readonly commitmentId: string,
    readonly data: AnswerObjection['data'],
  ) {
    super();
  }
}

@CommandHandler(AnswerObjectionCommand)
export class AnswerObjectionHandler implements ICommandHandler<AnswerObjectionCommand> {
  constructor(private readonly commands: CommandHandling) {}

  execute({ commitmentId, data }: AnswerObjectionCommand) {
    return this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'AnswerObjection', data),
    );
  }
}
