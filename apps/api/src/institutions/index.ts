export * from './get-institution/get-institution.query';
export { InstitutionsModule } from './institutions.module';
