import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module';
import { GetOrganizationHttpController } from './get-organization/get-organization.http.controller';
import { RegisterOrganizationHttpController } from './register-organization/register-organization.http.controller';

@Module({
  imports: [ReadModelsModule],
  controllers: [RegisterOrganizationHttpController, GetOrganizationHttpController],
})
export class OrganizationsModule {}
