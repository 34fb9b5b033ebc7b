import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module';
import { GetInstitutionHttpController } from './get-institution/get-institution.http.controller';
import { RecordInstitutionalRedesignHttpController } from './record-institutional-redesign/record-institutional-redesign.http.controller';
import { RegisterInstitutionHttpController } from './register-institution/register-institution.http.controller';

@Module({
  imports: [ReadModelsModule],
  controllers: [
    RegisterInstitutionHttpController,
    RecordInstitutionalRedesignHttpController,
    GetInstitutionHttpController,
  ],
})
export class InstitutionsModule {}
