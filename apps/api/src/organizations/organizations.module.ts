import { Module } from '@nestjs/common';
import { GetOrganizationHttpController } from './get-organization/get-organization.http.controller';
import { GetOrganizationHandler } from './get-organization/get-organization.query';
import { RegisterOrganizationHttpController } from './register-organization/register-organization.http.controller';

@Module({
  controllers: [RegisterOrganizationHttpController, GetOrganizationHttpController],
  providers: [GetOrganizationHandler],
})
export class OrganizationsModule {}
