import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module';
import { GetActionPlanHttpController } from './get-action-plan/get-action-plan.http.controller';
import { RegisterActionPlanHttpController } from './register-action-plan/register-action-plan.http.controller';

@Module({
  imports: [ReadModelsModule],
  controllers: [RegisterActionPlanHttpController, GetActionPlanHttpController],
})
export class ActionPlansModule {}
