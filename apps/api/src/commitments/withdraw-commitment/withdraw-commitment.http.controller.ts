import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { commitmentDecider, commitmentStreamName, decideWith } from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { WithdrawCommitmentRequestDto } from './withdraw-commitment.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class WithdrawCommitmentHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post(':commitmentId/withdrawal')
  @HttpCode(201)
  @Roles('presidency')
  @ApiOperation({
    summary: 'Retirar un compromiso / withdraw a commitment',
    description:
      'The Presidency withdraws the commitment from the plan, with a reason; any status before Closed.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description: 'COMMITMENT_CLOSED, COMMITMENT_WITHDRAWN (404: COMMITMENT_NOT_FOUND)',
  })
  @ApiCommandErrors()
  async withdraw(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Body() body: WithdrawCommitmentRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'WithdrawCommitment', plain(body)),
    );
    return commandResponse(commitmentId, result, res);
  }
}
