export * from './register-organization/register-organization.command';
export { OrganizationsModule } from './organizations.module';
