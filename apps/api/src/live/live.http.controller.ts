import { Controller, Get, Headers, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { appConfig, type AppConfig } from '@hitos/config';
import { Public } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { ProblemException } from '../problem/problem.exception';
import { ReadModels } from '../read-models/read-models.service';
import { LiveUpdates } from './live-updates.service';
import { LiveFeedLimits } from './live-feed-limits';

const DESCRIPTION =
  'Server-Sent Events: each `change` message names the read model, the change (the event type) and its $all position (also the SSE id); send `Last-Event-ID` to resume with nothing missed. Comment lines every 15 s keep proxies open. Filtered by the reader, like every query. Feeds open at once are capped per client address (429 TOO_MANY_LIVE_FEEDS) and in all (503 LIVE_FEEDS_FULL), with `Retry-After`.';

/** What a client reads on the stream: one message per change, and a comment now and then. */
const STREAM_EXAMPLE = {
  description: 'The event stream.',
  content: {
    'text/event-stream': {
      example:
        'id: 48213\nevent: change\ndata: {"readModel":"audit-trail","change":"MilestoneProgressReported","position":"48213","streamId":"commitment-calidad-servicios-publicos","revision":14,"commitmentId":"calidad-servicios-publicos","planId":"ec-paea-2026-2027","summary":{"es":"Se reportó un avance de 60% en el hito h1.","en":"Progress of 60% was reported on milestone h1."},"occurredAt":"2026-11-24T15:00:00.000Z","recordedAt":"2026-11-24T15:00:00.120Z"}\n\n: heartbeat\n\n',
    },
  },
};

@ApiTags('live')
@Controller('live')
export class LiveHttpController {
  private readonly feeds: LiveFeedLimits;

  constructor(
    private readonly live: LiveUpdates,
    private readonly views: ReadModels,
    @Inject(appConfig.KEY) config: AppConfig,
  ) {
    this.feeds = new LiveFeedLimits(config.limits);
  }

  @Get('action-plans/:planId')
  @Public()
  @ApiProduces('text/event-stream')
  @ApiOkResponse(STREAM_EXAMPLE)
  @ApiHeader({ name: 'Last-Event-ID', required: false })
  @ApiOperation({
    summary: 'Cambios en vivo de un plan / a plan’s live changes',
    description: DESCRIPTION,
  })
  plan(
    @Param('planId', IdPipe) planId: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): void {
    const resumeAfter = position(lastEventId);
    this.feeds.admit(req, res);
    this.live.open({ planId }, this.views.reader(), res, resumeAfter);
  }

  @Get('commitments/:commitmentId')
  @Public()
  @ApiProduces('text/event-stream')
  @ApiOkResponse(STREAM_EXAMPLE)
  @ApiHeader({ name: 'Last-Event-ID', required: false })
  @ApiOperation({
    summary: 'Cambios en vivo de un compromiso / a commitment’s live changes',
    description: DESCRIPTION,
  })
  commitment(
    @Param('commitmentId', IdPipe) commitmentId: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): void {
    const resumeAfter = position(lastEventId);
    this.feeds.admit(req, res);
    this.live.open({ commitmentId }, this.views.reader(), res, resumeAfter);
  }
}

function position(lastEventId: string | undefined): string | undefined {
  if (lastEventId === undefined || lastEventId === '') return undefined;
  if (/^\d{1,20}$/.test(lastEventId)) return lastEventId;
  throw new ProblemException(
    400,
    'VALIDATION_FAILED',
    {
      es: 'Last-Event-ID debe ser una posición de $all.',
      en: 'Last-Event-ID must be an $all position.',
    },
    { errors: [{ field: 'Last-Event-ID', messages: ['expected digits'] }] },
  );
}
