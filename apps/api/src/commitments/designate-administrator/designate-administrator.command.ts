import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  commitmentDecider,
  commitmentStreamName,
  type CommitmentState,
  type DesignateAdministrator,
  decideWith,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';

export class DesignateAdministratorCommand extends Command<CommandResult<CommitmentState>> {
  constructor(
    readonly commitmentId: string,
    readonly data: DesignateAdministrator['data'],
  ) {
    super();
  }
}

@CommandHandler(DesignateAdministratorCommand)
export class DesignateAdministratorHandler implements ICommandHandler<DesignateAdministratorCommand> {
  constructor(private readonly commands: CommandHandling) {}

  execute({ commitmentId, data }: DesignateAdministratorCommand) {
    return this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'DesignateAdministrator', data),
    );
  }
}
