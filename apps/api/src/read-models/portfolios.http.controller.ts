import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { institutionPortfolio, reviewQueue } from '@hitos/read-models';
import { Public } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { ReadModels } from './read-models.service';
import { ReadQueryDto } from './read-query.dto';

@ApiTags('read models')
@Controller()
export class PortfoliosHttpController {
  constructor(private readonly views: ReadModels) {}

  @Get('institutions/:id/portfolio')
  @Public()
  @ApiOperation({
    summary: 'Cartera de una institución / institution portfolio',
    description:
      'The commitments it is responsible for (a transferred one from the acknowledged handover on), with what waits on it, and `incomingHandovers`: commitments transferred to it awaiting its acknowledgement.',
  })
  async portfolio(@Param('id', IdPipe) id: string, @Query() query: ReadQueryDto) {
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
