export * from './get-commitment/get-commitment.query';
export * from './list-commitments/list-commitments.query';
export * from './commitment-visibility';
export { CommitmentsModule } from './commitments.module';
