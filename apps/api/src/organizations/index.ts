export * from './get-organization/get-organization.query';
export { OrganizationsModule } from './organizations.module';
