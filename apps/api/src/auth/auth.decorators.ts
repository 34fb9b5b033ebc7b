import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from './actor';

export const PUBLIC_KEY = 'hitos:public';
export const ROLES_KEY = 'hitos:roles';
export const NO_SESSION_KEY = 'hitos:no-session';

/** Readable without a token (an anonymous reader acts with the role `public`). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * Needs a bearer token with one of these roles. Scope (which commitments an institution or a
 * counterpart may act on) is a domain rule, checked when the command is decided.
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({
      description: 'No valid bearer token (problem+json, code UNAUTHORIZED)',
    }),
    ApiForbiddenResponse({
      description: `ROLE_NOT_ALLOWED: the role is not among ${roles.join(', ')}; or the actor is outside its scope (problem+json)`,
    }),
  );

/**
 * The route does not read the browser's session (the sign-in's own steps, which a form of the
 * identity provider posts to): its reader is anonymous unless a bearer token says otherwise.
 */
export const IgnoresSession = () => SetMetadata(NO_SESSION_KEY, true);
