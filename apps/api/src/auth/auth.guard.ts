import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ClsService } from 'nestjs-cls';
import type { Request } from 'express';
import { Errors, activeGrants, grantOfToken, type GrantState } from '@hitos/domain';
import { appConfig, type AppConfig } from '@hitos/config';
import { Clock } from '@hitos/event-store';
import { AccessGrants } from '../access/access-grants.service';
import { ProblemException } from '../problem/problem.exception';
import { CONTEXT_ACTOR } from '../context/request-context';
import {
  ANONYMOUS,
  actorFromClaims,
  isRole,
  type Actor,
  type Role,
  type TokenClaims,
} from './actor';
import { NO_SESSION_KEY, PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import {
  CONTEXT_PERSON,
  CSRF_FIELD,
  CSRF_HEADER,
  SESSION_COOKIE,
  parseAccessToken,
  type Credential,
  type SignedInPerson,
} from './credentials';
import { SessionStore, csrfMatches } from './sessions/session-store';

/**
 * Every route passes here. The request's actor comes from, in this order: a bearer token (a
 * personal access token, or a development token — refused in production), which must be valid
 * (else 401); or a browser session's cookie, whose state-changing requests must carry its CSRF
 * token (else 403 CSRF_TOKEN_INVALID). A person signed in through the identity provider acts in
 * a role only under an active grant of it (docs/access.md), checked on every request so that a
 * revocation stops the next action. Routes marked {@link Public} admit anonymous readers; routes
 * with {@link Roles} admit only those roles (else 403 ROLE_NOT_ALLOWED, or NO_GRANT for a person
 * under no active grant). Routes with neither need any valid credential.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    private readonly cls: ClsService,
    private readonly grants: AccessGrants,
    private readonly clock: Clock,
    private readonly sessions: SessionStore,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    const ignoresSession = this.reflector.getAllAndOverride<boolean>(NO_SESSION_KEY, targets);

    const credential = request.headers.authorization
      ? await this.fromBearer(request.headers.authorization)
      : ignoresSession
        ? null
        : await this.fromSession(request);
    if (credential?.person) this.cls.set(CONTEXT_PERSON, credential.person);
    if (!credential) {
      this.cls.set(CONTEXT_ACTOR, ANONYMOUS);
      if (isPublic) return true;
      throw unauthorized(
        'Falta el token de acceso (Authorization: Bearer …) o una sesión iniciada.',
        'A bearer token (Authorization: Bearer …) or a signed-in session is required.',
      );
    }
    const { actor, ungranted } = credential;
    this.cls.set(CONTEXT_ACTOR, actor);
    // Signed in, but under no active grant (never given, revoked or expired): they read what
    // anyone reads, and act in no role.
    if (ungranted && !isPublic) {
      throw Errors.noGrant(ungranted.role ?? roles?.[0] ?? 'public', ungranted.organizationId);
    }
    // The domain's own refusal (the filter renders it): one code for a wrong role, at the door
    // or in a decider.
    if (roles && !roles.includes(actor.role)) throw Errors.roleNotAllowed(actor.role, roles);
    return true;
  }

  /** A development token (HS256, `npm run token`) or a personal access token. */
  private async fromBearer(header: string): Promise<Credential> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      throw unauthorized(
        'La cabecera Authorization debe ser "Bearer <token>".',
        'The Authorization header must be "Bearer <token>".',
      );
    }
    const pat = parseAccessToken(match[1]);
    if (pat) return this.fromAccessToken(pat.sub, pat.hash);
    if (this.config.production) {
      throw unauthorized(
        'Los tokens de desarrollo no se aceptan en producción: inicie sesión o use un token de acceso personal.',
        'Development tokens are refused in production: sign in, or use a personal access token.',
      );
    }
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(match[1]);
    } catch (error) {
      const expired = (error as Error).name === 'TokenExpiredError';
      throw unauthorized(
        expired ? 'El token de acceso expiró.' : 'El token de acceso no es válido.',
        expired ? 'The access token has expired.' : 'The access token is not valid.',
      );
    }
    // A token that never expires is a key that cannot be taken back: refused.
    if (typeof (claims as { exp?: unknown }).exp !== 'number') {
      throw unauthorized(
        'El token no tiene vencimiento (exp): pida uno nuevo con npm run token.',
        'The token has no expiry (exp): get a new one with npm run token.',
      );
    }
    if (typeof claims.sub !== 'string' || !claims.sub || !isRole(claims.role)) {
      throw unauthorized(
        'El token no lleva sujeto y rol válidos.',
        'The token lacks a valid subject and role.',
      );
    }
    const actor = actorFromClaims(claims);
    const person: SignedInPerson = {
      sub: claims.sub,
      name: claims.name ?? null,
      via: 'development-token',
      grantId: null,
    };
    // A token standing for an identity provider's person acts in its role only under an active
    // grant of it (who may act for whom is event-sourced, see docs/access.md); without one it
    // reads as anyone does.
    if (claims.idp === true && actor.role !== 'public') {
      const granted = await this.grants.mayAct(
        actor.id,
        actor.role,
        actor.organizationId,
        this.clock.now(),
      );
      if (!granted) {
        const { role, organizationId } = actor;
        return {
          actor: { id: actor.id, role: 'public' },
          person,
          ungranted: { role, organizationId },
        };
      }
    }
    return { actor, person };
  }

  /** A personal access token: its hash is in the person's stream, under a grant still active. */
  private async fromAccessToken(sub: string, hash: string): Promise<Credential> {
    const found = grantOfToken(await this.grants.person(sub), hash, this.clock.now());
    if (!found) {
      throw unauthorized(
        'El token de acceso personal no existe, fue revocado, expiró, o su rol ya no está vigente.',
        'The personal access token does not exist, was revoked, has expired, or its role is no longer granted.',
      );
    }
    return {
      actor: actorOfGrant(sub, found.grant),
      person: { sub, name: null, via: 'access-token', grantId: found.grant.grantId },
    };
  }

  /**
   * A browser session: the person acts under the grant they chose (or their only active one);
   * a request that changes something must carry the session's CSRF token.
   */
  private async fromSession(request: Request): Promise<Credential | null> {
    const id = (request.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    const session = this.sessions.find(id);
    if (!session) return null;
    if (!SAFE_METHODS.has(request.method)) {
      const sent =
        request.headers[CSRF_HEADER] ??
        (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
      if (!csrfMatches(session, sent)) {
        throw new ProblemException(403, 'CSRF_TOKEN_INVALID', {
          es: 'Falta el token CSRF de la sesión o no coincide (cabecera X-CSRF-Token o campo _csrf): recargue la página.',
          en: 'The session’s CSRF token is missing or does not match (X-CSRF-Token header or _csrf field): reload the page.',
        });
      }
    }
    const active = activeGrants(await this.grants.person(session.sub), this.clock.now());
    const grant = session.grantId
      ? active.find((g) => g.grantId === session.grantId)
      : active.length === 1
        ? active[0]
        : undefined;
    const person: SignedInPerson = {
      sub: session.sub,
      name: session.name,
      via: 'session',
      grantId: grant?.grantId ?? null,
    };
    return grant
      ? { actor: actorOfGrant(session.sub, grant), person }
      : { actor: { id: session.sub, role: 'public' }, person, ungranted: {} };
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function actorOfGrant(sub: string, grant: GrantState): Actor {
  return {
    id: sub,
    role: grant.role,
    ...(grant.organizationId ? { organizationId: grant.organizationId } : {}),
    ...(grant.planId ? { planId: grant.planId } : {}),
  };
}

function unauthorized(es: string, en: string): ProblemException {
  return new ProblemException(401, 'UNAUTHORIZED', { es, en });
}
