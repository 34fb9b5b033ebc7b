import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  actionPlanDecider,
  actionPlanStreamName,
  commitmentDecider,
  commitmentStreamName,
  decideWith,
  institutionDecider,
  institutionStreamName,
  organizationDecider,
  organizationStreamName,
  toInstitutionRef,
  toOrganizationRef,
  toPlanRef,
  type DraftCommitment,
} from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { newResourceId } from '../../http/resource-id';
import { DraftCommitmentRequestDto } from './draft-commitment.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class DraftCommitmentHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post()
  @HttpCode(201)
  @Roles('presidency', 'institution')
  @ApiOperation({
    summary: 'Redactar un compromiso / draft a commitment',
    description:
      "The Presidency or the responsible institution drafts a commitment following OGP's template. An institution may only draft its own.",
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'COMMITMENT_ALREADY_DRAFTED, INSTITUTION_NOT_ACTIVE, COMMITMENT_PERIOD_OUTSIDE_PLAN (404: PLAN_NOT_FOUND, INSTITUTION_NOT_FOUND, ORGANIZATION_NOT_FOUND; 422: COUNTERPART_SECTOR_MISMATCH, RELEVANCE_PILLAR_REQUIRED; 403: FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION)',
  })
  @ApiCommandErrors()
  async draft(@Body() body: DraftCommitmentRequestDto, @Res({ passthrough: true }) res: Response) {
    const commitmentId = body.commitmentId ?? newResourceId('commitment');
    const result = await draftCommitment(
      this.commands,
      commitmentId,
      plain({ ...body, commitmentId }),
    );
    return commandResponse(commitmentId, result, res);
  }
}

/** The data of DraftCommitment without its context; `commitmentId` is the second argument. */
export type DraftCommitmentData = Omit<DraftCommitment['data'], 'context' | 'commitmentId'> & {
  commitmentId?: string;
};

/**
 * Reads the plan, the institution and the counterpart the draft names (the decider sees only
 * the commitment's stream), then decides. The demo drafts its commitments through here too.
 */
export async function draftCommitment(
  commands: CommandHandling,
  commitmentId: string,
  data: DraftCommitmentData,
) {
  const { planId } = data;
  const { institutionId } = data.responsible;
  const { organizationId } = data.counterpart;
  const [plan, institution, counterpart] = await Promise.all([
    commands.load(actionPlanStreamName(planId), actionPlanDecider),
    commands.load(institutionStreamName(institutionId), institutionDecider),
    commands.load(organizationStreamName(organizationId), organizationDecider),
  ]);
  return commands.handle(
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
