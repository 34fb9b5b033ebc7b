import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ClsService } from 'nestjs-cls';
import { Public } from '../../auth/auth.decorators';
import { CONTEXT_ACTOR } from '../../context/request-context';
import { audienceOf, heldTag, sendRepresentation } from '../../http/http-caching';
import { IdPipe } from '../../http/id.pipe';
import { ProblemException } from '../../problem/problem.exception';
import { ReadModels } from '../../read-models/read-models.service';
import { CommitmentDiffQueryDto } from '../../read-models/time-travel.dto';
import { TimeTravel } from '../../read-models/time-travel.service';
import { GetCommitmentQuery, shapedCommitment } from './get-commitment.query';
import { GetCommitmentQueryDto } from './get-commitment.request.dto';

@ApiTags('commitments')
@Controller('commitments')
export class GetCommitmentHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly views: ReadModels,
    private readonly timeTravel: TimeTravel,
    private readonly cls: ClsService,
  ) {}

  @Get(':commitmentId')
  @Public()
  @ApiOperation({
    summary: 'Un compromiso / one commitment',
    description:
      "The commitment from the commitment-detail read model, with its stream revision (also the ETag that `If-Match` compares with) and `position`, the $all position the answer reflects; `waitFor` waits for one. Texts (narratives, reasons, answers, the closure's narrative), evidence and reports classified reserved or confidential are shown only to the parties (the responsible institution now, after any handover), the Presidency and auditors; for others each stays in its place with its text null, its `classification` and `withheld: true`, and `withheldEvidence`, `withheldReports` and `withheldTexts` count them (docs/reserve.md). A pending or settled transfer, milestones' `overdueSince` and `dueSoon`, the period's end and the reporting periods come with it.\n\n" +
      'With `asOf` (a date or date-time) or `asOfPosition`, the commitment as hitos knew it then; with `asHappenedBy` (a date), only what had happened by that date (see docs/time-travel.md). A past is folded from the commitment’s own events by the read model’s handlers, in the same shape and with the same filtering, plus an `asOf` block (`position`: cite it with `asOfPosition`). It has no ETag: `If-Match` applies to the present only.\n\n' +
      'The present is cacheable: `If-None-Match` with the ETag answers 304 with no body; an anonymous answer is `Cache-Control: public` for a few seconds with `stale-while-revalidate`, any other `private`; `Vary: Authorization, Cookie` (docs/read-side.md#caching).',
  })
  @ApiOkResponse({
    description:
      'The commitment, with `revision`, `position`, `transfer`, `transfers`, `withheldEvidence`, `withheldReports` and `withheldTexts` (and `asOf` for a past)',
  })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED: a malformed or contradictory parameter, named',
  })
  @ApiNotFoundResponse({
    description: 'NOT_FOUND; NOT_FOUND_AS_OF: it did not exist yet at that moment',
  })
  @ApiUnprocessableEntityResponse({ description: 'AS_OF_IN_FUTURE' })
  @ApiServiceUnavailableResponse({ description: 'READ_MODEL_BEHIND (with `waitFor`)' })
  async get(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Query() query: GetCommitmentQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const past = await this.timeTravel.requested(query);
    if (past) {
      const { view, scope } = await this.timeTravel.commitment(commitmentId, past);
      res.json({
        position: scope.position,
        ...shapedCommitment(view!),
        asOf: this.timeTravel.describe(past, scope),
      });
      return;
    }
    const representation = await this.queryBus.execute(
      new GetCommitmentQuery(
        commitmentId,
        this.views.reader(),
        audienceOf(this.cls.get(CONTEXT_ACTOR)),
        query.waitFor,
        heldTag(req),
      ),
    );
    if (!representation) {
      throw new ProblemException(404, 'NOT_FOUND', {
        es: `No existe el compromiso "${commitmentId}".`,
        en: `There is no commitment "${commitmentId}".`,
      });
    }
    sendRepresentation(res, representation);
  }

  @Get(':commitmentId/diff')
  @Public()
  @ApiOperation({
    summary: 'Qué cambió entre dos momentos / what changed between two moments',
    description:
      'The commitment as hitos knew it at `from` (or `fromPosition`) and at `to` (or `toPosition`; now without either): each field of the view that differs, as a JSONPath with its value before and after and the ids of the events that changed it, and the events recorded in between (id, type, position, revision, recordedAt, occurredOn and the audit summary in Spanish and English). Reserved content is filtered as in the view; the events that carry it are left out for readers who may not see it.',
  })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND; NOT_FOUND_AS_OF (at `to`)' })
  @ApiUnprocessableEntityResponse({ description: 'AS_OF_IN_FUTURE' })
  async diff(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Query() query: CommitmentDiffQueryDto,
  ) {
    const { from, to, toFields } = await this.timeTravel.diffEnds(query);
    const diff = await this.timeTravel.diff(commitmentId, from, to, toFields);
    return {
      commitmentId,
      from: { ...this.timeTravel.asked(from), ...diff.from },
      to: { ...this.timeTravel.asked(to), ...diff.to },
      changes: diff.changes,
      events: diff.events,
      attributed: diff.attributed,
    };
  }
}
