import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { commitmentDecider, commitmentStreamName, decideWith } from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { DesignateAdministratorRequestDto } from './designate-administrator.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class DesignateAdministratorHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post(':commitmentId/administrator')
  @HttpCode(201)
  @Roles('institution')
  @ApiOperation({
    summary: 'Designar al administrador del acta / designate the acta administrator',
    description:
      'The responsible institution names (or replaces) the official who administers the acta.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'COMMITMENT_CLOSED, COMMITMENT_WITHDRAWN, COMMAND_NOT_ALLOWED_IN_STATUS (404: COMMITMENT_NOT_FOUND; 403: FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION)',
  })
  @ApiCommandErrors()
  async designate(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Body() body: DesignateAdministratorRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'DesignateAdministrator', plain(body)),
    );
    return commandResponse(commitmentId, result, res);
  }
}
