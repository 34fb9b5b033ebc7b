import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  organizationDecider,
  organizationStreamName,
  type OrganizationState,
  type RegisterOrganization,
  decideWith,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';

/** The data of RegisterOrganization; its `organizationId` is the first argument's. */
export type RegisterOrganizationData = Omit<RegisterOrganization['data'], 'organizationId'> & {
  organizationId?: string;
};

export class RegisterOrganizationCommand extends Command<CommandResult<OrganizationState>> {
  constructor(
    readonly organizationId: string,
    readonly data: RegisterOrganizationData,
  ) {
    super();
  }
}

@CommandHandler(RegisterOrganizationCommand)
export class RegisterOrganizationHandler implements ICommandHandler<RegisterOrganizationCommand> {
  constructor(private readonly commands: CommandHandling) {}

  execute({ organizationId, data }: RegisterOrganizationCommand) {
    return this.commands.handle(
      organizationStreamName(organizationId),
      organizationDecider,
      decideWith(organizationDecider, 'RegisterOrganization', { ...data, organizationId }),
    );
  }
}
