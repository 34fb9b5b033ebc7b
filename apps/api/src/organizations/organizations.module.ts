import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module';
import { GetOrganizationHttpController } from './get-organization/get-organization.http.controller';
import { RegisterOrganizationHandler } from './register-organization/register-organization.command';
import { RegisterOrganizationHttpController } from './register-organization/register-organization.http.controller';

@Module({
  imports: [ReadModelsModule],
  controllers: [RegisterOrganizationHttpController, GetOrganizationHttpController],
  providers: [RegisterOrganizationHandler],
})
export class OrganizationsModule {}
