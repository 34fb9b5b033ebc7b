import { Module } from '@nestjs/common';
import { GetActionPlanHandler } from './get-action-plan/get-action-plan.query';
import { GetActionPlanHttpController } from './get-action-plan/get-action-plan.http.controller';
import { RegisterActionPlanHttpController } from './register-action-plan/register-action-plan.http.controller';

@Module({
  controllers: [RegisterActionPlanHttpController, GetActionPlanHttpController],
  providers: [GetActionPlanHandler],
})
export class ActionPlansModule {}
