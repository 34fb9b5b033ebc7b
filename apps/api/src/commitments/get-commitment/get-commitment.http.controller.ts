import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ClsService } from 'nestjs-cls';
import { ANONYMOUS, type Actor } from '../../auth/actor';
import { Public } from '../../auth/auth.decorators';
import { CONTEXT_ACTOR } from '../../context/request-context';
import { IdPipe } from '../../http/id.pipe';
import { streamResponse } from '../../http/stream-response';
import { visibleCommitment } from '../commitment-visibility';
import { GetCommitmentQuery } from './get-commitment.query';

@ApiTags('commitments')
@Controller('commitments')
export class GetCommitmentHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly cls: ClsService,
  ) {}

  @Get(':commitmentId')
  @Public()
  @ApiOperation({
    summary: 'Un compromiso / one commitment',
    description:
      'The commitment folded from its stream, with its revision (also the ETag). Evidence and reports classified reserved or confidential are shown only to the parties, the Presidency and auditors; others see how many were withheld.',
  })
  @ApiOkResponse({
    description: 'The commitment, with `revision`, `withheldEvidence` and `withheldReports`',
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async get(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const loaded = await this.queryBus.execute(new GetCommitmentQuery(commitmentId));
    const reader = this.cls.get<Actor | undefined>(CONTEXT_ACTOR) ?? ANONYMOUS;
    return streamResponse(
      { es: 'el compromiso', en: 'commitment' },
      commitmentId,
      { ...loaded, state: visibleCommitment(loaded.state, reader) },
      res,
    );
  }
}
