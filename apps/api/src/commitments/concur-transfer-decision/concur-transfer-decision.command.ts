import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  actionPlanDecider,
  actionPlanStreamName,
  commitmentDecider,
  commitmentStreamName,
  initialActionPlanState,
  toPlanRef,
  type CommitmentState,
  type ConcurTransferDecision,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';
import { decideWith } from '../../http/decide-with';

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
    const stream = commitmentStreamName(commitmentId);
    const { state } = await this.commands.load(stream, commitmentDecider);
    // A commitment's plan never changes; an empty stream is refused by the decider itself.
    const planId = state.status === 'Empty' ? '' : state.planId;
    const plan = planId
      ? (await this.commands.load(actionPlanStreamName(planId), actionPlanDecider)).state
      : initialActionPlanState();
    return this.commands.handle(
      stream,
      commitmentDecider,
      decideWith(commitmentDecider, 'ConcurTransferDecision', {
        ...data,
        context: { plan: toPlanRef(planId, plan) },
      }),
    );
  }
}
