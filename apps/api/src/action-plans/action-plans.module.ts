import { Module } from '@nestjs/common';
import { GetActionPlanHandler } from './get-action-plan/get-action-plan.query';
import { GetActionPlanHttpController } from './get-action-plan/get-action-plan.http.controller';
import { RegisterActionPlanHandler } from './register-action-plan/register-action-plan.command';
import { RegisterActionPlanHttpController } from './register-action-plan/register-action-plan.http.controller';

@Module({
  controllers: [RegisterActionPlanHttpController, GetActionPlanHttpController],
  providers: [RegisterActionPlanHandler, GetActionPlanHandler],
})
export class ActionPlansModule {}
