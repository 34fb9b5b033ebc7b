import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  commitmentDecider,
  commitmentStreamName,
  initialInstitutionState,
  institutionDecider,
  institutionStreamName,
  toInstitutionRef,
  type CommitmentState,
  type MaintainCommitment,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';
import { decideWith } from '../../http/decide-with';

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
    const stream = commitmentStreamName(commitmentId);
    const { state } = await this.commands.load(stream, commitmentDecider);
    // An empty stream is refused by the decider itself, before it looks at the context.
    const institutionId = state.status === 'Empty' ? '' : state.responsible.institutionId;
    const institution = institutionId
      ? (await this.commands.load(institutionStreamName(institutionId), institutionDecider)).state
      : initialInstitutionState();
    return this.commands.handle(
      stream,
      commitmentDecider,
      decideWith(commitmentDecider, 'MaintainCommitment', {
        ...data,
        context: { institution: toInstitutionRef(institutionId, institution) },
      }),
    );
  }
}
