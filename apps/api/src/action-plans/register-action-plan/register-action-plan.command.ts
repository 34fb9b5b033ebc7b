import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  actionPlanDecider,
  actionPlanStreamName,
  type ActionPlanRegistered,
  type ActionPlanState,
  decideWith,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';

export class RegisterActionPlanCommand extends Command<CommandResult<ActionPlanState>> {
  constructor(readonly data: ActionPlanRegistered['data']) {
    super();
  }
}

@CommandHandler(RegisterActionPlanCommand)
export class RegisterActionPlanHandler implements ICommandHandler<RegisterActionPlanCommand> {
  constructor(private readonly commands: CommandHandling) {}

  execute({ data }: RegisterActionPlanCommand) {
    return this.commands.handle(
      actionPlanStreamName(data.planId),
      actionPlanDecider,
      decideWith(actionPlanDecider, 'RegisterActionPlan', data),
    );
  }
}
