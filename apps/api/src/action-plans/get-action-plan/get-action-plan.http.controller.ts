import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/auth.decorators';
import { IdPipe } from '../../http/id.pipe';
import { StreamCatalog } from '../../http/stream-catalog';
import { streamResponse } from '../../http/stream-response';
import { GetActionPlanQuery } from './get-action-plan.query';

@ApiTags('action plans')
@Controller('action-plans')
export class GetActionPlanHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly catalog: StreamCatalog,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Planes de acción / action plans' })
  @ApiOkResponse({ description: 'Every registered plan, folded from its stream' })
  async list() {
    const plans = await Promise.all(
      this.catalog.list('plan').map((id) => this.queryBus.execute(new GetActionPlanQuery(id))),
    );
    return {
      items: plans
        .filter((p) => p.revision >= 0n)
        .map((p) => ({ ...p.state, revision: p.revision.toString() })),
    };
  }

  @Get(':planId')
  @Public()
  @ApiOperation({ summary: 'Un plan de acción / one action plan' })
  @ApiOkResponse({ description: 'The plan, with its revision (also the ETag)' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async get(@Param('planId', IdPipe) planId: string, @Res({ passthrough: true }) res: Response) {
    const loaded = await this.queryBus.execute(new GetActionPlanQuery(planId));
    return streamResponse({ es: 'el plan de acción', en: 'action plan' }, planId, loaded, res);
  }
}
