import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ClsService } from 'nestjs-cls';
import { Errors, planDateOf } from '@hitos/domain';
import { Clock } from '@hitos/event-store';
import { parseMoment, type AccessCut, type GrantScope } from '@hitos/read-models';
import { ANONYMOUS, ROLES, type Actor } from '../../auth/actor';
import { Roles } from '../../auth/auth.decorators';
import { CONTEXT_ACTOR, etagOf } from '../../context/request-context';
import { IdPipe } from '../../http/id.pipe';
import { ProblemException } from '../../problem/problem.exception';
import { SubPipe } from '../sub.pipe';
import { PeopleQueryDto } from './access-query.dto';
import { PeopleForQuery, PersonGrantsQuery } from './access.query';

const READERS = ['presidency', 'auditor'] as const;

/**
 * Who may act for whom. Person ids are personal data: these answers are for the Presidency and
 * auditors (and a person's own grants for that person), never for a public view.
 */
@ApiTags('access')
@Controller()
export class AccessHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly cls: ClsService,
    private readonly clock: Clock,
  ) {}

  @Get('people/:sub/grants')
  @Roles(...ROLES)
  @ApiOperation({
    summary: 'Los roles de una persona / a person’s grants',
    description:
      'The grants the person may act under now (`active`) and every grant ever made (`history`, in the order granted), each with who granted it (sub, role, organization), its reason and its revocation. For the Presidency, auditors and the person themself (403 ROLE_NOT_ALLOWED for anyone else). The ETag is the person’s stream revision.\n\nWith `asOf`, the history as hitos knew it then (grants recorded by then, revocations recorded by then); with `asHappenedBy`, as it had happened by that date. A past answer carries no ETag.',
  })
  @ApiOkResponse({ description: '{ sub, revision, asOf, active: [grant], history: [grant] }' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: the person was never granted a role' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (asOf, asHappenedBy, or both)' })
  @ApiUnprocessableEntityResponse({ description: 'AS_OF_IN_FUTURE' })
  async grants(
    @Param('sub', SubPipe) sub: string,
    @Query() query: PeopleQueryDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const actor = this.cls.get<Actor | undefined>(CONTEXT_ACTOR) ?? ANONYMOUS;
    if (!(READERS as readonly string[]).includes(actor.role) && actor.id !== sub)
      throw Errors.roleNotAllowed(actor.role, READERS);
    const cut = this.cutOf(query);
    const view = await this.queryBus.execute(new PersonGrantsQuery(sub, cut));
    if (!view) {
      throw new ProblemException(404, 'NOT_FOUND', {
        es: `La persona "${sub}" no tiene ni tuvo roles otorgados.`,
        en: `Person "${sub}" holds and held no granted role.`,
      });
    }
    // A past view carries no ETag: If-Match compares with the present only.
    if (!cut) res.setHeader('ETag', etagOf(BigInt(view.revision)));
    const { sub: subject, revision, active, history } = view;
    return { sub: subject, revision, asOf: describeCut(cut), active, history };
  }

  @Get('institutions/:id/people')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Quién puede actuar por una institución / who may act for an institution',
    description:
      'The active grants of the role institution for it: now, as hitos knew it at `asOf` (recorded time), or as it happened by `asHappenedBy`; each with who granted it and why. E.g. who could sign for the Ministerio del Trabajo on 28 January 2026, and who granted it: `?asOf=2026-01-28`.',
  })
  @ApiOkResponse({ description: '{ institutionId, role, asOf, position, people: [grant] }' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (asOf, asHappenedBy, or both)' })
  @ApiUnprocessableEntityResponse({ description: 'AS_OF_IN_FUTURE' })
  async institutionPeople(@Param('id', IdPipe) id: string, @Query() query: PeopleQueryDto) {
    return {
      institutionId: id,
      ...(await this.people({ role: 'institution', organizationId: id }, query)),
    };
  }

  @Get('organizations/:id/people')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Quién puede actuar por una organización / who may act for an organization',
    description:
      'The active grants of the role counterpart for it: now, as hitos knew it at `asOf` (recorded time), or as it happened by `asHappenedBy`; each with who granted it and why.',
  })
  @ApiOkResponse({ description: '{ organizationId, role, asOf, position, people: [grant] }' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (asOf, asHappenedBy, or both)' })
  @ApiUnprocessableEntityResponse({ description: 'AS_OF_IN_FUTURE' })
  async organizationPeople(@Param('id', IdPipe) id: string, @Query() query: PeopleQueryDto) {
    return {
      organizationId: id,
      ...(await this.people({ role: 'counterpart', organizationId: id }, query)),
    };
  }

  private async people(scope: GrantScope, query: PeopleQueryDto) {
    const cut = this.cutOf(query);
    const { position, people } = await this.queryBus.execute(
      new PeopleForQuery(scope, cut, query.waitFor),
    );
    return {
      role: scope.role,
      asOf: describeCut(cut),
      position,
      people,
    };
  }

  private cutOf(query: PeopleQueryDto): AccessCut | null {
    if (query.asOf !== undefined && query.asHappenedBy !== undefined) {
      throw new ProblemException(
        400,
        'VALIDATION_FAILED',
        {
          es: 'La solicitud tiene campos no válidos: asOf, asHappenedBy.',
          en: 'The request has invalid fields: asOf, asHappenedBy.',
        },
        {
          errors: [
            { field: 'asOf', messages: ['asOf and asHappenedBy may not be used together'] },
            { field: 'asHappenedBy', messages: ['asOf and asHappenedBy may not be used together'] },
          ],
        },
      );
    }
    const now = this.clock.now();
    const today = planDateOf(now);
    if (query.asHappenedBy !== undefined) {
      if (query.asHappenedBy > today) throw inFuture('asHappenedBy', query.asHappenedBy, today);
      return { kind: 'as-happened', date: query.asHappenedBy };
    }
    if (query.asOf === undefined) return null;
    const moment = parseMoment(query.asOf)!;
    if (moment.instant.getTime() <= now.getTime()) return { kind: 'as-known', at: moment.instant };
    // Today's date means now: the end of a day not over yet has not come.
    if (moment.date === today) return { kind: 'as-known', at: now };
    throw inFuture('asOf', query.asOf, now.toISOString());
  }
}

/** The cut a past answer stands at: null for now. */
function describeCut(cut: AccessCut | null) {
  if (cut === null) return null;
  return cut.kind === 'as-known'
    ? { view: cut.kind, moment: cut.at.toISOString(), happenedBy: null }
    : { view: cut.kind, moment: null, happenedBy: cut.date };
}

function inFuture(field: string, value: string, now: string): ProblemException {
  const messages = {
    es: `«${field}» (${value}) aún no llega; ahora es ${now}.`,
    en: `'${field}' (${value}) has not come yet; it is now ${now}.`,
  };
  return new ProblemException(422, 'AS_OF_IN_FUTURE', messages, {
    errors: [{ field, messages: [messages.en] }],
  });
}
