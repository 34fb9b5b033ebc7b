import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  commitmentDecider,
  commitmentStreamName,
  type CommitmentState,
  type ConcurTransferDecision,
  decideWith,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';
import { planOfCommitment } from '../../http/stream-refs';

export class ConcurTransferDecisionCommand extends Command<CommandResult<CommitmentState>> {
  constructor(
    readonly commitmentId: string,
    readonly data: Omit<ConcurTransferDecision['data'], 'context'>,
  ) {
    super();
  }
}

/** Reads the commitment's plan (its Core Group says who may concur), then decides. */
@CommandHandler(ConcurTransferDecisionCommand)
export class ConcurTransferDecisionHandler implements ICommandHandler<ConcurTransferDecisionCommand> {
  constructor(private readonly commands: CommandHandling) {}

  async execute({ commitmentId, data }: ConcurTransferDecisionCommand) {
    const plan = await planOfCommitment(this.commands, commitmentId);
    return this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'ConcurTransferDecision', {
        ...data,
        context: { plan },
      }),
    );
  }
}
