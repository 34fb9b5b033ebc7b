import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ClsService } from 'nestjs-cls';
import {
  accessDecider,
  activeGrants,
  decideWith,
  personStreamName,
  planDateOf,
} from '@hitos/domain';
import { Clock, CommandHandling } from '@hitos/event-store';
import { AccessGrants } from '../../access/access-grants.service';
import { CONTEXT_ACTOR } from '../../context/request-context';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { newResourceId } from '../../http/resource-id';
import { ProblemException } from '../../problem/problem.exception';
import { ANONYMOUS, type Actor } from '../actor';
import { Public } from '../auth.decorators';
import { CONTEXT_PERSON, newAccessToken, type SignedInPerson } from '../credentials';
import { IssueAccessTokenRequestDto, RevokeAccessTokenRequestDto } from './me.request.dto';

/**
 * The signed-in person: who they are, the role they act in and the others they hold, and their
 * personal access tokens for integrations (made and revoked here; see docs/access.md).
 */
@ApiTags('access')
@Controller('me')
export class MeHttpController {
  constructor(
    private readonly cls: ClsService,
    private readonly grants: AccessGrants,
    private readonly commands: CommandHandling,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Quién soy / who am I',
    description:
      'The person the request speaks for (session, personal access token or development token), the role they act in now and their active grants; `{ signedIn: false }` for an anonymous reader.',
  })
  @ApiOkResponse({ description: 'The person, their role and grants' })
  async me() {
    const person = this.cls.get<SignedInPerson | undefined>(CONTEXT_PERSON);
    const actor = this.cls.get<Actor | undefined>(CONTEXT_ACTOR) ?? ANONYMOUS;
    if (!person) return { signedIn: false, actingAs: null, grants: [] };
    const grants = activeGrants(await this.grants.person(person.sub), this.clock.now());
    return {
      signedIn: true,
      sub: person.sub,
      name: person.name,
      via: person.via,
      actingAs:
        actor.role === 'public'
          ? null
          : {
              grantId: person.grantId,
              role: actor.role,
              organizationId: actor.organizationId ?? null,
              planId: actor.planId ?? null,
            },
      grants: grants.map(({ grantId, role, organizationId, planId, grantedOn, validUntil }) => ({
        grantId,
        role,
        organizationId,
        planId,
        grantedOn,
        validUntil,
      })),
    };
  }

  @Get('tokens')
  @ApiOperation({
    summary: 'Mis tokens de acceso personal / my personal access tokens',
    description: 'Every token the person made, live or not; never the secret nor its hash.',
  })
  async tokens() {
    const person = this.person();
    const state = await this.grants.person(person.sub);
    const today = planDateOf(this.clock.now());
    const tokens = state.status === 'Known' ? state.tokens : [];
    return {
      tokens: tokens.map(({ tokenId, grantId, label, issuedOn, expiresOn, revokedOn }) => ({
        tokenId,
        grantId,
        label,
        issuedOn,
        expiresOn,
        revokedOn,
        status: revokedOn !== null ? 'revoked' : expiresOn < today ? 'expired' : 'active',
      })),
    };
  }

  @Post('tokens')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Crear un token de acceso personal / create a personal access token',
    description:
      'For an integration: it acts in the role of one of the person’s grants (default: the one they act under now) until `expiresOn` (at most a year) or until revoked, and never beyond the grant. The secret (`token`) is shown once, in this answer; hitos keeps only its SHA-256. Only a signed-in person (a browser session, or a development token) makes tokens, never another token. A retried request with the same Idempotency-Key is refused (409 ACCESS_TOKEN_ALREADY_SHOWN): its secret cannot be shown twice.',
  })
  @ApiCreatedResponse({ description: 'The token id, its secret (once) and the command result' })
  @ApiCommandErrors()
  async issue(@Body() body: IssueAccessTokenRequestDto, @Res({ passthrough: true }) res: Response) {
    const person = this.person();
    if (person.via === 'access-token') {
      throw new ProblemException(403, 'ACCESS_TOKEN_CANNOT_ISSUE', {
        es: 'Un token de acceso personal no crea otros tokens: inicie sesión en el navegador.',
        en: 'A personal access token cannot create other tokens: sign in with the browser.',
      });
    }
    // A development token names no grant: then the request must.
    const grantId = body.grantId ?? person.grantId ?? '';
    const tokenId = body.tokenId ?? newResourceId('access-token');
    const { token, hash } = newAccessToken(person.sub);
    const result = await this.commands.handle(
      personStreamName(person.sub),
      accessDecider,
      decideWith(
        accessDecider,
        'IssueAccessToken',
        plain({
          sub: person.sub,
          tokenId,
          grantId,
          label: body.label,
          tokenHash: hash,
          expiresOn: body.expiresOn,
        }),
      ),
    );
    if (result.replayed) {
      throw new ProblemException(409, 'ACCESS_TOKEN_ALREADY_SHOWN', {
        es: `El token ${tokenId} ya se creó con esta Idempotency-Key y su secreto se mostró una sola vez: revóquelo y cree otro si no lo guardó.`,
        en: `Token ${tokenId} was already created with this Idempotency-Key and its secret shown once: revoke it and create another if it was not kept.`,
      });
    }
    return { ...commandResponse(tokenId, result, res), token };
  }

  @Post('tokens/:tokenId/revocation')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Revocar un token de acceso personal / revoke a personal access token',
    description: 'The next request with the token is refused (401).',
  })
  @ApiCommandErrors()
  async revoke(
    @Param('tokenId', IdPipe) tokenId: string,
    @Body() body: RevokeAccessTokenRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const person = this.person();
    const result = await this.commands.handle(
      personStreamName(person.sub),
      accessDecider,
      decideWith(
        accessDecider,
        'RevokeAccessToken',
        plain({ sub: person.sub, tokenId, reason: body.reason }),
      ),
    );
    return commandResponse(tokenId, result, res);
  }

  private person(): SignedInPerson {
    const person = this.cls.get<SignedInPerson | undefined>(CONTEXT_PERSON);
    if (!person) {
      throw new ProblemException(401, 'UNAUTHORIZED', {
        es: 'Inicie sesión para ver y crear sus tokens.',
        en: 'Sign in to see and create your tokens.',
      });
    }
    return person;
  }
}
