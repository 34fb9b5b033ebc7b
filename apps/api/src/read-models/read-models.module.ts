import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import { AuditTrailHttpController } from './audit-trail.http.controller';
import { PlanViewsHttpController } from './plan-views.http.controller';
import { PortfoliosHttpController } from './portfolios.http.controller';
import { ReadModels } from './read-models.service';

@Module({
  imports: [ProjectionsModule],
  controllers: [PlanViewsHttpController, AuditTrailHttpController, PortfoliosHttpController],
  providers: [ReadModels],
})
export class ReadModelsModule {}
