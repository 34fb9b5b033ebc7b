import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  commitmentDecider,
  commitmentStreamName,
  type AcknowledgeInformationHandover,
  type CommitmentState,
  decideWith,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';

export class AcknowledgeInformationHandoverCommand extends Command<CommandResult<CommitmentState>> {
  constructor(
    readonly commitmentId: string,
    readonly data: AcknowledgeInformationHandover['data'],
  ) {
    super();
  }
}

@CommandHandler(AcknowledgeInformationHandoverCommand)
export class AcknowledgeInformationHandoverHandler implements ICommandHandler<AcknowledgeInformationHandoverCommand> {
  constructor(private readonly commands: CommandHandling) {}

  execute({ commitmentId, data }: AcknowledgeInformationHandoverCommand) {
    return this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'AcknowledgeInformationHandover', data),
    );
  }
}
