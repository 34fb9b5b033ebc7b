import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { commitmentDecider, commitmentStreamName, decideWith } from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { newResourceId } from '../../http/resource-id';
import { IdentifyResourceRequestDto } from './identify-resource.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class IdentifyResourceHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post(':commitmentId/resources')
  @HttpCode(201)
  @Roles('institution')
  @ApiOperation({
    summary: 'Identificar un recurso / identify a resource',
    description:
      'The responsible institution identifies a technical, human, logistic, financial (with a budget certification) or cooperation resource. Answers with the resource id.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'RESOURCE_ID_DUPLICATE, COMMITMENT_CLOSED, COMMITMENT_WITHDRAWN, COMMAND_NOT_ALLOWED_IN_STATUS (422: RESOURCE_BUDGET_CERTIFICATION_REQUIRED, RESOURCE_COOPERANT_REQUIRED; 404: COMMITMENT_NOT_FOUND; 403: FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION)',
  })
  @ApiCommandErrors()
  async identify(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Body() body: IdentifyResourceRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const resourceId = body.resourceId ?? newResourceId('resource');
    const result = await this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'IdentifyResource', plain({ ...body, resourceId })),
    );
    return commandResponse(resourceId, result, res);
  }
}
