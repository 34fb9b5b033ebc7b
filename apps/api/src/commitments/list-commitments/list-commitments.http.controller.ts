import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ClsService } from 'nestjs-cls';
import { Public } from '../../auth/auth.decorators';
import { CONTEXT_ACTOR } from '../../context/request-context';
import { audienceOf, heldTag, sendRepresentation } from '../../http/http-caching';
import { ListCommitmentsQuery } from './list-commitments.query';
import { ListCommitmentsQueryDto } from './list-commitments.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class ListCommitmentsHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly cls: ClsService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Compromisos / commitments',
    description:
      'Summaries of the commitments from the commitment-detail read model, filtered by plan, institution, counterpart or status, ordered by plan and number, paged. `position` is the $all position the page reflects; `waitFor` waits for one. The ETag is `W/"p<position>"`: `If-None-Match` with it answers 304; anonymous answers are `Cache-Control: public` (a few seconds, `stale-while-revalidate`), others `private` (docs/read-side.md#caching).',
  })
  @ApiOkResponse({ description: '{ items, total, limit, offset }' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming the query parameter' })
  async list(
    @Query() query: ListCommitmentsQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { limit = 20, offset = 0, waitFor, ...filters } = query;
    sendRepresentation(
      res,
      await this.queryBus.execute(
        new ListCommitmentsQuery(
          filters,
          limit,
          offset,
          audienceOf(this.cls.get(CONTEXT_ACTOR)),
          waitFor,
          heldTag(req),
        ),
      ),
    );
  }
}
