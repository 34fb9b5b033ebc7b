import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { etagOf } from '../../context/request-context';
import { Public } from '../../auth/auth.decorators';
import { IdPipe } from '../../http/id.pipe';
import { ProblemException } from '../../problem/problem.exception';
import { ReadModels } from '../../read-models/read-models.service';
import { GetCommitmentQuery } from './get-commitment.query';
import { GetCommitmentQueryDto } from './get-commitment.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class GetCommitmentHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly views: ReadModels,
  ) {}

  @Get(':commitmentId')
  @Public()
  @ApiOperation({
    summary: 'Un compromiso / one commitment',
    description:
      "The commitment from the commitment-detail read model, with its stream revision (also the ETag that `If-Match` compares with) and `position`, the $all position the answer reflects; `waitFor` waits for one. Evidence and reports classified reserved or confidential are shown only to the parties (the responsible institution now, after any handover), the Presidency and auditors; others see how many were withheld. A pending or settled transfer, milestones' `overdueSince` and `dueSoon`, the period's end and the reporting periods come with it.",
  })
  @ApiOkResponse({
    description:
      'The commitment, with `revision`, `position`, `transfer`, `transfers`, `withheldEvidence` and `withheldReports`',
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiServiceUnavailableResponse({ description: 'READ_MODEL_BEHIND (with `waitFor`)' })
  async get(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Query() query: GetCommitmentQueryDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { view, position } = await this.queryBus.execute(
      new GetCommitmentQuery(commitmentId, this.views.reader(), query.waitFor),
    );
    if (!view) {
      throw new ProblemException(404, 'NOT_FOUND', {
        es: `No existe el compromiso "${commitmentId}".`,
        en: `There is no commitment "${commitmentId}".`,
      });
    }
    const { revision, position: commitmentPosition, ...commitment } = view;
    res.setHeader('ETag', etagOf(BigInt(revision)));
    return {
      ...commitment,
      revision: String(revision),
      /** The $all position the answer reflects (the model's checkpoint). */
      position,
      /** The $all position of the commitment's last event. */
      commitmentPosition,
    };
  }
}
