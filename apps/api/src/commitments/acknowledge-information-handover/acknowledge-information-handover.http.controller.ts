import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { commitmentDecider, commitmentStreamName, decideWith } from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { AcknowledgeInformationHandoverRequestDto } from './acknowledge-information-handover.request.dto';
import { TransferChain } from '../transfer-chain';

@ApiTags('commitments')
@Controller('commitments')
export class AcknowledgeInformationHandoverHttpController {
  constructor(
    private readonly commands: CommandHandling,
    private readonly chain: TransferChain,
  ) {}

  @Post(':commitmentId/handover-acknowledgement')
  @HttpCode(201)
  @Roles('institution')
  @ApiOperation({
    summary:
      'Acusar recibo de la transferencia de información / acknowledge the information handover',
    description:
      'The receiving institution acknowledges the formal information handover, listing each document received with its SHA-256 digest. The transfer completes: it becomes the responsible institution and the commitment resumes the status it had. Only while AwaitingHandover.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'COMMAND_NOT_ALLOWED_IN_STATUS, COMMITMENT_CLOSED, COMMITMENT_WITHDRAWN (403: FORBIDDEN_NOT_RECEIVING_INSTITUTION; 404: COMMITMENT_NOT_FOUND)',
  })
  @ApiCommandErrors()
  async acknowledge(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Body() body: AcknowledgeInformationHandoverRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.chain.continue(commitmentId, 'AcknowledgeInformationHandover', () =>
      this.commands.handle(
        commitmentStreamName(commitmentId),
        commitmentDecider,
        decideWith(commitmentDecider, 'AcknowledgeInformationHandover', plain(body)),
      ),
    );
    return commandResponse(commitmentId, result, res);
  }
}
