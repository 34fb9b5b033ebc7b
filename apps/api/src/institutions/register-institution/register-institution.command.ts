import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  institutionDecider,
  institutionStreamName,
  type InstitutionState,
  type RegisterInstitution,
  decideWith,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';

/** The data of RegisterInstitution; its `institutionId` is the first argument's. */
export type RegisterInstitutionData = Omit<RegisterInstitution['data'], 'institutionId'> & {
  institutionId?: string;
};

export class RegisterInstitutionCommand extends Command<CommandResult<InstitutionState>> {
  constructor(
    readonly institutionId: string,
    readonly data: RegisterInstitutionData,
  ) {
    super();
  }
}

@CommandHandler(RegisterInstitutionCommand)
export class RegisterInstitutionHandler implements ICommandHandler<RegisterInstitutionCommand> {
  constructor(private readonly commands: CommandHandling) {}

  execute({ institutionId, data }: RegisterInstitutionCommand) {
    return this.commands.handle(
      institutionStreamName(institutionId),
      institutionDecider,
      decideWith(institutionDecider, 'RegisterInstitution', { ...data, institutionId }),
    );
  }
}
