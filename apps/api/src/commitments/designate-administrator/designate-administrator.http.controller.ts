import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { DesignateAdministratorCommand } from './designate-administrator.command';
import { DesignateAdministratorRequestDto } from './designate-administrator.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class DesignateAdministratorHttpController {
  constructor(private readonly commandBus: CommandBus) {}

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
    const result = await this.commandBus.execute(
      new DesignateAdministratorCommand(commitmentId, plain(body)),
    );
    return commandResponse(commitmentId, result, res);
  }
}
