import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { commitmentDecider, commitmentStreamName, decideWith } from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { SignActaRequestDto } from './sign-acta.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class SignActaHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post(':commitmentId/acta/signatures')
  @HttpCode(201)
  @Roles('institution', 'counterpart')
  @ApiOperation({
    summary: 'Firmar el acta de compromiso / sign the commitment act',
    description:
      "The institution's highest authority or the counterpart's representative signs; the party follows from the token. With both signatures the acta is valid and implementation starts.",
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'ADMINISTRATOR_NOT_DESIGNATED, NO_MILESTONES_PLANNED, ACTA_ALREADY_SIGNED_BY_PARTY, ACTA_NUMBER_MISMATCH, ACTA_PLACE_MISMATCH, COMMAND_NOT_ALLOWED_IN_STATUS, COMMITMENT_CLOSED, COMMITMENT_WITHDRAWN (422: DATE_IN_FUTURE; 404: COMMITMENT_NOT_FOUND; 403: FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION, FORBIDDEN_NOT_COUNTERPART)',
  })
  @ApiCommandErrors()
  async sign(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Body() body: SignActaRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'SignActa', plain(body)),
    );
    return commandResponse(commitmentId, result, res);
  }
}
