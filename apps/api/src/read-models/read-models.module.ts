import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import { TransparencyModule } from '../transparency/transparency.module';
import { AuditTrailHttpController } from './audit-trail.http.controller';
import { AuditPackageHttpController } from './audit-package.http.controller';
import { PlanViewsHttpController } from './plan-views.http.controller';
import { PortfoliosHttpController } from './portfolios.http.controller';
import { ReadModels } from './read-models.service';
import { TimeTravel } from './time-travel.service';
import { TimeTravelFolds } from './time-travel-folds.service';
import {
  GetRegisteredHandler,
  GetRegisteredJsonHandler,
  ListRegisteredHandler,
} from './registry.query';
import { LiveHttpController } from '../live/live.http.controller';
import { LiveUpdates } from '../live/live-updates.service';
import { Representations } from '../http/http-caching';
import { PublicReadsFront } from './public-reads.middleware';

@Module({
  imports: [ProjectionsModule, TransparencyModule],
  controllers: [
    PlanViewsHttpController,
    AuditTrailHttpController,
    AuditPackageHttpController,
    PortfoliosHttpController,
    LiveHttpController,
  ],
  providers: [
    ReadModels,
    TimeTravel,
    TimeTravelFolds,
    LiveUpdates,
    GetRegisteredHandler,
    GetRegisteredJsonHandler,
    ListRegisteredHandler,
    { provide: Representations, useFactory: () => new Representations() },
    PublicReadsFront,
  ],
  exports: [ReadModels, TimeTravel, TimeTravelFolds, Representations, PublicReadsFront],
})
export class ReadModelsModule {}
