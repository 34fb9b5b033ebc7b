export * from './register-institution/register-institution.command';
export * from './record-institutional-redesign/record-institutional-redesign.command';
export * from './get-institution/get-institution.query';
export { InstitutionsModule } from './institutions.module';
