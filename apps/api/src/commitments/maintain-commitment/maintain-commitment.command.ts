import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  commitmentDecider,
  commitmentStreamName,
  type CommitmentState,
  type MaintainCommitment,
  decideWith,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';
import { responsibleInstitutionOf } from '../../http/stream-refs';

export class MaintainCommitmentCommand extends Command<CommandResult<CommitmentState>> {
  constructor(
    readonly commitmentId: string,
    readonly data: Omit<MaintainCommitment['data'], 'context'>,
  ) {
    super();
  }
}

/** Reads the commitment's responsible institution (it must still exist to keep it), then decides. */
@CommandHandler(MaintainCommitmentCommand)
export class MaintainCommitmentHandler implements ICommandHandler<MaintainCommitmentCommand> {
  constructor(private readonly commands: CommandHandling) {}

  async execute({ commitmentId, data }: MaintainCommitmentCommand) {
    const institution = await responsibleInstitutionOf(this.commands, commitmentId);
    return this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'MaintainCommitment', {
        ...data,
        context: { institution },
      }),
    );
  }
}
