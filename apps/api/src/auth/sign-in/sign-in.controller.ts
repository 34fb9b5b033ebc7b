import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import type { VNode } from 'preact';
import { ClsService } from 'nestjs-cls';
import { activeGrants } from '@hitos/domain';
import { appConfig, type AppConfig } from '@hitos/config';
import { Clock } from '@hitos/event-store';
import { AccessGrants } from '../../access/access-grants.service';
import { PortalNames } from '../../portal/portal-names';
import { renderDocument } from '../../portal/components/render';
import type { Locale } from '../../portal/i18n/locale';
import { requestLocale } from '../../portal/i18n/request-locale';
import { ReadModels } from '../../read-models/read-models.service';
import { IgnoresSession, Public } from '../auth.decorators';
import { CONTEXT_PERSON, CSRF_COOKIE, SESSION_COOKIE, type SignedInPerson } from '../credentials';
import { SessionStore } from '../sessions/session-store';
import { DEV_INTERACTION_PATH, DevIdentityProvider } from './dev-identity-provider';
import { DEV_PASSWORD, devPersonByLogin } from './dev-people';
import { RelyingParty, type PendingSignIn } from './relying-party';
import { ChooseRolePage, DevSignInPage, SignInFailedPage, signInText } from './sign-in.pages';

/** The sign-in's paths outside `/api` (app.setup.ts excludes them from the prefix). */
export const SIGN_IN_ROUTES = [
  'auth/login',
  'auth/callback',
  'auth/logout',
  'auth/rol',
  'auth/acting-as',
  `${DEV_INTERACTION_PATH.slice(1)}/:uid`,
] as const;

/** What hitos keeps between sending the browser to the provider and its return. */
const PENDING_COOKIE = 'hitos_signin';
const PENDING_MAX_AGE_MS = 10 * 60_000;

/**
 * Signing in with the identity provider (OpenID Connect, authorization code with PKCE):
 * `/auth/login` sends the browser to the provider, `/auth/callback` checks what it sends back
 * and opens hitos's own session (an httpOnly, SameSite=Lax cookie, with a CSRF token beside
 * it), `/auth/logout` ends it. A person who holds several grants chooses which to act under at
 * `/auth/rol`. With no provider configured (development), the provider in this process asks for
 * the demo's people at `/auth/dev/interaction/:uid`. See docs/access.md.
 */
@ApiExcludeController()
@Controller()
export class SignInController {
  constructor(
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    private readonly relyingParty: RelyingParty,
    private readonly devProvider: DevIdentityProvider,
    private readonly sessions: SessionStore,
    private readonly grants: AccessGrants,
    private readonly views: ReadModels,
    private readonly clock: Clock,
    private readonly cls: ClsService,
  ) {}

  @Get('auth/login')
  @Public()
  @IgnoresSession()
  async login(@Query('returnTo') returnTo: unknown, @Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    if (!this.relyingParty.available) {
      return this.page(
        res,
        503,
        SignInFailedPage({ locale, detail: signInText(locale.lang).unavailable }),
      );
    }
    const { url, pending } = await this.relyingParty.begin(req, localPath(returnTo));
    res.cookie(PENDING_COOKIE, JSON.stringify(pending), {
      ...this.cookieBase(req),
      httpOnly: true,
      signed: true,
      maxAge: PENDING_MAX_AGE_MS,
      path: '/auth',
    });
    res.redirect(303, url);
  }

  @Get('auth/callback')
  @Public()
  @IgnoresSession()
  async callback(@Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req);
    const pending = readPending(req);
    res.clearCookie(PENDING_COOKIE, { path: '/auth' });
    if (!pending) {
      return this.failed(res, locale, {
        es: 'El inicio de sesión caducó o se abrió en otra ventana: vuelva a intentarlo.',
        en: 'The sign-in expired or was started in another window: please try again.',
      });
    }
    let person;
    try {
      person = await this.relyingParty.complete(req, pending);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return this.failed(res, locale, {
        es: `El proveedor de identidad no confirmó el inicio de sesión (${why}).`,
        en: `The identity provider did not confirm the sign-in (${why}).`,
      });
    }
    const active = activeGrants(await this.grants.person(person.sub), this.clock.now());
    const session = this.sessions.open(
      person.sub,
      person.name,
      active.length === 1 ? active[0].grantId : null,
    );
    const base = this.cookieBase(req);
    const maxAge = this.sessions.ttlSeconds * 1000;
    res.cookie(SESSION_COOKIE, session.id, { ...base, httpOnly: true, maxAge, path: '/' });
    res.cookie(CSRF_COOKIE, session.csrf, { ...base, sameSite: 'strict', maxAge, path: '/' });
    // More than one role: the person says which they act in before going on.
    const next =
      active.length > 1
        ? `/auth/rol?returnTo=${encodeURIComponent(pending.returnTo)}`
        : pending.returnTo;
    res.redirect(303, next);
  }

  /** Ends the session (a form's POST, with the session's CSRF token, checked by the guard). */
  @Post('auth/logout')
  @Public()
  logout(@Req() req: Request, @Res() res: Response) {
    this.sessions.close((req.cookies as Record<string, string>)[SESSION_COOKIE]);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.clearCookie(CSRF_COOKIE, { path: '/' });
    res.redirect(303, '/');
  }

  @Get('auth/rol')
  @Public()
  async chooseRole(
    @Query('returnTo') returnTo: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const locale = requestLocale(req);
    const person = this.cls.get<SignedInPerson | undefined>(CONTEXT_PERSON);
    if (person?.via !== 'session') {
      return res.redirect(303, `/auth/login?returnTo=${encodeURIComponent(req.originalUrl)}`);
    }
    const grants = activeGrants(await this.grants.person(person.sub), this.clock.now());
    const { db } = await this.views.open('registry');
    const names = PortalNames.read(db);
    const csrf = (req.cookies as Record<string, string>)[CSRF_COOKIE] ?? '';
    this.page(
      res,
      200,
      ChooseRolePage({
        locale,
        data: {
          grants,
          nameOf: (id) => names.named(id),
          csrf,
          returnTo: localPath(returnTo),
        },
      }),
    );
  }

  /** The person acts under another of their grants from now on (it must be active, theirs). */
  @Post('auth/acting-as')
  @Public()
  async actAs(
    @Body() body: { grantId?: unknown; returnTo?: unknown },
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const person = this.cls.get<SignedInPerson | undefined>(CONTEXT_PERSON);
    if (person?.via !== 'session') {
      return res.redirect(303, '/auth/login');
    }
    const grants = activeGrants(await this.grants.person(person.sub), this.clock.now());
    const grant = grants.find((g) => g.grantId === body.grantId);
    if (!grant) {
      const locale = requestLocale(req);
      return this.failed(
        res,
        locale,
        {
          es: 'Ese rol no está entre sus otorgamientos vigentes.',
          en: 'That role is not among your active grants.',
        },
        403,
      );
    }
    this.sessions.actAs((req.cookies as Record<string, string>)[SESSION_COOKIE], grant.grantId);
    res.redirect(303, localPath(body.returnTo));
  }

  // ── The development provider's sign-in form (only when it runs) ─────────────────────────

  @Get(`${DEV_INTERACTION_PATH.slice(1)}/:uid`)
  @Public()
  @IgnoresSession()
  async devForm(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response) {
    if (!this.devProvider.enabled) return res.sendStatus(404);
    if (!(await this.interactionWaits(req, res))) return;
    this.page(
      res,
      200,
      DevSignInPage({
        locale: requestLocale(req),
        form: { action: `${DEV_INTERACTION_PATH}/${uid}`, login: '', error: null },
      }),
    );
  }

  @Post(`${DEV_INTERACTION_PATH.slice(1)}/:uid`)
  @Public()
  @IgnoresSession()
  async devSignIn(
    @Param('uid') uid: string,
    @Body() body: { login?: unknown; password?: unknown },
    @Req() req: Request,
    @Res() res: Response,
  ) {
    if (!this.devProvider.enabled) return res.sendStatus(404);
    if (!(await this.interactionWaits(req, res))) return;
    const locale = requestLocale(req);
    const t = signInText(locale.lang);
    const login = typeof body.login === 'string' ? body.login : '';
    const person = devPersonByLogin(login);
    const error = !person
      ? ({ field: 'login', message: t.badLogin } as const)
      : body.password !== DEV_PASSWORD
        ? ({ field: 'password', message: t.badPassword } as const)
        : null;
    if (error || !person) {
      return this.page(
        res,
        422,
        DevSignInPage({ locale, form: { action: `${DEV_INTERACTION_PATH}/${uid}`, login, error } }),
      );
    }
    await this.devProvider.signedIn(req, res, person.sub);
  }

  /** Whether the provider still waits for this sign-in; if not, says so and offers a new one. */
  private async interactionWaits(req: Request, res: Response): Promise<boolean> {
    try {
      await this.devProvider.interaction(req, res);
      return true;
    } catch {
      this.failed(res, requestLocale(req), {
        es: 'Este inicio de sesión ya no está en curso (caducó o terminó): empiece de nuevo.',
        en: 'This sign-in is no longer in progress (it expired or ended): start again.',
      });
      return false;
    }
  }

  private failed(
    res: Response,
    locale: Locale,
    detail: { es: string; en: string },
    status = 400,
  ): void {
    this.page(res, status, SignInFailedPage({ locale, detail: detail[locale.lang] }));
  }

  private page(res: Response, status: number, page: VNode): void {
    res
      .status(status)
      .type('text/html; charset=utf-8')
      .setHeader('Cache-Control', 'no-store')
      .send(renderDocument(page));
  }

  private cookieBase(req: Request): CookieOptions {
    const secure = (this.config.publicUrl ?? `${req.protocol}:`).startsWith('https:');
    return { sameSite: 'lax', secure };
  }
}

/** A path inside hitos to return to: anything else (another site, `//host`) goes to /trabajo. */
export function localPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/trabajo';
}

function readPending(req: Request): PendingSignIn | null {
  const raw = (req.signedCookies as Record<string, unknown> | undefined)?.[PENDING_COOKIE];
  if (typeof raw !== 'string') return null;
  try {
    const pending = JSON.parse(raw) as PendingSignIn;
    return typeof pending.state === 'string' && typeof pending.codeVerifier === 'string'
      ? pending
      : null;
  } catch {
    return null;
  }
}
