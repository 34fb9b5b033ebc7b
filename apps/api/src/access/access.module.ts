import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module';
import { AccessGrants } from './access-grants.service';
import { AccessHttpController } from './get-grants/access.http.controller';
import { PeopleForHandler, PersonGrantsHandler } from './get-grants/access.query';
import { GrantRoleHttpController } from './grant-role/grant-role.http.controller';
import { RevokeRoleHttpController } from './revoke-role/revoke-role.http.controller';

/** Who may act for whom: grants and revocations of people's roles, and who holds them. */
@Module({
  imports: [ReadModelsModule],
  controllers: [GrantRoleHttpController, RevokeRoleHttpController, AccessHttpController],
  providers: [AccessGrants, PersonGrantsHandler, PeopleForHandler],
  exports: [AccessGrants],
})
export class AccessModule {}
