import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Issuer, generators, type BaseClient } from 'openid-client';
import { appConfig, type AppConfig } from '@hitos/config';
import { DevIdentityProvider, originOf } from './dev-identity-provider';

/**
 * What hitos keeps, between sending the browser to the provider and its return, to check the
 * answer is the one it asked for (in a signed, httpOnly cookie of ten minutes).
 */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Where in hitos the person was going (a local path). */
  returnTo: string;
}

/** The person the provider vouched for. */
export interface SignedInPerson {
  sub: string;
  name: string | null;
}

/**
 * hitos as an OpenID Connect relying party (`openid-client` 5, a certified library): discovery,
 * the authorization-code flow with PKCE (S256), state and nonce, and the id_token's signature,
 * issuer, audience and times checked by the library. The provider is the configured one
 * (`HITOS_OIDC_*`) or, in development, the one in this process.
 */
@Injectable()
export class RelyingParty {
  private client?: Promise<BaseClient>;

  constructor(
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    private readonly devProvider: DevIdentityProvider,
  ) {}

  /** Whether anyone can sign in here (a provider is configured, or the development one runs). */
  get available(): boolean {
    return Boolean(this.config.oidc) || this.devProvider.enabled;
  }

  /** The provider's authorization URL for a new sign-in, and what to keep until it returns. */
  async begin(req: Request, returnTo: string): Promise<{ url: string; pending: PendingSignIn }> {
    const client = await this.clientFor(req);
    const pending: PendingSignIn = {
      state: generators.state(),
      nonce: generators.nonce(),
      codeVerifier: generators.codeVerifier(),
      returnTo,
    };
    const url = client.authorizationUrl({
      scope: 'openid profile',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: generators.codeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, pending };
  }

  /**
   * Exchanges the code the provider sent back for tokens and checks them (state, nonce, PKCE,
   * the id_token): throws on any mismatch or provider error.
   */
  async complete(req: Request, pending: PendingSignIn): Promise<SignedInPerson> {
    const client = await this.clientFor(req);
    const tokens = await client.callback(this.redirectUri(req), client.callbackParams(req), {
      state: pending.state,
      nonce: pending.nonce,
      code_verifier: pending.codeVerifier,
    });
    const claims = tokens.claims();
    // Providers that keep the profile out of the id_token give it at the userinfo endpoint.
    const name =
      typeof claims.name === 'string'
        ? claims.name
        : tokens.access_token
          ? (await client.userinfo(tokens, { method: 'GET' })).name
          : undefined;
    return { sub: claims.sub, name: typeof name === 'string' ? name : null };
  }

  private redirectUri(req: Request): string {
    return `${originOf(req, this.config)}/auth/callback`;
  }

  private clientFor(req: Request): Promise<BaseClient> {
    this.client ??= this.discover(req).catch((error: unknown) => {
      // A provider that was down at the first sign-in is asked again at the next.
      this.client = undefined;
      throw error;
    });
    return this.client;
  }

  private async discover(req: Request): Promise<BaseClient> {
    const registration =
      this.config.oidc ?? (await this.devProvider.client(originOf(req, this.config)));
    const issuer = await Issuer.discover(registration.issuer);
    return new issuer.Client({
      client_id: registration.clientId,
      client_secret: registration.clientSecret,
      redirect_uris: [this.redirectUri(req)],
      response_types: ['code'],
    });
  }
}
