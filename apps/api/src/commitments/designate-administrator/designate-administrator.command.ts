import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  commitmentDecider,
  commitmentStreamName,
  type CommitmentState,
  type DesignateAdministrator,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';
import { decideWith } from '../../http/decide-with';

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
