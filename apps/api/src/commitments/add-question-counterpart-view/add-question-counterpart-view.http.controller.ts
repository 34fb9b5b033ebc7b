import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { commitmentDecider, commitmentStreamName, decideWith } from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { AddQuestionCounterpartViewRequestDto } from './add-question-counterpart-view.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class AddQuestionCounterpartViewHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post(':commitmentId/questions/:questionId/counterpart-view')
  @HttpCode(201)
  @Roles('counterpart')
  @ApiOperation({
    summary: 'Añadir la opinión de la contraparte / add the counterpart view',
    description: 'The commitment counterpart adds its view on a citizen question, once.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({
    description:
      'QUESTION_COUNTERPART_VIEW_ALREADY_ADDED, QUESTION_HIDDEN, COMMITMENT_WITHDRAWN (404: QUESTION_NOT_FOUND, COMMITMENT_NOT_FOUND; 403: FORBIDDEN_NOT_COUNTERPART)',
  })
  @ApiCommandErrors()
  async run(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Param('questionId', IdPipe) questionId: string,
    @Body() body: AddQuestionCounterpartViewRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.commands.handle(
      commitmentStreamName(commitmentId),
      commitmentDecider,
      decideWith(commitmentDecider, 'AddQuestionCounterpartView', plain({ ...body, questionId })),
    );
    return commandResponse(commitmentId, result, res);
  }
}
