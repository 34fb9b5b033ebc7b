import { Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { commitmentDecider, commitmentStreamName, decideWith } from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';

@ApiTags('commitments')
@Controller('commitments')
export class CompleteMilestoneHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post(':commitmentId/milestones/:milestoneId/completion')
  @HttpCode(201)
  @Roles('institution')
  @ApiOperation({
    summary: 'Completar un hito / complete a milestone',
    description:
      'The responsible institution declares a milestone done, backed by an endorsed 100% report. The last one completes the commitment.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'MILESTONE_NOT_ENDORSED_COMPLETE, MILESTONE_ALREADY_COMPLETED, COMMAND_NOT_ALLOWED_IN_STATUS, COMMITMENT_CLOSED, COMMITMENT_WITHDRAWN (404: MILESTONE_NOT_FOUND, COMMITMENT_NOT_FOUND; 403: FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION)',
  })
  @ApiCommandErrors()
  async complete(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Param('milestoneId', IdPipe) milestoneId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'CompleteMilestone', { milestoneId }),
    );
    return commandResponse(commitmentId, result, res);
  }
}
