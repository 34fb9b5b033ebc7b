import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/auth.decorators';
import { ListCommitmentsQuery } from './list-commitments.query';
import { ListCommitmentsQueryDto } from './list-commitments.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class ListCommitmentsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Compromisos / commitments',
    description:
      'Summaries of the commitments from the commitment-detail read model, filtered by plan, institution, counterpart or status, ordered by plan and number, paged. `position` is the $all position the page reflects; `waitFor` waits for one.',
  })
  @ApiOkResponse({ description: '{ items, total, limit, offset }' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming the query parameter' })
  list(@Query() query: ListCommitmentsQueryDto) {
    const { limit = 20, offset = 0, waitFor, ...filters } = query;
    return this.queryBus.execute(new ListCommitmentsQuery(filters, limit, offset, waitFor));
  }
}
