import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  commitmentDecider,
  commitmentStreamName,
  institutionDecider,
  institutionStreamName,
  toInstitutionRef,
  type CommitmentState,
  type TransferCommitment,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';
import { decideWith } from '../../http/decide-with';

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
    const receiving = await this.commands.load(
      institutionStreamName(toInstitutionId),
      institutionDecider,
    );
    return this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'TransferCommitment', {
        ...data,
        context: { receivingInstitution: toInstitutionRef(toInstitutionId, receiving.state) },
      }),
    );
  }
}
