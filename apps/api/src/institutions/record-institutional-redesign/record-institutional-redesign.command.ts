import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  institutionDecider,
  institutionStreamName,
  type InstitutionState,
  type RecordInstitutionalRedesign,
  decideWith,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';
import { institutionRef } from '../../http/stream-refs';

/** The data of RecordInstitutionalRedesign without its context; `institutionId` is the first argument's. */
export type RecordInstitutionalRedesignData = Omit<
  RecordInstitutionalRedesign['data'],
  'context' | 'institutionId'
> & { institutionId?: string };

export class RecordInstitutionalRedesignCommand extends Command<CommandResult<InstitutionState>> {
  constructor(
    readonly institutionId: string,
    readonly data: RecordInstitutionalRedesignData,
  ) {
    super();
  }
}

@CommandHandler(RecordInstitutionalRedesignCommand)
export class RecordInstitutionalRedesignHandler implements ICommandHandler<RecordInstitutionalRedesignCommand> {
  constructor(private readonly commands: CommandHandling) {}

  async execute({ institutionId, data }: RecordInstitutionalRedesignCommand) {
    const successors = await Promise.all(
      [...new Set(data.successorIds)].map((id) => institutionRef(this.commands, id)),
    );
    return this.commands.handle(
      institutionStreamName(institutionId),
      institutionDecider,
      decideWith(institutionDecider, 'RecordInstitutionalRedesign', {
        ...data,
        institutionId,
        context: { successors },
      }),
    );
  }
}
