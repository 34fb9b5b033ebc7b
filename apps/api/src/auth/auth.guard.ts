import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ClsService } from 'nestjs-cls';
import type { Request } from 'express';
import { Errors } from '@hitos/domain';
import { Clock } from '@hitos/event-store';
import { AccessGrants } from '../access/access-grants.service';
import { ProblemException } from '../problem/problem.exception';
import { CONTEXT_ACTOR } from '../context/request-context';
import { ANONYMOUS, actorFromClaims, isRole, type Role, type TokenClaims } from './actor';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';

/**
 * Every route passes here: a bearer token, when sent, must be valid (else 401) and becomes the
 * request's actor; routes marked {@link Public} admit anonymous readers; routes with
 * {@link Roles} admit only those roles (else 403 ROLE_NOT_ALLOWED). Routes with neither need any
 * valid token.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    private readonly cls: ClsService,
    private readonly grants: AccessGrants,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);

    const header = request.headers.authorization;
    if (!header) {
      if (isPublic) {
        this.cls.set(CONTEXT_ACTOR, ANONYMOUS);
        return true;
      }
      throw unauthorized(
        'Falta el token de acceso (Authorization: Bearer …).',
        'A bearer token is required (Authorization: Bearer …).',
      );
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      throw unauthorized(
        'La cabecera Authorization debe ser "Bearer <token>".',
        'The Authorization header must be "Bearer <token>".',
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
    if (typeof claims.sub !== 'string' || !claims.sub || !isRole(claims.role)) {
      throw unauthorized(
        'El token no lleva sujeto y rol válidos.',
        'The token lacks a valid subject and role.',
      );
    }
    const actor = actorFromClaims(claims);
    // The domain's own refusal (the filter renders it): one code for a wrong role, at the door
    // or in a decider.
    if (roles && !roles.includes(actor.role)) {
      this.cls.set(CONTEXT_ACTOR, actor);
      throw Errors.roleNotAllowed(actor.role, roles);
    }
    // A person signed in through an identity provider acts in a role only under an active grant
    // of it (who may act for whom is event-sourced, see docs/access.md); on a public route,
    // without one, they read as anyone does.
    if (claims.idp === true && actor.role !== 'public') {
      const granted = await this.grants.mayAct(
        actor.id,
        actor.role,
        actor.organizationId,
        this.clock.now(),
      );
      if (!granted) {
        if (isPublic) {
          this.cls.set(CONTEXT_ACTOR, ANONYMOUS);
          return true;
        }
        this.cls.set(CONTEXT_ACTOR, actor);
        throw Errors.noGrant(actor.role, actor.organizationId);
      }
    }
    this.cls.set(CONTEXT_ACTOR, actor);
    return true;
  }
}

function unauthorized(es: string, en: string): ProblemException {
  return new ProblemException(401, 'UNAUTHORIZED', { es, en });
}
