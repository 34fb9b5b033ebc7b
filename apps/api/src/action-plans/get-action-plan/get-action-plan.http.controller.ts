import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/auth.decorators';
import { IdPipe } from '../../http/id.pipe';
import { listResponse, streamResponse } from '../../http/stream-response';
import { GetRegisteredQuery, ListRegisteredQuery } from '../../read-models/registry.query';

@ApiTags('action plans')
@Controller('action-plans')
export class GetActionPlanHttpController {
  constructor(private readonly queryBus: QueryBus) {}

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
  @ApiOkResponse({ description: 'The plan, with its revision (also the ETag)' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async get(@Param('planId', IdPipe) planId: string, @Res({ passthrough: true }) res: Response) {
    const loaded = await this.queryBus.execute(new GetRegisteredQuery('plan', planId));
    return streamResponse({ es: 'el plan de acción', en: 'action plan' }, planId, loaded, res);
  }
}
