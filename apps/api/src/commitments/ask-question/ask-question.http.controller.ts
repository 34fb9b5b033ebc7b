import { Body, Controller, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { commandResponse } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { AskQuestions } from './ask-question';
import { AskQuestionRequestDto, AskQuestionResponseDto } from './ask-question.request.dto';
import { QuestionThrottlerGuard } from './question-throttler.guard';

@ApiTags('commitments')
@Controller('commitments')
export class AskQuestionHttpController {
  constructor(private readonly questions: AskQuestions) {}

  @Post(':commitmentId/questions')
  @HttpCode(201)
  @Public()
  @UseGuards(QuestionThrottlerGuard)
  @ApiOperation({
    summary: 'Hacer una pregunta ciudadana / ask a citizen question',
    description:
      'Anyone, signed in or not, asks a public question about a signed commitment (name optional; e-mail optional, never shown nor recorded in the events). The responsible institution must answer within HITOS_QUESTION_ANSWER_DAYS days (15 by default). Limited per client address (429 TOO_MANY_QUESTIONS).',
  })
  @ApiCreatedResponse({ type: AskQuestionResponseDto })
  @ApiTooManyRequestsResponse({
    description: 'TOO_MANY_QUESTIONS: the address asked too many questions this hour',
  })
  @ApiConflictResponse({
    description:
      'COMMAND_NOT_ALLOWED_IN_STATUS (a draft), COMMITMENT_WITHDRAWN, QUESTION_ID_DUPLICATE (404: COMMITMENT_NOT_FOUND; 422: TEXT_LENGTH_OUT_OF_RANGE, REQUIRED_FIELD_MISSING)',
  })
  @ApiCommandErrors()
  async ask(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Body() body: AskQuestionRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { questionId, result } = await this.questions.ask(commitmentId, body);
    return { ...commandResponse(commitmentId, result, res), questionId };
  }
}
