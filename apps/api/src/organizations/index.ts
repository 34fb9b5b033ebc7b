export * from './register-organization/register-organization.command';
export * from './get-organization/get-organization.query';
export { OrganizationsModule } from './organizations.module';
