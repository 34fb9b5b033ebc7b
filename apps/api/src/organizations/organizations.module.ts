import { Module } from '@nestjs/common';
import { GetOrganizationHttpController } from './get-organization/get-organization.http.controller';
import { GetOrganizationHandler } from './get-organization/get-organization.query';
import { RegisterOrganizationHandler } from './register-organization/register-organization.command';
import { RegisterOrganizationHttpController } from './register-organization/register-organization.http.controller';

@Module({
  controllers: [RegisterOrganizationHttpController, GetOrganizationHttpController],
  providers: [RegisterOrganizationHandler, GetOrganizationHandler],
})
export class OrganizationsModule {}
