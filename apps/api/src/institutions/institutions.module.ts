import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module';
import { GetInstitutionHttpController } from './get-institution/get-institution.http.controller';
import { RecordInstitutionalRedesignHandler } from './record-institutional-redesign/record-institutional-redesign.command';
import { RecordInstitutionalRedesignHttpController } from './record-institutional-redesign/record-institutional-redesign.http.controller';
import { RegisterInstitutionHandler } from './register-institution/register-institution.command';
import { RegisterInstitutionHttpController } from './register-institution/register-institution.http.controller';

@Module({
  imports: [ReadModelsModule],
  controllers: [
    RegisterInstitutionHttpController,
    RecordInstitutionalRedesignHttpController,
    GetInstitutionHttpController,
  ],
  providers: [RegisterInstitutionHandler, RecordInstitutionalRedesignHandler],
})
export class InstitutionsModule {}
