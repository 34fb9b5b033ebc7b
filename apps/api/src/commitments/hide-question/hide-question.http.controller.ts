import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { commitmentDecider, commitmentStreamName, decideWith } from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { HideQuestionRequestDto } from './hide-question.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class HideQuestionHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post(':commitmentId/questions/:questionId/hiding')
  @HttpCode(201)
  @Roles('presidency')
  @ApiOperation({
    summary: 'Retirar una pregunta / hide a question',
    description:
      'The Presidency hides a question as spam or abuse, with a reason that stays on record. Public views then show the reason instead of the text, and no answer is owed.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'QUESTION_HIDDEN (already hidden), COMMITMENT_WITHDRAWN (404: QUESTION_NOT_FOUND, COMMITMENT_NOT_FOUND)',
  })
  @ApiCommandErrors()
  async run(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Param('questionId', IdPipe) questionId: string,
    @Body() body: HideQuestionRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'HideQuestion', plain({ ...body, questionId })),
    );
    return commandResponse(commitmentId, result, res);
  }
}
