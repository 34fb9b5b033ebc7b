import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { actionPlanDecider, actionPlanStreamName, decideWith } from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { newResourceId } from '../../http/resource-id';
import { RegisterActionPlanRequestDto } from './register-action-plan.request.dto';

@ApiTags('action plans')
@Controller('action-plans')
export class RegisterActionPlanHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post()
  @HttpCode(201)
  @Roles('presidency')
  @ApiOperation({
    summary: 'Registrar un plan de acción / register an action plan',
    description: 'The Presidency registers an OGP action plan with its period and Core Group.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({ description: 'PLAN_ALREADY_REGISTERED' })
  @ApiCommandErrors()
  async register(
    @Body() body: RegisterActionPlanRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const planId = body.planId ?? newResourceId('plan');
    const result = await this.commands.handle(
      actionPlanStreamName(planId),
      actionPlanDecider,
      decideWith(actionPlanDecider, 'RegisterActionPlan', plain({ ...body, planId })),
    );
    return commandResponse(planId, result, res);
  }
}
