import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import {
  accessDecider,
  actionPlanDecider,
  actionPlanStreamName,
  decideWith,
  institutionDecider,
  institutionStreamName,
  organizationDecider,
  organizationStreamName,
  personStreamName,
  toInstitutionRef,
  toOrganizationRef,
  toPlanRef,
  type GrantRole,
  type GrantScopeContext,
} from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { newResourceId } from '../../http/resource-id';
import { SubPipe } from '../sub.pipe';
import { GrantRoleRequestDto } from './grant-role.request.dto';

@ApiTags('access')
@Controller('people')
export class GrantRoleHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post(':sub/grants')
  @HttpCode(201)
  @Roles('presidency')
  @ApiOperation({
    summary: 'Otorgar un rol a una persona / grant a person a role',
    description:
      "The Presidency grants the person (the identity provider's subject `sub`) a role: for an institution or organization (`organizationId`), or a Core Group seat of a plan (`planId`), with its reason. The answer's `id` is the grant id.",
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description: 'GRANT_ALREADY_ACTIVE, GRANT_ID_DUPLICATE, INSTITUTION_NOT_ACTIVE',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'GRANT_SCOPE_NOT_FOUND (details.field: organizationId or planId), REQUIRED_FIELD_MISSING (organizationId, planId), INVALID_FIELD (a field the role does not use; validUntil before today)',
  })
  @ApiCommandErrors()
  async grant(
    @Param('sub', SubPipe) sub: string,
    @Body() body: GrantRoleRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const grantId = body.grantId ?? newResourceId('grant');
    const result = await grantRole(this.commands, sub, plain({ ...body, grantId }));
    return commandResponse(grantId, result, res);
  }
}

export type GrantRoleData = Omit<GrantRole['data'], 'context' | 'sub'>;

/**
 * Reads the institution, organization or plan the grant names (the decider sees only the
 * person's stream), then decides. The demo grants its people's roles through here too.
 */
export async function grantRole(commands: CommandHandling, sub: string, data: GrantRoleData) {
  const context: GrantScopeContext = {};
  const id = data.organizationId;
  if (data.role === 'institution' && id) {
    const { state } = await commands.load(institutionStreamName(id), institutionDecider);
    context.institution = toInstitutionRef(id, state);
  } else if (data.role === 'counterpart' && id) {
    const { state } = await commands.load(organizationStreamName(id), organizationDecider);
    context.organization = toOrganizationRef(id, state);
  } else if (data.role === 'core-group' && data.planId) {
    const { state } = await commands.load(actionPlanStreamName(data.planId), actionPlanDecider);
    context.plan = toPlanRef(data.planId, state);
  }
  return commands.handle(
    personStreamName(sub),
    accessDecider,
    decideWith(accessDecider, 'GrantRole', { ...data, sub, context }),
  );
}
