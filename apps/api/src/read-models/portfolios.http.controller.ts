import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { institutionPortfolio, reviewQueue } from '@hitos/read-models';
import { Public } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { ReadModels } from './read-models.service';
import { ReadQueryDto } from './read-query.dto';
import { PastReadQueryDto } from './time-travel.dto';
import { TimeTravel } from './time-travel.service';

@ApiTags('read models')
@Controller()
export class PortfoliosHttpController {
  constructor(
    private readonly views: ReadModels,
    private readonly timeTravel: TimeTravel,
  ) {}

  @Get('institutions/:id/portfolio')
  @Public()
  @ApiOperation({
    summary: 'Cartera de una institución / institution portfolio',
    description:
      'The commitments it is responsible for (a transferred one from the acknowledged handover on), with what waits on it, and `incomingHandovers`: commitments transferred to it awaiting its acknowledgement.\n\n' +
      'With `asOf` or `asOfPosition`, as hitos knew it then; with `asHappenedBy`, as it had happened by that date (docs/time-travel.md): the commitments it was responsible for at that moment, folded from their streams, with an `asOf` block; waiting days count to that day.',
  })
  async portfolio(@Param('id', IdPipe) id: string, @Query() query: PastReadQueryDto) {
    const past = await this.timeTravel.requested(query);
    if (past) {
      const { portfolio, scope } = await this.timeTravel.portfolio(id, past, query);
      return {
        position: scope.position,
        ...portfolio!,
        asOf: this.timeTravel.describe(past, scope),
      };
    }
    const { db, position } = await this.views.open('commitment-detail', query.waitFor);
    return {
      position,
      ...institutionPortfolio(db, id, { today: this.views.today() }, query),
    };
  }

  @Get('organizations/:id/review-queue')
  @Public()
  @ApiOperation({
    summary: 'Reportes por revisar de una contraparte / counterpart review queue',
    description:
      'Progress reports not yet endorsed or objected to; classified evidence only for the parties.',
  })
  async reviewQueue(@Param('id', IdPipe) id: string, @Query() query: ReadQueryDto) {
    const { db, position } = await this.views.open('commitment-detail', query.waitFor);
    return { position, ...reviewQueue(db, { counterpartId: id }, this.views.reader(), query) };
  }
}
