import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  commitmentDecider,
  commitmentStreamName,
  type CommitmentState,
  type WithdrawCommitment,
  decideWith,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';

export class WithdrawCommitmentCommand extends Command<CommandResult<CommitmentState>> {
  constructor(
    readonly commitmentId: string,
    readonly data: WithdrawCommitment['data'],
  ) {
    super();
  }
}

@CommandHandler(WithdrawCommitmentCommand)
export class WithdrawCommitmentHandler implements ICommandHandler<WithdrawCommitmentCommand> {
  constructor(private readonly commands: CommandHandling) {}

  execute({ commitmentId, data }: WithdrawCommitmentCommand) {
    return this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'WithdrawCommitment', data),
    );
  }
}
