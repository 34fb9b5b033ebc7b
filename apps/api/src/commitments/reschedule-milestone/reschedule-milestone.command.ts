import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  commitmentDecider,
  commitmentStreamName,
  type CommitmentState,
  type RescheduleMilestone,
  decideWith,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';
import { planOfCommitment } from '../../http/stream-refs';

export class RescheduleMilestoneCommand extends Command<CommandResult<CommitmentState>> {
  constructor(
    readonly commitmentId: string,
    readonly data: Omit<RescheduleMilestone['data'], 'context'>,
  ) {
    super();
  }
}

/** Reads the commitment's plan (its Core Group validates the concurrence), then decides. */
@CommandHandler(RescheduleMilestoneCommand)
export class RescheduleMilestoneHandler implements ICommandHandler<RescheduleMilestoneCommand> {
  constructor(private readonly commands: CommandHandling) {}

  async execute({ commitmentId, data }: RescheduleMilestoneCommand) {
    const plan = await planOfCommitment(this.commands, commitmentId);
    return this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'RescheduleMilestone', {
        ...data,
        context: { plan },
      }),
    );
  }
}
