import { Module } from '@nestjs/common';
import { GetInstitutionHttpController } from './get-institution/get-institution.http.controller';
import { GetInstitutionHandler } from './get-institution/get-institution.query';
import { RecordInstitutionalRedesignHttpController } from './record-institutional-redesign/record-institutional-redesign.http.controller';
import { RegisterInstitutionHttpController } from './register-institution/register-institution.http.controller';

@Module({
  controllers: [
    RegisterInstitutionHttpController,
    RecordInstitutionalRedesignHttpController,
    GetInstitutionHttpController,
  ],
  providers: [GetInstitutionHandler],
})
export class InstitutionsModule {}
