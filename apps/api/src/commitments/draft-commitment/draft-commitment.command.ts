import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  actionPlanDecider,
  actionPlanStreamName,
  commitmentDecider,
  commitmentStreamName,
  institutionDecider,
  institutionStreamName,
  organizationDecider,
  organizationStreamName,
  toInstitutionRef,
  toOrganizationRef,
  toPlanRef,
  type CommitmentState,
  type DraftCommitment,
  decideWith,
} from '@hitos/domain';
import { CommandHandling, type CommandResult } from '@hitos/event-store';

/** The data of DraftCommitment without its context; `commitmentId` is the first argument's. */
export type DraftCommitmentData = Omit<DraftCommitment['data'], 'context' | 'commitmentId'> & {
  commitmentId?: string;
};

export class DraftCommitmentCommand extends Command<CommandResult<CommitmentState>> {
  constructor(
    readonly commitmentId: string,
    readonly data: DraftCommitmentData,
  ) {
    super();
  }
}

/** Reads the plan, the institution and the counterpart the draft names, then decides. */
@CommandHandler(DraftCommitmentCommand)
export class DraftCommitmentHandler implements ICommandHandler<DraftCommitmentCommand> {
  constructor(private readonly commands: CommandHandling) {}

  async execute({ commitmentId, data }: DraftCommitmentCommand) {
    const { planId } = data;
    const { institutionId } = data.responsible;
    const { organizationId } = data.counterpart;
    const [plan, institution, counterpart] = await Promise.all([
      this.commands.load(actionPlanStreamName(planId), actionPlanDecider),
      this.commands.load(institutionStreamName(institutionId), institutionDecider),
      this.commands.load(organizationStreamName(organizationId), organizationDecider),
    ]);
    return this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'DraftCommitment', {
        ...data,
        commitmentId,
        context: {
          plan: toPlanRef(planId, plan.state),
          institution: toInstitutionRef(institutionId, institution.state),
          counterpart: toOrganizationRef(organizationId, counterpart.state),
        },
      }),
    );
  }
}
