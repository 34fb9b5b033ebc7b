import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Provider } from 'oidc-provider';
import { appConfig, type AppConfig } from '@hitos/config';
import { DEV_PEOPLE } from './dev-people';

/** Where the development provider lives, under hitos's own origin. */
export const DEV_PROVIDER_PATH = '/oidc';
/** Where it sends the browser to sign in (hitos renders the form: dev-sign-in.page.tsx). */
export const DEV_INTERACTION_PATH = '/auth/dev/interaction';

/** The relying party's registration at the development provider, made once per process. */
export interface DevClient {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/**
 * The development OpenID Connect provider (`oidc-provider` 7, a certified implementation) run in
 * this process when no provider is configured and hitos is not in production: `npm start` and
 * the tests sign people in through the real authorization-code flow with PKCE, with the demo's
 * people (dev-people.ts). It is created on the first sign-in, when hitos knows the origin the
 * browser uses (`HITOS_PUBLIC_URL`, or that request's host), which is its issuer's origin.
 * Keys, client secret and cookie keys are random per process: a restart signs everyone out of
 * the provider, never out of hitos's own sessions.
 */
@Injectable()
export class DevIdentityProvider {
  readonly enabled: boolean;
  private started?: Promise<{ provider: Provider; client: DevClient }>;

  constructor(@Inject(appConfig.KEY) private readonly config: AppConfig) {
    this.enabled = !config.oidc && !config.production;
  }

  /** The provider's registration of hitos, starting the provider for `origin` if need be. */
  async client(origin: string): Promise<DevClient> {
    return (await this.start(origin)).client;
  }

  /** Express middleware serving the provider under {@link DEV_PROVIDER_PATH}. */
  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      if (!this.enabled) return next();
      this.start(originOf(req, this.config))
        .then(({ provider }) => provider.callback()(req, res))
        .catch(next);
    };
  }

  /** The sign-in the provider is waiting for (the interaction's cookie names it). */
  async interaction(req: Request, res: Response) {
    const { provider } = await this.start(originOf(req, this.config));
    return provider.interactionDetails(req, res);
  }

  /** Ends the provider's interaction: the person is signed in, the flow returns to hitos. */
  async signedIn(req: Request, res: Response, sub: string): Promise<void> {
    const { provider } = await this.start(originOf(req, this.config));
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: sub } },
      { mergeWithLastSubmission: false },
    );
  }

  private start(origin: string) {
    this.started ??= createProvider(origin);
    return this.started;
  }
}

/** The origin browsers use: the configured public URL, or (development) the request's own. */
export function originOf(req: Request, config: AppConfig): string {
  return config.publicUrl ?? `${req.protocol}://${req.get('host')}`;
}

async function createProvider(origin: string): Promise<{ provider: Provider; client: DevClient }> {
  // A development dependency: loaded only when this provider runs, never in production.
  const { Provider } = await import('oidc-provider');
  const issuer = `${origin}${DEV_PROVIDER_PATH}`;
  const client = {
    issuer,
    clientId: 'hitos-dev',
    clientSecret: randomBytes(32).toString('base64url'),
  };
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [`${origin}/auth/callback`],
        post_logout_redirect_uris: [`${origin}/`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], profile: ['name'] },
    // Short-lived artifacts: hitos opens its own session from the id_token at once.
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
    },
    pkce: { methods: ['S256'], required: () => true },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `${DEV_INTERACTION_PATH}/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const person = DEV_PEOPLE.find((p) => p.sub === sub);
      return person ? { accountId: sub, claims: () => ({ sub, name: person.name }) } : undefined;
    },
    // hitos is the provider's only client and first-party: no consent screen, the person's
    // sign-in grants it the `openid profile` scopes it asks for.
    loadExistingGrant: async (ctx) => {
      const { oidc } = ctx;
      const id = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(oidc.client!.clientId);
      if (id) return oidc.provider.Grant.find(id);
      const grant = new oidc.provider.Grant({
        clientId: oidc.client!.clientId,
        accountId: oidc.session!.accountId!,
      });
      grant.addOIDCScope('openid profile');
      await grant.save();
      return grant;
    },
    renderError: (ctx, out) => {
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `No se pudo iniciar sesión / Sign-in failed: ${out.error}${
        out.error_description ? ` (${out.error_description})` : ''
      }\n`;
    },
  });
  provider.proxy = true;
  return { provider, client };
}
