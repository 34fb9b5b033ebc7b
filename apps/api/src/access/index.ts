export { AccessModule } from './access.module';
export { AccessGrants } from './access-grants.service';
