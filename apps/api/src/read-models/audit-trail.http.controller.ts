import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { auditTrail, type AuditEntry, type AuditTrailScope } from '@hitos/read-models';
import { leafOfEvent, treeOf } from '@hitos/transparency';
import { TransparencyLog } from '../transparency/transparency-log.service';
import { Public } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { ReadModels } from './read-models.service';
import { TrailCorrelationQueryDto, TrailQueryDto } from './read-query.dto';
import { streamTrail, trailFormatOf } from './audit-trail-export';

const DESCRIPTION =
  'Every event with its $all position, stream and revision, type, when it happened and when it was recorded, actor, role and organization, correlation and causation ids, reason, a one-line summary in Spanish and English, and its leaf in the transparency log (index and base64 leaf hash; null until the log reaches it). An event with a part the reader may not see (a classified narrative, reasons, answer, report or evidence item) stays in its place as a withheld row: `withheld: true`, `classification` the strictest of its parts, no `reason`, and its public summary (never free text) ending with the reserved-content note. The actor’s user id (`actor.id`) is given only to the Presidency, auditors and the parties; others read the role and organization (docs/reserve.md).';

/** The audit trail at each scope; classified events only for those who may read them. */
@ApiTags('read models')
@Controller()
export class AuditTrailHttpController {
  constructor(
    private readonly views: ReadModels,
    private readonly log: TransparencyLog,
  ) {}

  private async trail(
    scope: AuditTrailScope,
    query: TrailQueryDto,
    accept: string | undefined,
    res: Response,
    filename: string,
  ) {
    const { db, position } = await this.views.open('audit-trail', query.waitFor);
    const format = trailFormatOf(query.format, accept);
    if (format !== 'json') {
      return streamTrail({
        live: db,
        scope,
        reader: this.views.reader(),
        format,
        filename,
        withLeaf: (entry) => this.withLeaf(entry),
        res,
      });
    }
    const page = auditTrail(db, scope, this.views.reader(), {}, query);
    return { position, ...page, items: page.items.map((entry) => this.withLeaf(entry)) };
  }

  /** The entry with its leaf in the transparency log, for an auditor to ask its proof. */
  private withLeaf(
    entry: AuditEntry,
  ): AuditEntry & { leaf: { index: number; hash: string } | null } {
    const logDb = this.log.db();
    const leaf = leafOfEvent(logDb, entry.eventId);
    return {
      ...entry,
      leaf: leaf
        ? { index: leaf.leafIndex, hash: treeOf(logDb).leafHash(leaf.leafIndex).toString('base64') }
        : null,
    };
  }

  @Get('commitments/:id/audit-trail')
  @Public()
  @ApiOperation({
    summary: 'Historial de un compromiso / commitment audit trail',
    description: DESCRIPTION,
  })
  commitment(
    @Param('id', IdPipe) id: string,
    @Query() query: TrailQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.trail({ commitmentId: id }, query, accept, res, `audit-trail-commitment-${id}`);
  }

  @Get('institutions/:id/audit-trail')
  @Public()
  @ApiOperation({
    summary: 'Historial de una institución / institution audit trail',
    description: DESCRIPTION,
  })
  institution(
    @Param('id', IdPipe) id: string,
    @Query() query: TrailQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.trail({ institutionId: id }, query, accept, res, `audit-trail-institution-${id}`);
  }

  @Get('organizations/:id/audit-trail')
  @Public()
  @ApiOperation({
    summary: 'Historial de una contraparte / counterpart audit trail',
    description: DESCRIPTION,
  })
  organization(
    @Param('id', IdPipe) id: string,
    @Query() query: TrailQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.trail({ organizationId: id }, query, accept, res, `audit-trail-organization-${id}`);
  }

  @Get('action-plans/:id/audit-trail')
  @Public()
  @ApiOperation({ summary: 'Historial del plan / plan-wide audit trail', description: DESCRIPTION })
  plan(
    @Param('id', IdPipe) id: string,
    @Query() query: TrailQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.trail({ planId: id }, query, accept, res, `audit-trail-plan-${id}`);
  }

  @Get('audit-trail')
  @Public()
  @ApiOperation({
    summary:
      'Todo el historial, o lo que causó una solicitud / the whole trail, or what one request caused',
    description: `${DESCRIPTION} Without \`correlationId\`, every event of the history, oldest first, a page at a time.`,
  })
  correlation(
    @Query() query: TrailCorrelationQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.trail(
      query.correlationId ? { correlationId: query.correlationId } : { all: true },
      query,
      accept,
      res,
      query.correlationId ? `audit-trail-correlation-${query.correlationId}` : 'audit-trail',
    );
  }
}
