import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ReadModelsModule } from '../read-models/read-models.module';
import { MeHttpController } from './me/me.http.controller';
import { PresidencyBootstrap } from './presidency-bootstrap';
import { SessionStore } from './sessions/session-store';
import { DevIdentityProvider } from './sign-in/dev-identity-provider';
import { RelyingParty } from './sign-in/relying-party';
import { SignInController } from './sign-in/sign-in.controller';

/**
 * Who is asking: sign-in with the identity provider (and the development one), browser
 * sessions, the signed-in person and their personal access tokens. The guard (auth.guard.ts)
 * reads sessions from here. See docs/access.md.
 */
@Module({
  imports: [AccessModule, ReadModelsModule],
  controllers: [SignInController, MeHttpController],
  providers: [SessionStore, DevIdentityProvider, RelyingParty, PresidencyBootstrap],
  exports: [SessionStore, DevIdentityProvider],
})
export class AuthModule {}
