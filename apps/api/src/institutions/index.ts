export * from './register-institution/register-institution.command';
export * from './record-institutional-redesign/record-institutional-redesign.command';
export { InstitutionsModule } from './institutions.module';
