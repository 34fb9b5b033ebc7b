import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ClsService } from 'nestjs-cls';
import { Public } from '../../auth/auth.decorators';
import { CONTEXT_ACTOR } from '../../context/request-context';
import { audienceOf, heldTag, sendRepresentation } from '../../http/http-caching';
import { IdPipe } from '../../http/id.pipe';
import { listResponse } from '../../http/stream-response';
import { ProblemException } from '../../problem/problem.exception';
import { GetRegisteredJsonQuery, ListRegisteredQuery } from '../../read-models/registry.query';

@ApiTags('action plans')
@Controller('action-plans')
export class GetActionPlanHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly cls: ClsService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Planes de acción / action plans' })
  @ApiOkResponse({
    description: 'Every registered plan, in the order registered (from the registry read model)',
  })
  async list() {
    return listResponse(await this.queryBus.execute(new ListRegisteredQuery('plan')));
  }

  @Get(':planId')
  @Public()
  @ApiOperation({ summary: 'Un plan de acción / one action plan' })
  @ApiOkResponse({
    description:
      'The plan, with its revision (also the ETag; `If-None-Match` with it answers 304). Anonymous answers are `Cache-Control: public` for a few seconds with `stale-while-revalidate`, others `private` (docs/read-side.md#caching).',
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async get(
    @Param('planId', IdPipe) planId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const representation = await this.queryBus.execute(
      new GetRegisteredJsonQuery(
        'plan',
        planId,
        audienceOf(this.cls.get(CONTEXT_ACTOR)),
        heldTag(req),
      ),
    );
    if (!representation) {
      throw new ProblemException(404, 'NOT_FOUND', {
        es: `No existe el plan de acción "${planId}".`,
        en: `There is no action plan "${planId}".`,
      });
    }
    sendRepresentation(res, representation);
  }
}
