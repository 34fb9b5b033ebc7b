import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { newResourceId } from '../../http/resource-id';
import { DraftCommitmentCommand } from './draft-commitment.command';
import { DraftCommitmentRequestDto } from './draft-commitment.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class DraftCommitmentHttpController {
  constructor(private readonly commandBus: CommandBus) {}

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
    const result = await this.commandBus.execute(
      new DraftCommitmentCommand(commitmentId, plain({ ...body, commitmentId })),
    );
    return commandResponse(commitmentId, result, res);
  }
}
