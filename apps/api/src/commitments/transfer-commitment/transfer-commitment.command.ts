import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  commitmentDecider,
  commitmentStreamName,
  type CommitmentState,
  type TransferCommitment,
  decideWith,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';
import { institutionRef } from '../../http/stream-refs';

export class TransferCommitmentCommand extends Command<CommandResult<CommitmentState>> {
  constructor(
    readonly commitmentId: string,
    readonly data: Omit<TransferCommitment['data'], 'context'>,
  ) {
    super();
  }
}

/** Reads the receiving institution (it must exist and be active), then decides. */
@CommandHandler(TransferCommitmentCommand)
export class TransferCommitmentHandler implements ICommandHandler<TransferCommitmentCommand> {
  constructor(private readonly commands: CommandHandling) {}

  async execute({ commitmentId, data }: TransferCommitmentCommand) {
    const { toInstitutionId } = data;
    const receivingInstitution = await institutionRef(this.commands, toInstitutionId);
    return this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'TransferCommitment', {
        ...data,
        context: { receivingInstitution },
      }),
    );
  }
}
