import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { decideWith, institutionDecider, institutionStreamName } from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { institutionRef } from '../../http/stream-refs';
import { RecordInstitutionalRedesignRequestDto } from './record-institutional-redesign.request.dto';

@ApiTags('institutions')
@Controller('institutions')
export class RecordInstitutionalRedesignHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post(':institutionId/redesigns')
  @HttpCode(201)
  @Roles('presidency')
  @ApiOperation({
    summary: 'Registrar un rediseño institucional / record an institutional redesign',
    description:
      'A legal instrument merged, split, renamed or abolished the institution. Successors must be registered and active.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'INSTITUTION_ENDED, REDESIGN_SUCCESSOR_NOT_ACTIVE (422: REDESIGN_SUCCESSOR_COUNT, REDESIGN_SUCCESSOR_IS_SELF, REDESIGN_SUCCESSOR_DUPLICATE, REDESIGN_NEW_NAME_REQUIRED; 404: INSTITUTION_NOT_FOUND, REDESIGN_SUCCESSOR_NOT_FOUND)',
  })
  @ApiCommandErrors()
  async redesign(
    @Param('institutionId', IdPipe) institutionId: string,
    @Body() body: RecordInstitutionalRedesignRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const data = plain(body);
    // The successors as their streams have them: each must be registered and active.
    const successors = await Promise.all(
      [...new Set(data.successorIds)].map((id) => institutionRef(this.commands, id)),
    );
    const result = await this.commands.handle(
      institutionStreamName(institutionId),
      institutionDecider,
      decideWith(institutionDecider, 'RecordInstitutionalRedesign', {
        ...data,
        institutionId,
        context: { successors },
      }),
    );
    return commandResponse(institutionId, result, res);
  }
}
