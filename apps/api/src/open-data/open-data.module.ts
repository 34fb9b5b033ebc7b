import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module';
import { OpenDataHttpController } from './open-data.http.controller';

/** The open data: the Frictionless Data Package and the Atom feeds (docs/open-data.md). */
@Module({
  imports: [ReadModelsModule],
  controllers: [OpenDataHttpController],
})
export class OpenDataModule {}
