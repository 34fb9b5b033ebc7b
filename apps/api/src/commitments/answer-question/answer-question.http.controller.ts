import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { commitmentDecider, commitmentStreamName, decideWith } from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { AnswerQuestionRequestDto } from './answer-question.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class AnswerQuestionHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post(':commitmentId/questions/:questionId/answer')
  @HttpCode(201)
  @Roles('institution')
  @ApiOperation({
    summary: 'Responder una pregunta ciudadana / answer a citizen question',
    description:
      'The responsible institution answers a citizen question, once. Late answers are accepted and shown as late.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'QUESTION_ALREADY_ANSWERED, QUESTION_HIDDEN, COMMITMENT_WITHDRAWN (404: QUESTION_NOT_FOUND, COMMITMENT_NOT_FOUND; 403: FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION)',
  })
  @ApiCommandErrors()
  async run(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Param('questionId', IdPipe) questionId: string,
    @Body() body: AnswerQuestionRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'AnswerQuestion', plain({ ...body, questionId })),
    );
    return commandResponse(commitmentId, result, res);
  }
}
