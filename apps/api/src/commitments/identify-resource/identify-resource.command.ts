import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  commitmentDecider,
  commitmentStreamName,
  type CommitmentState,
  type IdentifyResource,
  decideWith,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';

export class IdentifyResourceCommand extends Command<CommandResult<CommitmentState>> {
  constructor(
    readonly commitmentId: string,
    readonly data: IdentifyResource['data'],
  ) {
    super();
  }
}

@CommandHandler(IdentifyResourceCommand)
export class IdentifyResourceHandler implements ICommandHandler<IdentifyResourceCommand> {
  constructor(private readonly commands: CommandHandling) {}

  execute({ commitmentId, data }: IdentifyResourceCommand) {
    return this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'IdentifyResource', data),
    );
  }
}
